package dev.ledger.server.shard;

import dev.ledger.core.LedgerLimits;
import dev.ledger.core.LedgerPartition;
import dev.ledger.core.TransferFlags;
import dev.ledger.core.Wire;
import org.agrona.DirectBuffer;

/**
 * A shard's look-ahead: before it decides each of its events, it looks up to {@link #LOOKAHEAD} of its events
 * further, and an event whose records no event in between may touch sends them at once, so that its other
 * shards find them waiting instead of waiting for this shard to get there. Records go to each peer in event
 * order (an event owed on time holds back the ones after it), so peers read them in order. Events of an open
 * linked chain stay in the window until the chain ends: its failure may still undo them. Same thread as its
 * {@link ShardLoop}, whose batch arrays it reads.
 */
final class RecordsAhead
{
    /** How many of its events, from the one being decided, a shard looks at. */
    static final int LOOKAHEAD = 16;
    private static final java.nio.ByteOrder ORDER = Wire.ORDER;

    /** Sends this shard's records for an event, as they are now, to some peers. */
    interface Sender
    {
        void send(int index, int offset, long peers);
    }

    private final long bit;
    private final LedgerPartition partition;
    private final DirectBuffer events;
    private final int[] taken;
    private final long[] shardsOf;
    private final Sender sender;
    private final ShardCounters counters;
    private final RecordWindow window = new RecordWindow();
    private final long[] ids = new long[8];
    private final long[] windowIds;
    private final int[] windowPairs;
    private final long[] sentTo;
    private final int[] onTimeOwed;
    private boolean enabled;
    private boolean isTransfers;
    private int received;
    private int frontier;
    private int removed;
    private int chainStart;

    /**
     * @param taken    this shard's event indexes of the batch, in order (filled by the loop).
     * @param shardsOf the shards taking part in each event, by index (filled by the loop).
     */
    RecordsAhead(
        final int shard,
        final int shards,
        final int maxEvents,
        final LedgerPartition partition,
        final DirectBuffer events,
        final int[] taken,
        final long[] shardsOf,
        final Sender sender,
        final ShardCounters counters)
    {
        this.bit = 1L << shard;
        this.partition = partition;
        this.events = events;
        this.taken = taken;
        this.shardsOf = shardsOf;
        this.sender = sender;
        this.counters = counters;
        windowIds = new long[8 * maxEvents];
        windowPairs = new int[maxEvents];
        sentTo = new long[maxEvents];
        onTimeOwed = new int[shards];
    }

    /** Forgets what was sent for the previous batch's events (before the loop overwrites {@code taken}). */
    void forget(final int previouslyReceived)
    {
        for (int i = 0; i < previouslyReceived; i++)
        {
            sentTo[taken[i]] = 0;
        }
    }

    /**
     * Starts a batch's events.
     *
     * @param on whether to look ahead: not without cross-shard events, and not in imported batches (imported events
     *           read every shard's timestamps, which every event changes).
     */
    void start(final boolean on, final boolean transfers, final int events)
    {
        enabled = on;
        isTransfers = transfers;
        received = events;
        frontier = 0;
        removed = 0;
        chainStart = 0;
        window.clear();
        java.util.Arrays.fill(onTimeOwed, 0);
    }

    /** Before the loop decides the event at {@code cursor} (its position among this shard's events). */
    void slide(final int cursor)
    {
        if (!enabled)
        {
            return;
        }
        if (cursor == 0 ||
            (events.getShort(taken[cursor - 1] * LedgerLimits.RECORD_LENGTH + Wire.FLAGS, ORDER) & TransferFlags.LINKED) == 0)
        {
            chainStart = cursor;
        }
        while (removed < chainStart)
        {
            window.remove(windowIds(removed), windowPairs[removed]);
            removed++;
        }
        if (window.crowded())
        {
            window.clear();
            for (int m = removed; m < frontier; m++)
            {
                window.add(windowIds(m), windowPairs[m]);
            }
        }
        while (frontier < received && frontier < cursor + LOOKAHEAD)
        {
            look(frontier++, cursor);
        }
    }

    /**
     * The peers of an event that still need its records (not sent ahead); the caller sends them now.
     */
    long due(final int index, final long peers)
    {
        final long due = peers & ~sentTo[index];
        if (enabled)
        {
            for (long p = due; p != 0; p &= p - 1)
            {
                onTimeOwed[Long.numberOfTrailingZeros(p)]--;
            }
        }
        return due;
    }

    private void look(final int position, final int cursor)
    {
        final int event = taken[position];
        final int offset = event * LedgerLimits.RECORD_LENGTH;
        final int pairs = partition.recordIds(events, offset, isTransfers, ids);
        System.arraycopy(ids, 0, windowIds, 8 * position, 8);
        windowPairs[position] = pairs;
        final long peers = shardsOf[event] & ~bit;
        if (peers != 0)
        {
            final boolean clean = window.clean(ids, pairs);
            long early = 0;
            for (long p = peers; p != 0; p &= p - 1)
            {
                final int peer = Long.numberOfTrailingZeros(p);
                if (clean && onTimeOwed[peer] == 0)
                {
                    early |= 1L << peer;
                }
                else
                {
                    onTimeOwed[peer]++;
                }
            }
            if (early != 0)
            {
                sender.send(event, offset, early);
                sentTo[event] = early;
                if (position > cursor)
                {
                    counters.earlyRecords.incrementRelease();
                }
            }
        }
        window.add(ids, pairs);
    }

    private long[] windowIds(final int position)
    {
        System.arraycopy(windowIds, 8 * position, ids, 0, 8);
        return ids;
    }
}
