package dev.ledger.server.shard;

import dev.ledger.core.BatchStatus;
import dev.ledger.core.EventGate;
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.LedgerPartition;
import dev.ledger.core.Wire;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

import static dev.ledger.server.shard.ShardProtocol.*;

/**
 * One shard: an Agrona agent on its own thread, the only thread that touches its {@link LedgerPartition}. It
 * takes batches from its mailbox in log order and for each one: agrees with every other shard on room and on
 * the expiries due (the barrier), then applies its events, exchanging records with the other shards of each
 * event that spans shards, and sends its results to the collector. Waits use the configured idle strategy and
 * give up when the node halts; any exception stops the node with a {@link ShardFailure}.
 */
final class ShardLoop implements Agent, EventGate
{
    private static final java.nio.ByteOrder ORDER = Wire.ORDER;

    private final int shard;
    private final int shards;
    private final long bit;
    private final LedgerPartition partition;
    private final OneToOneRingBuffer mailbox;
    private final OneToOneRingBuffer[] toPeer;
    private final OneToOneRingBuffer[] fromPeer;
    private final OneToOneRingBuffer results;
    private final IdleStrategy idle;
    private final ShardPauses pauses;
    private final ShardCounters counters;
    private final ShardHalt halt;

    private final UnsafeBuffer events;
    private final long[] shardsOf;
    private final int[] taken;
    private final UnsafeBuffer codes;
    private final UnsafeBuffer out;
    private final long[] mergedDeadlines = new long[LedgerLimits.EXPIRIES_PER_STEP_MAX];
    private final long[] mergedTimestamps = new long[LedgerLimits.EXPIRIES_PER_STEP_MAX];
    private final ExpiryMerge expiries;
    private final RecordsAhead ahead;
    private int crossEvents;
    private int cursor;
    private final MessageHandler mailboxHandler = this::onMailbox;
    private final MessageHandler peerHandler = this::onPeer;

    private long item = -1;
    private long clusterTimeNs;
    private int count;
    private int expected;
    private int received;
    private boolean isTransfers;
    private boolean imported;
    private boolean batchReady;
    private int peerType;
    private int expectedIndex;
    private boolean peerRoom;
    private int peer;
    private int expired;

    ShardLoop(
        final int shard,
        final ShardConfig config,
        final OneToOneRingBuffer mailbox,
        final OneToOneRingBuffer[] toPeer,
        final OneToOneRingBuffer[] fromPeer,
        final OneToOneRingBuffer results,
        final ShardCounters counters,
        final ShardHalt halt)
    {
        this.shard = shard;
        this.shards = config.shards();
        this.bit = 1L << shard;
        this.partition = new LedgerPartition(config.ledger());
        this.mailbox = mailbox;
        this.toPeer = toPeer;
        this.fromPeer = fromPeer;
        this.results = results;
        this.idle = config.waitStrategy().get();
        this.pauses = config.pauses();
        this.counters = counters;
        this.halt = halt;
        final int maxEvents = config.maxBatchEvents();
        events = new UnsafeBuffer(new byte[maxEvents * LedgerLimits.RECORD_LENGTH]);
        shardsOf = new long[maxEvents];
        taken = new int[maxEvents];
        codes = new UnsafeBuffer(new byte[maxEvents * LedgerLimits.RESULT_LENGTH]);
        out = new UnsafeBuffer(new byte[Math.max(Math.max(RECORDS_HEADER + LedgerPartition.EXPORT_MAX,
            BARRIER_HEADER + 16 * LedgerLimits.EXPIRIES_PER_STEP_MAX),
            Math.max(RESULTS_HEADER + 8 * maxEvents, LOOKUP_HEADER + maxEvents * LedgerLimits.RECORD_LENGTH))]);
        expiries = shards > 1 ? new ExpiryMerge(shards) : null;
        ahead = new RecordsAhead(shard, shards, maxEvents, partition, events, taken, shardsOf, this::send, counters);
    }

    /** This shard's records: read by the submitting thread only while no item is in flight. */
    LedgerPartition partition()
    {
        return partition;
    }

    @Override
    public String roleName()
    {
        return "shard-" + shard;
    }

    @Override
    public int doWork()
    {
        if (halt.stopping())
        {
            throw new AgentTerminationException("node halted or closed");
        }
        try
        {
            int work = mailbox.read(mailboxHandler, 1);
            if (batchReady)
            {
                batchReady = false;
                applyBatch();
                work++;
            }
            return work;
        }
        catch (final HaltedWhileWaiting halted)
        {
            throw new AgentTerminationException("node halted");
        }
        catch (final RuntimeException | Error failure)
        {
            halt.fail(new ShardFailure(shard, item, partition.ledger().stateHash(), String.valueOf(failure), failure));
            throw new AgentTerminationException("node halted");
        }
    }

