package dev.ledger.server.shard;

import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/**
 * One shard's counters, written only by its thread and readable from any thread without locks (Agrona
 * counters in shared memory buffers): events decided, of which with other shards, batches, rounds with other
 * shards (count, total and largest wait in nanoseconds), the bytes waiting in its mailbox, and how many events'
 * records it sent ahead of time.
 */
final class ShardCounters
{
    static final int EVENTS = 0;
    static final int CROSS_SHARD_EVENTS = 1;
    static final int BATCHES = 2;
    static final int ROUND_NANOS_TOTAL = 3;
    static final int ROUND_NANOS_MAX = 4;
    static final int MAILBOX_BYTES = 5;
    static final int EARLY_RECORDS = 6;
    static final String[] NAMES = {
        "events", "cross_shard_events", "batches", "round_nanos_total", "round_nanos_max", "mailbox_bytes",
        "early_records"};

    final AtomicCounter events;
    final AtomicCounter crossShardEvents;
    final AtomicCounter batches;
    final AtomicCounter roundNanosTotal;
    final AtomicCounter roundNanosMax;
    final AtomicCounter mailboxBytes;
    final AtomicCounter earlyRecords;

    ShardCounters(final CountersManager manager, final int shard)
    {
        events = manager.newCounter(label(shard, EVENTS), typeId(EVENTS));
        crossShardEvents = manager.newCounter(label(shard, CROSS_SHARD_EVENTS), typeId(CROSS_SHARD_EVENTS));
        batches = manager.newCounter(label(shard, BATCHES), typeId(BATCHES));
        roundNanosTotal = manager.newCounter(label(shard, ROUND_NANOS_TOTAL), typeId(ROUND_NANOS_TOTAL));
        roundNanosMax = manager.newCounter(label(shard, ROUND_NANOS_MAX), typeId(ROUND_NANOS_MAX));
        mailboxBytes = manager.newCounter(label(shard, MAILBOX_BYTES), typeId(MAILBOX_BYTES));
        earlyRecords = manager.newCounter(label(shard, EARLY_RECORDS), typeId(EARLY_RECORDS));
    }

    /** The counter type id of a metric: the same for every shard, so readers can group them. */
    static int typeId(final int metric)
    {
        return 1000 + metric;
    }

    static String label(final int shard, final int metric)
    {
        return "shard " + shard + " " + NAMES[metric];
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
