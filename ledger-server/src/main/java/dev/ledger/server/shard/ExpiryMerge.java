package dev.ledger.server.shard;

import dev.ledger.core.LedgerLimits;

/**
 * The expiry candidates of every shard for one batch (deadline, creation timestamp; each list sorted), merged in
 * (deadline, timestamp) order with each transfer once: a transfer between two shards is a candidate on both.
 * Every shard merges the same lists the same way, so all expire the same transfers with the same timestamps.
 */
final class ExpiryMerge
{
    private final long[][] deadlines;
    private final long[][] timestamps;
    private final int[] counts;
    private final int[] cursors;

    ExpiryMerge(final int shards)
    {
        deadlines = new long[shards][LedgerLimits.EXPIRIES_PER_STEP_MAX];
        timestamps = new long[shards][LedgerLimits.EXPIRIES_PER_STEP_MAX];
        counts = new int[shards];
        cursors = new int[shards];
    }

    long[] deadlines(final int shard)
    {
        return deadlines[shard];
    }

    long[] timestamps(final int shard)
    {
        return timestamps[shard];
    }

    void count(final int shard, final int count)
    {
        counts[shard] = count;
    }

    /**
     * @return how many merged candidates were written, at most {@link LedgerLimits#EXPIRIES_PER_STEP_MAX}.
     */
    int merge(final long[] mergedDeadlines, final long[] mergedTimestamps)
    {
        java.util.Arrays.fill(cursors, 0);
        int merged = 0;
        long lastTimestamp = Long.MIN_VALUE;
        while (merged < LedgerLimits.EXPIRIES_PER_STEP_MAX)
        {
            int best = -1;
            for (int s = 0; s < counts.length; s++)
            {
                if (cursors[s] < counts[s] && (best < 0 ||
                    before(deadlines[s][cursors[s]], timestamps[s][cursors[s]],
                        deadlines[best][cursors[best]], timestamps[best][cursors[best]])))
                {
                    best = s;
                }
            }
            if (best < 0)
            {
                break;
            }
            final long deadline = deadlines[best][cursors[best]];
            final long timestamp = timestamps[best][cursors[best]++];
            if (timestamp != lastTimestamp)
            {
                mergedDeadlines[merged] = deadline;
                mergedTimestamps[merged++] = timestamp;
                lastTimestamp = timestamp;
            }
        }
        return merged;
    }

    private static boolean before(final long deadlineA, final long timestampA, final long deadlineB, final long timestampB)
    {
        return deadlineA < deadlineB || (deadlineA == deadlineB && timestampA < timestampB);
    }
}