    private void onMailbox(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        switch (type)
        {
            case BATCH -> beginBatch(buffer, index);
            case EVENTS -> takeEvents(buffer, index);
            case LOOKUP -> lookup(buffer, index);
            case DIGEST -> digest(buffer, index);
            default -> throw new IllegalStateException("mailbox message of unknown type " + type);
        }
    }

    private void beginBatch(final DirectBuffer buffer, final int index)
    {
        ahead.forget(received);
        for (int i = 0; i < received; i++)
        {
            shardsOf[taken[i]] = 0;
        }
        item = buffer.getLong(index, ORDER);
        clusterTimeNs = buffer.getLong(index + 8, ORDER);
        count = buffer.getInt(index + 16, ORDER);
        expected = buffer.getInt(index + 20, ORDER);
        isTransfers = buffer.getByte(index + 24) != 0;
        imported = buffer.getByte(index + 25) != 0;
        received = 0;
        crossEvents = 0;
        counters.mailboxBytes.setRelease(mailbox.size());
        batchReady = expected == 0;
    }

    private void takeEvents(final DirectBuffer buffer, final int index)
    {
        final int n = buffer.getInt(index, ORDER);
        for (int k = 0; k < n; k++)
        {
            final int entry = index + EVENTS_HEADER + k * EVENT_ENTRY;
            final int event = buffer.getInt(entry, ORDER);
            shardsOf[event] = buffer.getLong(entry + 8, ORDER);
            crossEvents += shardsOf[event] != bit ? 1 : 0;
            events.putBytes(event * LedgerLimits.RECORD_LENGTH, buffer, entry + 16, LedgerLimits.RECORD_LENGTH);
            taken[received++] = event;
        }
        batchReady = received == expected;
    }

    private void applyBatch()
    {
        pauses.step(shard, item, -1);
        final boolean room = partition.hasRoom(isTransfers, expected);
        boolean allRoom = room;
        final int own = partition.takeExpiryCandidates(clusterTimeNs, mergedDeadlines, mergedTimestamps);
        int merged = own;
        if (shards > 1)
        {
            allRoom = barrier(room, own);
            merged = expiries.merge(mergedDeadlines, mergedTimestamps);
        }
        if (!allRoom)
        {
            expired = partition.settleExpiries(clusterTimeNs, mergedDeadlines, mergedTimestamps, 0);
            sendResults(isTransfers ? BatchStatus.TRANSFERS_FULL : BatchStatus.ACCOUNTS_FULL);
            return;
        }
        expired = partition.settleExpiries(clusterTimeNs, mergedDeadlines, mergedTimestamps, merged);
        ahead.start(crossEvents > 0 && !imported, isTransfers, received);
        cursor = 0;
        if (count > 0)
        {
            partition.apply(isTransfers, clusterTimeNs, events, 0, count, codes, 0, imported, this);
        }
        counters.events.getAndAddRelease(expected);
        counters.batches.incrementRelease();
        sendResults(BatchStatus.OK);
    }

    /** Tells every other shard this one's room and expiry candidates, and learns theirs; true if all have room. */
    private boolean barrier(final boolean room, final int own)
    {
        out.putLong(0, item, ORDER);
        out.putInt(8, room ? 1 : 0, ORDER);
        out.putInt(12, own, ORDER);
        for (int i = 0; i < own; i++)
        {
            out.putLong(BARRIER_HEADER + 16 * i, mergedDeadlines[i], ORDER);
            out.putLong(BARRIER_HEADER + 16 * i + 8, mergedTimestamps[i], ORDER);
            expiries.deadlines(shard)[i] = mergedDeadlines[i];
            expiries.timestamps(shard)[i] = mergedTimestamps[i];
        }
        expiries.count(shard, own);
        for (int p = 0; p < shards; p++)
        {
            if (p != shard)
            {
                write(toPeer[p], BARRIER, BARRIER_HEADER + 16 * own);
            }
        }
        boolean allRoom = room;
        for (int p = 0; p < shards; p++)
        {
            if (p != shard)
            {
                awaitPeer(p, BARRIER, -1);
                allRoom &= peerRoom;
            }
        }
        return allRoom;
    }

    @Override
    public boolean enter(final int index)
    {
        final long involved = shardsOf[index];
        if ((involved & bit) == 0)
        {
            return false;
        }
        pauses.step(shard, item, index);
        final int offset = index * LedgerLimits.RECORD_LENGTH;
        if (!isTransfers)
        {
            partition.keepNewAccount(ShardHash.shardOf(events.getLong(offset + Wire.ID, ORDER),
                events.getLong(offset + Wire.ID + 8, ORDER), shards) == shard);
        }
        ahead.slide(cursor);
        final long peers = involved & ~bit;
        if (peers != 0)
        {
            exchange(index, offset, peers);
        }
        cursor++;
        return true;
    }

    @Override
    public void leave(final int index)
    {
    }

