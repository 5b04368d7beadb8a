package dev.ledger.perf.load;

import java.util.Locale;
import java.util.Queue;
import java.util.SplittableRandom;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import dev.ledger.core.LedgerLimits;
import dev.ledger.core.TransferFlags;
import dev.ledger.core.Wire;
import dev.ledger.server.shard.ShardHash;

/**
 * The transfers a load run sends, generated as it goes (seeded: the same seed gives the same stream), every one
 * of which succeeds on a node that holds the workload's accounts (ids 1..{@link Kind#accounts()}, no flags, so
 * no balance limit applies). Transfer ids run {@code idBase + 1, idBase + 2, ...} in the order the events are
 * generated; distinct bases let runs share a node.
 * <p>
 * In {@link Kind#TWO_PHASE}, one event in ten is a pending transfer and one in ten posts or voids (half each) a
 * pending transfer made at least {@link #RESOLVE_AFTER} events earlier, so that on any connection the pending
 * transfer has long been applied when its post or void arrives.
 * <p>
 * Not thread-safe: one sending thread owns it.
 */
final class LoadWorkload
{
    /** Events between a pending transfer and its post or void, at the least. */
    static final int RESOLVE_AFTER = 50_000;
    static final int LEDGER = 1;
    static final int CODE = 1;
    private static final int AMOUNT_MAX = 1_000;
    private static final int PENDING_QUEUE = 1 << 20;

    /** What the transfers look like. */
    enum Kind
    {
        /** Debit and credit account uniform over a million accounts. */
        UNIFORM(1_000_000),
        /** Among 10 accounts: every transfer contends on the same balances. */
        HOT(10),
        /** Uniform, 20% two-phase: 10% pending, 10% post or void of an earlier pending transfer. */
        TWO_PHASE(1_000_000),
        /** Uniform, but the debit and credit accounts always belong to different shards. */
        CROSS_SHARD(1_000_000);

        private final int accounts;

        Kind(final int accounts)
        {
            this.accounts = accounts;
        }

        /** @return accounts the transfers are spread over, ids 1..n. */
        int accounts()
        {
            return accounts;
        }

        /** @return the name on the command line, e.g. {@code two_phase}. */
        String parameterName()
        {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind of(final String name)
        {
            for (final Kind kind : values())
            {
                if (kind.parameterName().equals(name))
                {
                    return kind;
                }
            }
            throw new IllegalArgumentException("workload must be uniform, hot, two_phase or cross_shard: " + name);
        }
    }

    private final Kind kind;
    private final int shards;
    private final SplittableRandom random;
    private final long[] pendingIds = new long[PENDING_QUEUE];
    private final long[] pendingAmounts = new long[PENDING_QUEUE];
    private int pendingHead;
    private int pendingTail;
    private long nextId;

    /**
     * @param kind   what the transfers look like.
     * @param seed   the seed of every random choice.
     * @param shards the shard count that {@link Kind#CROSS_SHARD} spans (as {@link ShardHash} assigns accounts).
     * @param idBase the id before the first transfer's, at least 0 and far below 2^63.
     */
    LoadWorkload(final Kind kind, final long seed, final int shards, final long idBase)
    {
        if (kind == Kind.CROSS_SHARD && shards < 2)
        {
            throw new IllegalArgumentException("cross_shard needs at least 2 shards: " + shards);
        }
        this.kind = kind;
        this.shards = shards;
        this.random = new SplittableRandom(seed);
        this.nextId = idBase + 1;
    }

    /** @return the workload's kind. */
    Kind kind()
    {
        return kind;
    }

    /**
     * The next {@code count} transfers, in a buffer taken from {@code free} or, when none is there, a new one.
     *
     * @param free  buffers of {@code count} records whose requests have been answered.
     * @param count events, 1..8189.
     * @return the buffer.
     */
    UnsafeBuffer next(final Queue<UnsafeBuffer> free, final int count)
    {
        UnsafeBuffer buffer = free.poll();
        if (buffer == null)
        {
            buffer = new UnsafeBuffer(new byte[count * LedgerLimits.RECORD_LENGTH]);
        }
        next(buffer, count);
        return buffer;
    }

    /**
     * Writes the next {@code count} transfers as wire records.
     *
     * @param batch where, from offset 0, {@code count} records of {@link LedgerLimits#RECORD_LENGTH} bytes.
     * @param count events, 1..8189.
     */
    void next(final MutableDirectBuffer batch, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final int offset = i * LedgerLimits.RECORD_LENGTH;
            batch.setMemory(offset, LedgerLimits.RECORD_LENGTH, (byte)0);
            final long id = nextId++;
            batch.putLong(offset + Wire.ID, id, Wire.ORDER);
            batch.putInt(offset + Wire.LEDGER, LEDGER, Wire.ORDER);
            batch.putShort(offset + Wire.CODE, (short)CODE, Wire.ORDER);
            final int draw = kind == Kind.TWO_PHASE ? random.nextInt(10) : 9;
            if (draw == 0 && pendingTail != pendingHead && pendingIds[pendingHead] <= id - RESOLVE_AFTER)
            {
                final int slot = pendingHead;
                pendingHead = (pendingHead + 1) & (PENDING_QUEUE - 1);
                final boolean post = random.nextBoolean();
                batch.putLong(offset + Wire.TRANSFER_PENDING_ID, pendingIds[slot], Wire.ORDER);
                batch.putLong(offset + Wire.TRANSFER_AMOUNT, post ? pendingAmounts[slot] : 0, Wire.ORDER);
                batch.putShort(offset + Wire.FLAGS,
                    (short)(post ? TransferFlags.POST_PENDING_TRANSFER : TransferFlags.VOID_PENDING_TRANSFER), Wire.ORDER);
                continue;
            }
            final long amount = 1 + random.nextInt(AMOUNT_MAX);
            final long debit = 1 + random.nextInt(kind.accounts());
            final long credit = credit(debit);
            batch.putLong(offset + Wire.TRANSFER_DEBIT_ACCOUNT_ID, debit, Wire.ORDER);
            batch.putLong(offset + Wire.TRANSFER_CREDIT_ACCOUNT_ID, credit, Wire.ORDER);
            batch.putLong(offset + Wire.TRANSFER_AMOUNT, amount, Wire.ORDER);
            final int nextTail = (pendingTail + 1) & (PENDING_QUEUE - 1);
            if (draw == 1 && nextTail != pendingHead)
            {
                batch.putShort(offset + Wire.FLAGS, (short)TransferFlags.PENDING, Wire.ORDER);
                pendingIds[pendingTail] = id;
                pendingAmounts[pendingTail] = amount;
                pendingTail = nextTail;
            }
        }
    }

    private long credit(final long debit)
    {
        final int accounts = kind.accounts();
        while (true)
        {
            long credit = 1 + random.nextInt(accounts - 1);
            credit = credit >= debit ? credit + 1 : credit;
            if (kind != Kind.CROSS_SHARD || ShardHash.shardOf(credit, 0, shards) != ShardHash.shardOf(debit, 0, shards))
            {
                return credit;
            }
        }
    }
}
