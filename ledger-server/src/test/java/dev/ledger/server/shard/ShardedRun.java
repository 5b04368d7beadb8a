package dev.ledger.server.shard;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Drives a {@link ShardedLedger} from a test thread: submits (retrying while busy, for a bounded time) and waits
 * for outcomes in order. Allocates freely.
 */
final class ShardedRun implements ShardedLedger.Listener
{
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final ShardedLedger ledger;
    private final List<int[]> batchResults = new ArrayList<>();
    private final List<Integer> batchStatuses = new ArrayList<>();
    private final List<byte[]> accounts = new ArrayList<>();
    private long lastDigest;
    private long delivered;

    ShardedRun(final ShardedLedger ledger)
    {
        this.ledger = ledger;
    }

    /** Submits a batch, retrying while busy; returns its item number. */
    long submit(final boolean transfers, final long clusterTimeNs, final DirectBuffer events, final int count)
    {
        final long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (true)
        {
            final long item = transfers ? ledger.submitTransfers(clusterTimeNs, events, 0, count) :
                ledger.submitAccounts(clusterTimeNs, events, 0, count);
            if (item != ShardedLedger.BUSY)
            {
                return item;
            }
            ledger.poll(this);
            check(deadline, "submit");
        }
    }

    /** Waits until every submitted item is delivered. */
    void drain()
    {
        final long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (ledger.inFlight() > 0)
        {
            if (ledger.poll(this) == 0)
            {
                Thread.onSpinWait();
            }
            check(deadline, "drain");
        }
    }

    int[] results(final long item)
    {
        return batchResults.get((int)item);
    }

    int status(final long item)
    {
        return batchStatuses.get((int)item);
    }

    List<byte[]> lookup(final DirectBuffer ids, final int count)
    {
        final long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (ledger.submitLookupAccounts(ids, 0, count) == ShardedLedger.BUSY)
        {
            ledger.poll(this);
            check(deadline, "lookup");
        }
        accounts.clear();
        drain();
        return new ArrayList<>(accounts);
    }

    long combinedStateHash()
    {
        final long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (ledger.submitDigest() == ShardedLedger.BUSY)
        {
            ledger.poll(this);
            check(deadline, "digest");
        }
        drain();
        return lastDigest;
    }

    @Override
    public void onBatch(final long item, final int status, final DirectBuffer results, final int count,
        final int expired)
    {
        final int[] codes = new int[count];
        for (int i = 0; i < count; i++)
        {
            codes[i] = results.getInt(i * 4, dev.ledger.core.Wire.ORDER);
        }
        pad(item);
        batchResults.set((int)item, codes);
        batchStatuses.set((int)item, status);
        delivered++;
    }

    @Override
    public void onAccounts(final long item, final DirectBuffer found, final int count)
    {
        pad(item);
        for (int i = 0; i < count; i++)
        {
            final byte[] account = new byte[128];
            found.getBytes(i * 128, account);
            accounts.add(account);
        }
        delivered++;
    }

    @Override
    public void onDigest(final long item, final long combinedStateHash)
    {
        pad(item);
        lastDigest = combinedStateHash;
        delivered++;
    }

    private void pad(final long item)
    {
        while (batchResults.size() <= item)
        {
            batchResults.add(null);
            batchStatuses.add(null);
        }
    }

    private void check(final long deadline, final String what)
    {
        if (ledger.failure() != null)
        {
            throw ledger.failure();
        }
        if (System.nanoTime() > deadline)
        {
            throw new AssertionError(what + " timed out with " + ledger.inFlight() + " in flight, " + delivered + " delivered");
        }
    }

    /** The first id from {@code from} on whose account lives on {@code shard} of {@code shards}. */
    static long idOn(final int shard, final int shards, final long from)
    {
        long id = from;
        while (ShardHash.shardOf(id, 0, shards) != shard)
        {
            id++;
        }
        return id;
    }

    static UnsafeBuffer buffer(final int bytes)
    {
        return new UnsafeBuffer(new byte[bytes]);
    }
}
