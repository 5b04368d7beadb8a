package dev.ledger.server.shard;

import java.util.ArrayList;
import java.util.List;

import dev.ledger.core.BatchStatus;
import dev.ledger.core.Ledger;
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.SnapshotSink;
import dev.ledger.core.SnapshotSource;
import dev.ledger.core.Wire;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersReader;

import static dev.ledger.server.shard.ShardProtocol.*;

/**
 * The ledger as N account shards on their own threads ({@code DESIGN.md}, rules 1-4): results, balances and
 * {@link Listener#onDigest the combined state hash} are those of one {@code Ledger} given the same batches,
 * whatever N and whatever the threads' timing.
 * <p>
 * One thread (the node's service thread) submits batches in log order and collects their outcomes, in the same
 * order, with {@link #poll}. Submitting never blocks: when a shard's mailbox or the in-flight bound is full the
 * answer is {@link #BUSY} and nothing was taken. When a shard fails, the node halts: submit answers
 * {@link #HALTED} and {@link #failure()} says where.
 * <p>
 * While nothing is in flight the same thread may read the shards' state directly: {@link #reads()} for lookups
 * and queries, {@link #writeSnapshot} and (before the first item) {@link #readSnapshot}.
 */
public final class ShardedLedger implements AutoCloseable
{
    /** Not taken: a mailbox or the in-flight bound is full; retry after {@link #poll}. */
    public static final long BUSY = -1;
    /** Not taken: the node halted ({@link #failure()}) or was closed. */
    public static final long HALTED = -2;

    private static final java.nio.ByteOrder ORDER = Wire.ORDER;
    /** Type id of the router's directory-size counter, beside the shards' ({@link ShardMetric#typeId()}). */
    private static final int DIRECTORY_IDS_TYPE_ID = 1100;

    /** What {@link #poll} delivers, in submission order. */
    public interface Listener
    {
        /**
         * A create batch, or an expiry step ({@link #submitExpiry}, no events): its {@link BatchStatus}, when OK
         * one result code per event, and how many pending transfers expired at its start.
         */
        default void onBatch(final long item, final int status, final DirectBuffer results, final int count,
            final int expired)
        {
        }

        /** A lookup: the accounts found, 128 bytes each, grouped by shard. */
        default void onAccounts(final long item, final DirectBuffer accounts, final int count)
        {
        }

        /**
         * A digest: the combined state hash (the chained results of every batch so far, mixed with the sum of
         * every shard's content digest), the same for any number of shards.
         */
        default void onDigest(final long item, final long combinedStateHash)
        {
        }
    }

    private final ShardConfig config;
    private final int shards;
    private final OneToOneRingBuffer[] results;
    private final ShardRouter router;
    private final ShardHalt halt = new ShardHalt();
    private final CountersManager counters;
    private final List<AgentRunner> runners = new ArrayList<>();
    private final ShardCounters[] shardCounters;
    private final ResultCollector collector;
    private final Ledger[] ledgers;
    private final ShardedReads reads;
    private final AtomicCounter directoryIds;
    private long nextItem;

