package dev.ledger.perf;

import java.util.SplittableRandom;

import dev.ledger.core.LedgerLimits;
import dev.ledger.core.Wire;
import dev.ledger.server.shard.ShardHash;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The workload of {@link ShardBenchmark}: accounts whose shard for N = 2 is known, and a pre-encoded stream of
 * full create_transfers batches in which a chosen fraction of the transfers has its two accounts on different
 * N = 2 shards.
 * <p>
 * Accounts: ids {@code (k, 0)}, taken in increasing {@code k} and kept while their N = 2 shard
 * ({@link ShardHash#shardOf}) still needs accounts, so that shard 0 gets exactly {@code ceil(A / 2)} and shard 1
 * exactly {@code floor(A / 2)}. Transfers: event {@code k} of the stream has id {@code (k + 1, 0)}, amount 1,
 * ledger 1, code 1, no flags; its debit account is uniform over all accounts, and its credit account uniform
 * over the other shard's accounts (with probability {@code crossFraction}) or over the debit's own shard's
 * other accounts. Every event succeeds on a ledger holding the accounts and no transfers: the stream is
 * applied whole to a fresh ledger each time, so the same bytes go to the plain ledger and to every N.
 * <p>
 * Batch {@code b} of the accounts and then of the stream carries cluster time {@code start + step * b}, the
 * transfers continuing after the accounts, as in {@link TransferWorkload}.
 */
final class ShardStream
{
    static final int BATCH = LedgerLimits.BATCH_EVENTS_MAX;
    private static final int RECORD = LedgerLimits.RECORD_LENGTH;
    private static final int LEDGER = 1;
    private static final int CODE = 1;

    private final int accounts;
    private final long[][] byShard = new long[2][];
    private final UnsafeBuffer[] accountBatches;
    private final UnsafeBuffer[] transferBatches;
    private long cross;

    /**
     * Picks the accounts and encodes their batches; allocates the stream's batches (filled by {@link #generate}).
     *
     * @param accounts        accounts, at least 4.
     * @param transferBatches full batches in the stream.
     */
    ShardStream(final int accounts, final int transferBatches)
    {
        if (accounts < 4)
        {
            throw new IllegalArgumentException("at least 4 accounts: " + accounts);
        }
        this.accounts = accounts;
        byShard[0] = new long[(accounts + 1) / 2];
        byShard[1] = new long[accounts / 2];
        final int[] filled = new int[2];
        accountBatches = new UnsafeBuffer[(accounts + BATCH - 1) / BATCH];
        int taken = 0;
        for (long id = 1; taken < accounts; id++)
        {
            final int shard = ShardHash.shardOf(id, 0, 2);
            if (filled[shard] == byShard[shard].length)
            {
                continue;
            }
            byShard[shard][filled[shard]++] = id;
            final int batch = taken / BATCH;
            if (accountBatches[batch] == null)
            {
                accountBatches[batch] = newBatch();
            }
            final int offset = (taken % BATCH) * RECORD;
            accountBatches[batch].putLong(offset + Wire.ID, id, Wire.ORDER);
            accountBatches[batch].putInt(offset + Wire.LEDGER, LEDGER, Wire.ORDER);
            accountBatches[batch].putShort(offset + Wire.CODE, (short)CODE, Wire.ORDER);
            taken++;
        }
        this.transferBatches = new UnsafeBuffer[transferBatches];
        for (int b = 0; b < transferBatches; b++)
        {
            this.transferBatches[b] = newBatch();
        }
    }

    /** Fills the stream's batches for this fraction of cross-shard transfers; the same seed gives the same bytes. */
    void generate(final double crossFraction, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final int firstOfShard1 = byShard[0].length;
        cross = 0;
        for (int b = 0; b < transferBatches.length; b++)
        {
            final UnsafeBuffer batch = transferBatches[b];
            batch.setMemory(0, BATCH * RECORD, (byte)0);
            for (int i = 0; i < BATCH; i++)
            {
                final int pick = random.nextInt(accounts);
                final int debitShard = pick < firstOfShard1 ? 0 : 1;
                final int debitIndex = pick < firstOfShard1 ? pick : pick - firstOfShard1;
                final boolean isCross = random.nextDouble() < crossFraction;
                final long credit;
                if (isCross)
                {
                    final long[] other = byShard[1 - debitShard];
                    credit = other[random.nextInt(other.length)];
                    cross++;
                }
                else
                {
                    final long[] same = byShard[debitShard];
                    final int j = random.nextInt(same.length - 1);
                    credit = same[j >= debitIndex ? j + 1 : j];
                }
                final int offset = i * RECORD;
                batch.putLong(offset + Wire.ID, (long)b * BATCH + i + 1, Wire.ORDER);
                batch.putLong(offset + Wire.TRANSFER_DEBIT_ACCOUNT_ID, byShard[debitShard][debitIndex], Wire.ORDER);
                batch.putLong(offset + Wire.TRANSFER_CREDIT_ACCOUNT_ID, credit, Wire.ORDER);
                batch.putLong(offset + Wire.TRANSFER_AMOUNT, 1, Wire.ORDER);
                batch.putInt(offset + Wire.LEDGER, LEDGER, Wire.ORDER);
                batch.putShort(offset + Wire.CODE, (short)CODE, Wire.ORDER);
            }
        }
    }

    int accounts()
    {
        return accounts;
    }

    int accountBatchCount()
    {
        return accountBatches.length;
    }

    UnsafeBuffer accountBatch(final int batch)
    {
        return accountBatches[batch];
    }

    int accountBatchEvents(final int batch)
    {
        return batch < accountBatches.length - 1 ? BATCH : accounts - batch * BATCH;
    }

    int transferBatchCount()
    {
        return transferBatches.length;
    }

    UnsafeBuffer transferBatch(final int batch)
    {
        return transferBatches[batch];
    }

    long transfers()
    {
        return (long)transferBatches.length * BATCH;
    }

    /** Transfers of the stream with accounts on both N = 2 shards. */
    long crossTransfers()
    {
        return cross;
    }

    /**
     * Counts, for N shards and the stream's first {@code batches} batches, the transfers each shard takes part in
     * (and so stores) and, of those, the ones it shares with another shard (one round each).
     *
     * @return {@code [shard]} = {stored, cross-shard}.
     */
    long[][] census(final int shards, final int batches)
    {
        final long[][] counts = new long[shards][2];
        for (int b = 0; b < batches; b++)
        {
            final UnsafeBuffer batch = transferBatches[b];
            for (int i = 0; i < BATCH; i++)
            {
                final int offset = i * RECORD;
                final int debit = ShardHash.shardOf(
                    batch.getLong(offset + Wire.TRANSFER_DEBIT_ACCOUNT_ID, Wire.ORDER), 0, shards);
                final int credit = ShardHash.shardOf(
                    batch.getLong(offset + Wire.TRANSFER_CREDIT_ACCOUNT_ID, Wire.ORDER), 0, shards);
                counts[debit][0]++;
                if (credit != debit)
                {
                    counts[credit][0]++;
                    counts[debit][1]++;
                    counts[credit][1]++;
                }
            }
        }
        return counts;
    }

    /** Accounts on the given N = 2 shard. */
    int accountsOfShard(final int shard)
    {
        return byShard[shard].length;
    }

    static long accountsTimeNs(final int batch)
    {
        return TransferWorkload.CLUSTER_TIME_START_NS + batch * TransferWorkload.CLUSTER_TIME_STEP_NS;
    }

    long transfersTimeNs(final int batch)
    {
        return accountsTimeNs(accountBatches.length + batch);
    }

    private static UnsafeBuffer newBatch()
    {
        final UnsafeBuffer batch = new UnsafeBuffer(BufferUtil.allocateDirectAligned(BATCH * RECORD, 64));
        batch.setMemory(0, BATCH * RECORD, (byte)0);
        return batch;
    }
}