    /**
     * One round with the other shards of an event: send what this shard holds (unless sent ahead), load what
     * each of them holds.
     */
    private void exchange(final int index, final int offset, final long peers)
    {
        final long start = System.nanoTime();
        final long due = ahead.due(index, peers);
        if (due != 0)
        {
            send(index, offset, due);
        }
        for (long p = peers; p != 0; p &= p - 1)
        {
            awaitPeer(Long.numberOfTrailingZeros(p), RECORDS, index);
        }
        counters.crossShardEvents.incrementRelease();
        counters.round(System.nanoTime() - start);
    }

    /** Sends this shard's records for an event, as they are now, to the given peers. */
    private void send(final int index, final int offset, final long peers)
    {
        final int length = partition.exportFor(events, offset, isTransfers, imported, out, RECORDS_HEADER);
        out.putLong(0, item, ORDER);
        out.putInt(8, index, ORDER);
        out.putInt(12, length, ORDER);
        for (long p = peers; p != 0; p &= p - 1)
        {
            write(toPeer[Long.numberOfTrailingZeros(p)], RECORDS, RECORDS_HEADER + length);
        }
    }

    private void awaitPeer(final int from, final int type, final int index)
    {
        peer = from;
        peerType = type;
        expectedIndex = index;
        while (fromPeer[from].read(peerHandler, 1) == 0)
        {
            waitStep();
        }
        idle.reset();
    }

    private void onPeer(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final long peerItem = buffer.getLong(index, ORDER);
        if (type != peerType || peerItem != item || (type == RECORDS && buffer.getInt(index + 8, ORDER) != expectedIndex))
        {
            throw new IllegalStateException("out of step with shard " + peer + ": expected message " + peerType +
                " for item " + item + " event " + expectedIndex + ", got " + type + " for item " + peerItem +
                (type == RECORDS ? " event " + buffer.getInt(index + 8, ORDER) : ""));
        }
        if (type == RECORDS)
        {
            partition.importFor(buffer, index + RECORDS_HEADER, buffer.getInt(index + 12, ORDER));
            return;
        }
        peerRoom = buffer.getInt(index + 8, ORDER) != 0;
        final int n = buffer.getInt(index + 12, ORDER);
        for (int i = 0; i < n; i++)
        {
            expiries.deadlines(peer)[i] = buffer.getLong(index + BARRIER_HEADER + 16 * i, ORDER);
            expiries.timestamps(peer)[i] = buffer.getLong(index + BARRIER_HEADER + 16 * i + 8, ORDER);
        }
        expiries.count(peer, n);
    }

    private void sendResults(final int status)
    {
        out.putLong(0, item, ORDER);
        out.putInt(8, status, ORDER);
        out.putInt(12, status == BatchStatus.OK ? received : 0, ORDER);
        out.putInt(16, expired, ORDER);
        out.putInt(20, 0, ORDER);
        if (status == BatchStatus.OK)
        {
            for (int i = 0; i < received; i++)
            {
                out.putInt(RESULTS_HEADER + 8 * i, taken[i], ORDER);
                out.putInt(RESULTS_HEADER + 8 * i + 4, codes.getInt(taken[i] * LedgerLimits.RESULT_LENGTH, ORDER), ORDER);
            }
        }
        write(results, RESULTS, RESULTS_HEADER + (status == BatchStatus.OK ? 8 * received : 0));
    }

    private void lookup(final DirectBuffer buffer, final int index)
    {
        final long query = buffer.getLong(index, ORDER);
        final int n = buffer.getInt(index + 8, ORDER);
        final int found = n == 0 ? 0 :
            partition.ledger().lookupAccounts(buffer, index + LOOKUP_HEADER, n, out, LOOKUP_HEADER);
        out.putLong(0, query, ORDER);
        out.putInt(8, found, ORDER);
        out.putInt(12, 0, ORDER);
        write(results, ACCOUNTS, LOOKUP_HEADER + found * LedgerLimits.RECORD_LENGTH);
    }

    private void digest(final DirectBuffer buffer, final int index)
    {
        out.putLong(0, buffer.getLong(index, ORDER), ORDER);
        out.putLong(8, partition.ledger().contentDigest(), ORDER);
        write(results, DIGEST_VALUE, 16);
    }

    /** Writes {@code out}; the rings are sized so that this does not wait, but it would rather wait than drop. */
    private void write(final OneToOneRingBuffer ring, final int type, final int length)
    {
        while (!ring.write(type, out, 0, length))
        {
            waitStep();
        }
        idle.reset();
    }

    private void waitStep()
    {
        if (halt.stopping())
        {
            throw HaltedWhileWaiting.INSTANCE;
        }
        idle.idle(0);
    }

    /** Unwinds a shard that was waiting when another part of the node halted it. */
    private static final class HaltedWhileWaiting extends RuntimeException
    {
        private static final long serialVersionUID = 1L;
        static final HaltedWhileWaiting INSTANCE = new HaltedWhileWaiting();

        private HaltedWhileWaiting()
        {
            super("node halted", null, false, false);
        }
    }
}