    /**
     * Starts the shard threads.
     *
     * @param config the split and its bounds.
     */
    public ShardedLedger(final ShardConfig config)
    {
        this.config = config;
        this.shards = config.shards();
        final OneToOneRingBuffer[] mailboxes = new OneToOneRingBuffer[shards];
        final OneToOneRingBuffer[][] peers = new OneToOneRingBuffer[shards][shards];
        results = new OneToOneRingBuffer[shards];
        for (int s = 0; s < shards; s++)
        {
            mailboxes[s] = ring(mailboxCapacity(config));
            results[s] = ring(resultsCapacity(config));
            for (int p = 0; p < shards; p++)
            {
                peers[s][p] = s == p ? null : ring(peerCapacity(config));
            }
        }
        counters = new CountersManager(
            new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(CountersReader.METADATA_LENGTH * 8 * shards)),
            new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(CountersReader.COUNTER_LENGTH * 8 * shards)));
        router = new ShardRouter(config, mailboxes);
        collector = new ResultCollector(config, results, halt);
        shardCounters = new ShardCounters[shards];
        ledgers = new Ledger[shards];
        for (int s = 0; s < shards; s++)
        {
            shardCounters[s] = new ShardCounters(counters, s);
            final OneToOneRingBuffer[] toPeer = new OneToOneRingBuffer[shards];
            final OneToOneRingBuffer[] fromPeer = new OneToOneRingBuffer[shards];
            for (int p = 0; p < shards; p++)
            {
                toPeer[p] = peers[s][p];
                fromPeer[p] = peers[p][s];
            }
            final ShardLoop loop = new ShardLoop(s, config, mailboxes[s], toPeer, fromPeer, results[s],
                shardCounters[s], halt);
            ledgers[s] = loop.partition().ledger();
            final AgentRunner runner = new AgentRunner(config.idleStrategy().get(), this::onRunnerError, null, loop);
            runners.add(runner);
        }
        reads = new ShardedReads(ledgers, router.directory());
        directoryIds = counters.newCounter("router directory ids", DIRECTORY_IDS_TYPE_ID);
        try
        {
            for (final AgentRunner runner : runners)
            {
                AgentRunner.startOnThread(runner);
            }
        }
        catch (final RuntimeException | Error ex)
        {
            close();
            throw ex;
        }
    }

    public int shards()
    {
        return shards;
    }

    /** Every shard's counters ({@link ShardMetric}), readable from any thread. */
    public CountersReader counters()
    {
        return counters;
    }

    /** One shard's counter, read without locks from any thread. */
    public long counter(final int shard, final ShardMetric metric)
    {
        return counters.getCounterValue(shardCounters[shard].counterId(metric));
    }

    /** Distinct transfer ids the router's directory holds (failed ones too), readable from any thread. */
    public long directoryIds()
    {
        return directoryIds.get();
    }

    /** The most distinct transfer ids the directory holds; then every create_transfers batch is TRANSFERS_FULL. */
    public long directoryCapacity()
    {
        return config.directoryCapacity();
    }

    /** Why the node halted, or null while it runs. */
    public ShardFailure failure()
    {
        return halt.failure();
    }

    /**
     * Submits a create_transfers batch; returns its item number, or {@link #BUSY}, {@link #HALTED}. A batch whose
     * ids the router's transfer directory has no room for is refused whole, in order, as {@code TRANSFERS_FULL}.
     */
    public long submitTransfers(final long clusterTimeNs, final DirectBuffer events, final int offset, final int count)
    {
        return submitEvents(true, clusterTimeNs, events, offset, count);
    }

    /** Submits a create_accounts batch; returns its item number, or {@link #BUSY}, {@link #HALTED}. */
    public long submitAccounts(final long clusterTimeNs, final DirectBuffer events, final int offset, final int count)
    {
        return submitEvents(false, clusterTimeNs, events, offset, count);
    }

    /**
     * Submits an expiry step at a cluster time: a batch of no events, which expires what is due as a create batch
     * would at its start ({@code Ledger.expirePendingTransfers}); {@link Listener#onBatch} tells how many.
     *
     * @return its item number, or {@link #BUSY}, {@link #HALTED}.
     */
    public long submitExpiry(final long clusterTimeNs)
    {
        return submitBatch(true, clusterTimeNs, null, 0, 0);
    }

    /** Submits a lookup of accounts by id (16 bytes each, at most maxBatchEvents). */
    public long submitLookupAccounts(final DirectBuffer ids, final int offset, final int count)
    {
        if (count < 0 || count > config.maxBatchEvents())
        {
            throw new IllegalArgumentException("lookup must hold 0.." + config.maxBatchEvents() + " ids: " + count);
        }
        final long refused = refusal(LOOKUP_HEADER + count * LedgerLimits.ID_LENGTH);
        if (refused != 0)
        {
            return refused;
        }
        final long item = nextItem++;
        final UnsafeBuffer message = router.scratch();
        for (int s = 0; s < shards; s++)
        {
            int n = 0;
            for (int i = 0; i < count; i++)
            {
                final int id = offset + i * LedgerLimits.ID_LENGTH;
                if (ShardHash.shardOf(ids.getLong(id, ORDER), ids.getLong(id + 8, ORDER), shards) == s)
                {
                    message.putBytes(LOOKUP_HEADER + n++ * LedgerLimits.ID_LENGTH, ids, id, LedgerLimits.ID_LENGTH);
                }
            }
            message.putLong(0, item, ORDER);
            message.putInt(8, n, ORDER);
            message.putInt(12, 0, ORDER);
            router.send(s, LOOKUP, LOOKUP_HEADER + n * LedgerLimits.ID_LENGTH);
        }
        return collector.enqueue(item, ResultCollector.KIND_LOOKUP, count);
    }

    /** Submits a request for the combined state hash after every batch submitted before it. */
    public long submitDigest()
    {
        final long refused = refusal(8);
        if (refused != 0)
        {
            return refused;
        }
        final long item = nextItem++;
        router.scratch().putLong(0, item, ORDER);
        for (int s = 0; s < shards; s++)
        {
            router.send(s, DIGEST, 8);
        }
        return collector.enqueue(item, ResultCollector.KIND_DIGEST, 0);
    }

    /**
     * Delivers the outcomes that every shard has finished, oldest first.
     *
     * @return how many were delivered.
     * @throws ShardFailure when the node has halted.
     */
    public int poll(final Listener listener)
    {
        return collector.poll(listener);
    }

    /** Items submitted and not yet delivered by {@link #poll}. */
    public int inFlight()
    {
        return collector.inFlight();
    }

    /**
     * The running hash of every batch's status and result codes delivered so far ({@code ResultsChain}), the same
     * for any number of shards and what a plain ledger given the same batches would chain.
     */
    public long resultsChain()
    {
        return collector.resultsChain();
    }

    /** Lookups and queries over every shard, on this thread, while nothing is in flight. */
    public ShardedReads reads()
    {
        requireIdle("read the shards");
        return reads;
    }

    /** The earliest expiry deadline of any shard, {@link Long#MAX_VALUE} if none; while nothing is in flight. */
    public long nextExpiryTimestampNs()
    {
        requireIdle("read the shards");
        long earliest = Long.MAX_VALUE;
        for (final Ledger ledger : ledgers)
        {
            earliest = Math.min(earliest, ledger.nextExpiryTimestampNs());
        }
        return earliest;
    }

    /** Accounts in all shards (each is in one); while nothing is in flight. */
    public long accountCount()
    {
        return sum(Ledger::accountCount);
    }

    /** Transfers stored by all shards, one between two shards counted by both; while nothing is in flight. */
    public long transfersStored()
    {
        return sum(Ledger::transferCount);
    }

    private long sum(final java.util.function.ToLongFunction<Ledger> count)
    {
        requireIdle("read the shards");
        long sum = 0;
        for (final Ledger ledger : ledgers)
        {
            sum += count.applyAsLong(ledger);
        }
        return sum;
    }

    /**
     * Writes the whole state ({@link ShardedSnapshot}) while nothing is in flight.
     *
     * @return the snapshot's length in bytes.
     */
    public long writeSnapshot(final SnapshotSink sink)
    {
        requireIdle("snapshot");
        final long[] length = new long[1];
        ShardedSnapshot.write(ledgers, router.directory(), collector.resultsChain(), (buffer, offset, part) ->
        {
            length[0] += part;
            sink.write(buffer, offset, part);
        });
        return length[0];
    }

    /**
     * Restores the whole state from a {@link #writeSnapshot} of a sharded ledger of the same shards and
     * capacities, before anything was submitted.
     *
     * @throws IllegalArgumentException if the bytes are not such a snapshot; this ledger must then be closed.
     */
    public void readSnapshot(final SnapshotSource source)
    {
        if (nextItem != 0)
        {
            throw new IllegalStateException("a snapshot restores only into a sharded ledger that has taken nothing");
        }
        collector.resultsChain(ShardedSnapshot.read(ledgers, router.directory(), source));
    }

    /**
     * Stops the shard threads and waits for them. Drain first ({@link #poll} until {@link #inFlight()} is 0) to
     * stop cleanly: items still in flight are abandoned part way, and the shards' state with them (a node then
     * recovers from its snapshot and log). Submitting afterwards answers {@link #HALTED}.
     */
    @Override
    public void close()
    {
        halt.close();
        for (final AgentRunner runner : runners)
        {
            runner.close();
        }
    }

    private void requireIdle(final String what)
    {
        if (collector.inFlight() != 0)
        {
            throw new IllegalStateException("cannot " + what + " while " + collector.inFlight() + " items are in flight");
        }
    }

    private long submitEvents(
        final boolean isTransfers, final long clusterTimeNs, final DirectBuffer events, final int offset, final int count)
    {
        if (count < 1 || count > config.maxBatchEvents())
        {
            throw new IllegalArgumentException("batch must hold 1.." + config.maxBatchEvents() + " events: " + count);
        }
        return submitBatch(isTransfers, clusterTimeNs, events, offset, count);
    }

    private long submitBatch(
        final boolean isTransfers, final long clusterTimeNs, final DirectBuffer events, final int offset, final int count)
    {
        final long refused = refusal(0);
        if (refused != 0)
        {
            return refused;
        }
        final long item = nextItem;
        final ShardRouter.Routed routed = router.route(item, isTransfers, clusterTimeNs, events, offset, count);
        if (routed == ShardRouter.Routed.MAILBOX_FULL)
        {
            return BUSY;
        }
        nextItem++;
        if (router.directory() != null)
        {
            directoryIds.setRelease(router.directory().size());
        }
        if (routed == ShardRouter.Routed.DIRECTORY_FULL)
        {
            return collector.enqueue(item, ResultCollector.KIND_REFUSED, 0);
        }
        return collector.enqueue(item, ResultCollector.KIND_BATCH, count);
    }

    private long refusal(final int queryLength)
    {
        if (halt.stopping())
        {
            return HALTED;
        }
        if (collector.inFlight() == config.maxInFlight() || (queryLength > 0 && !router.hasRoomForQuery(queryLength)))
        {
            return BUSY;
        }
        return 0;
    }

    private void onRunnerError(final Throwable error)
    {
        if (!(error instanceof org.agrona.concurrent.AgentTerminationException))
        {
            halt.fail(new ShardFailure(-1, collector.headItem(), 0, "shard runner error: " + error, error));
        }
    }

    private static OneToOneRingBuffer ring(final int capacity)
    {
        return new OneToOneRingBuffer(new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(capacity)));
    }
}
