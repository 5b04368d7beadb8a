package dev.ledger.server.shard;

import dev.ledger.core.LedgerLimits;
import dev.ledger.core.LedgerPartition;
import org.agrona.BitUtil;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The messages on the rings between the router, the shards and the collector, and the ring sizes that make
 * every ring's bound hold by construction. All little-endian, on Agrona one-to-one ring buffers (one producer
 * thread per ring).
 * <pre>
 * router -> shard (mailbox)
 *   BATCH        item id (8), cluster time (8), events (4), events here (4), transfers (1), imported (1)
 *   EVENTS       n (4), pad (4), then n x [index (4), pad (4), shards taking part (8), event (128)]
 *   LOOKUP       item id (8), n (4), pad (4), then n ids (16 each)
 *   DIGEST       item id (8)
 * shard -> shard (one ring per ordered pair)
 *   BARRIER      item id (8), room (4), candidates (4), then candidates x [deadline (8), timestamp (8)]
 *   RECORDS      item id (8), index (4), length (4), then what the sender holds for the event
 * shard -> collector
 *   RESULTS      item id (8), status (4), n (4), expired (4), pad (4), then n x [index (4), code (4)]
 *   ACCOUNTS     item id (8), n (4), pad (4), then n accounts (128 each)
 *   DIGEST_VALUE item id (8), digest (8)
 * </pre>
 */
final class ShardProtocol
{
    static final int BATCH = 1;
    static final int EVENTS = 2;
    static final int LOOKUP = 3;
    static final int DIGEST = 4;
    static final int BARRIER = 10;
    static final int RECORDS = 11;
    static final int RESULTS = 20;
    static final int ACCOUNTS = 21;
    static final int DIGEST_VALUE = 22;

    static final int BATCH_LENGTH = 26;
    static final int EVENT_ENTRY = 16 + LedgerLimits.RECORD_LENGTH;
    /** Events per EVENTS message: keeps mailbox messages well under a ring's largest message. */
    static final int EVENTS_PER_CHUNK = 256;
    static final int EVENTS_HEADER = 8;
    static final int BARRIER_HEADER = 16;
    static final int RECORDS_HEADER = 16;
    static final int RESULTS_HEADER = 24;
    static final int LOOKUP_HEADER = 16;

    private static final int RECORD_OVERHEAD = RingBufferDescriptor.TRAILER_LENGTH;

    private ShardProtocol()
    {
    }

    /** Bytes a message takes in a ring: Agrona's 8-byte record header, aligned to 8. */
    static int framed(final int length)
    {
        return BitUtil.align(length + 8, 8);
    }

    /** Ring bytes one batch of {@code events} events takes in a mailbox. */
    static int mailboxBytes(final int events)
    {
        final int chunks = (events + EVENTS_PER_CHUNK - 1) / EVENTS_PER_CHUNK;
        return framed(BATCH_LENGTH) + chunks * framed(EVENTS_HEADER) + events * EVENT_ENTRY;
    }

    static int mailboxCapacity(final ShardConfig config)
    {
        final int message = Math.max(framed(EVENTS_HEADER + EVENTS_PER_CHUNK * EVENT_ENTRY),
            framed(LOOKUP_HEADER + config.maxBatchEvents() * LedgerLimits.ID_LENGTH));
        return ring(Math.max((long)config.maxInFlight() * mailboxBytes(config.maxBatchEvents()), 8L * message));
    }

    /**
     * A peer ring holds at most one batch of RECORDS and the next BARRIER: a shard starts the events of a batch
     * only when every peer has finished the previous one (the barrier), so it never waits on a full ring.
     */
    static int peerCapacity(final ShardConfig config)
    {
        final long barrier = framed(BARRIER_HEADER + 16 * LedgerLimits.EXPIRIES_PER_STEP_MAX);
        final long records = (long)config.maxBatchEvents() * framed(RECORDS_HEADER + LedgerPartition.EXPORT_MAX);
        return ring(Math.max(records + 2 * barrier, 8 * barrier));
    }

    static int resultsCapacity(final ShardConfig config)
    {
        final long results = framed(RESULTS_HEADER + 8 * config.maxBatchEvents());
        final long accounts = framed(LOOKUP_HEADER + config.maxBatchEvents() * LedgerLimits.RECORD_LENGTH);
        return ring(Math.max(config.maxInFlight() * Math.max(results, accounts), 8 * Math.max(results, accounts)));
    }

    private static int ring(final long bytes)
    {
        if (bytes > (1 << 30))
        {
            throw new IllegalArgumentException("ring of " + bytes + " bytes: lower maxBatchEvents or maxInFlight");
        }
        return BitUtil.findNextPositivePowerOfTwo((int)bytes) + RECORD_OVERHEAD;
    }
}
