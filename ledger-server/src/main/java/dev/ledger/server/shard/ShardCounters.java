package dev.ledger.server.shard;

import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/**
 * One shard's counters ({@link ShardMetric}), written only by its thread and readable from any thread without
 * locks (Agrona counters in shared memory buffers).
 */
final class ShardCounters
{
    final AtomicCounter events;
    final AtomicCounter crossShardEvents;
    final AtomicCounter batches;
    final AtomicCounter roundNanosTotal;
    final AtomicCounter roundNanosMax;
    final AtomicCounter mailboxBytes;
    final AtomicCounter earlyRecords;
    private final int[] ids = new int[ShardMetric.values().length];

    ShardCounters(final CountersManager manager, final int shard)
    {
        final AtomicCounter[] counters = new AtomicCounter[ids.length];
        for (final ShardMetric metric : ShardMetric.values())
        {
            counters[metric.ordinal()] = manager.newCounter(metric.label(shard), metric.typeId());
            ids[metric.ordinal()] = counters[metric.ordinal()].id();
        }
        events = counters[ShardMetric.EVENTS.ordinal()];
        crossShardEvents = counters[ShardMetric.CROSS_SHARD_EVENTS.ordinal()];
        batches = counters[ShardMetric.BATCHES.ordinal()];
        roundNanosTotal = counters[ShardMetric.ROUND_NANOS_TOTAL.ordinal()];
        roundNanosMax = counters[ShardMetric.ROUND_NANOS_MAX.ordinal()];
        mailboxBytes = counters[ShardMetric.MAILBOX_BYTES.ordinal()];
        earlyRecords = counters[ShardMetric.EARLY_RECORDS.ordinal()];
    }

    int counterId(final ShardMetric metric)
    {
        return ids[metric.ordinal()];
    }

    void round(final long nanos)
    {
        roundNanosTotal.getAndAddRelease(nanos);
        if (nanos > roundNanosMax.getPlain())
        {
            roundNanosMax.setRelease(nanos);
        }
    }
}
