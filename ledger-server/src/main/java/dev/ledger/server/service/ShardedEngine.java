package dev.ledger.server.service;

import dev.ledger.core.LedgerLimits;
import dev.ledger.core.SnapshotSink;
import dev.ledger.core.SnapshotSource;
import dev.ledger.server.shard.ShardConfig;
import dev.ledger.server.shard.ShardedLedger;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * Account shards on their own threads ({@link ShardedLedger}): the service thread hands each log message to the
 * shards and waits for its outcome before the next, so the journal and the answer follow the log's order. Reads
 * run on the service thread over the idle shards. The journal records the results chain, the same for any
 * number of shards.
 */
public final class ShardedEngine implements LedgerEngine, ShardedLedger.Listener
{
    private final ShardedLedger shards;
    private final IdleStrategy wait = new BackoffIdleStrategy(100, 100, 1_000, 50_000);
    private MutableDirectBuffer results;
    private int status;
    private int expired;

    /**
     * Starts the shard threads and allocates their ledgers (before the cluster's agents run, for the reason
     * {@link SingleLedgerEngine} gives).
     */
    public ShardedEngine(final ShardConfig config)
    {
        shards = new ShardedLedger(config);
    }

    /** The shards, for their counters. */
    public ShardedLedger shards()
    {
        return shards;
    }

    @Override
    public int create(final boolean transfers, final long timestampNs, final DirectBuffer events, final int offset,
        final int count, final MutableDirectBuffer results)
    {
        this.results = results;
        long item;
        while ((item = transfers ? shards.submitTransfers(timestampNs, events, offset, count) :
            shards.submitAccounts(timestampNs, events, offset, count)) == ShardedLedger.BUSY)
        {
            awaitIdleAfterBusy();
        }
        awaitOutcome(item);
        return status;
    }

    @Override
    public int expire(final long timestampNs)
    {
        this.results = null;
        long item;
        while ((item = shards.submitExpiry(timestampNs)) == ShardedLedger.BUSY)
        {
            awaitIdleAfterBusy();
        }
        awaitOutcome(item);
        return expired;
    }

    @Override
    public void onBatch(final long item, final int status, final DirectBuffer merged, final int count,
        final int expired)
    {
        this.status = status;
        this.expired = expired;
        if (results != null && count > 0)
        {
            results.putBytes(0, merged, 0, count * LedgerLimits.RESULT_LENGTH);
        }
    }

    private void awaitOutcome(final long item)
    {
        if (item == ShardedLedger.HALTED)
        {
            throw new IllegalStateException(shards.failure() == null ? "the shards were closed" :
                "the shards halted: " + shards.failure(), shards.failure());
        }
        awaitIdle();
    }

    /** Busy with nothing in flight would never clear: the rings are sized so that it cannot happen. */
    private void awaitIdleAfterBusy()
    {
        if (shards.inFlight() == 0)
        {
            throw new IllegalStateException("the shards refused a message as busy with nothing in flight");
        }
        awaitIdle();
    }

    private void awaitIdle()
    {
        wait.reset();
        while (shards.inFlight() > 0)
        {
            wait.idle(shards.poll(this));
        }
    }

    @Override
    public long nextExpiryTimestampNs()
    {
        return shards.nextExpiryTimestampNs();
    }

    @Override
    public long journalHash()
    {
        return shards.resultsChain();
    }

    @Override
    public int lookup(final boolean transfers, final DirectBuffer ids, final int offset, final int count,
        final MutableDirectBuffer output, final int outOffset)
    {
        return transfers ? shards.reads().lookupTransfers(ids, offset, count, output, outOffset) :
            shards.reads().lookupAccounts(ids, offset, count, output, outOffset);
    }

    @Override
    public int accountRows(final boolean balances, final DirectBuffer filter, final int offset,
        final MutableDirectBuffer output, final int outOffset)
    {
        return shards.reads().getAccountRows(balances, filter, offset, output, outOffset);
    }

    @Override
    public int query(final boolean transfers, final DirectBuffer filter, final int offset,
        final MutableDirectBuffer output, final int outOffset)
    {
        return shards.reads().query(transfers, filter, offset, output, outOffset);
    }

    @Override
    public long accountCount()
    {
        return shards.accountCount();
    }

    @Override
    public long transferCount()
    {
        return shards.transfersStored();
    }

    @Override
    public long writeSnapshot(final SnapshotSink sink)
    {
        return shards.writeSnapshot(sink);
    }

    @Override
    public void readSnapshot(final SnapshotSource source)
    {
        shards.readSnapshot(source);
    }

    @Override
    public String describe()
    {
        return shards.shards() + " shards: " + shards.accountCount() + " accounts, " + shards.transfersStored() +
            " transfers stored, results chain " + Long.toHexString(shards.resultsChain());
    }

    @Override
    public void close()
    {
        shards.close();
    }
}
