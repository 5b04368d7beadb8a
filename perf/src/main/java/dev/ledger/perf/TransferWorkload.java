package dev.ledger.perf;

import dev.ledger.core.BatchStatus;
import dev.ledger.core.CreateAccountResult;
import dev.ledger.core.CreateTransferResult;
import dev.ledger.core.Ledger;
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.TransferFlags;
import dev.ledger.core.Wire;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * An endless stream of full create_transfers batches for one {@link Scenario}, every event of which succeeds
 * on a ledger that holds the scenario's accounts.
 * <p>
 * The events are generated once, as a ring of {@link #RING_BATCHES} pre-encoded batch templates. Batch number
 * {@code s} of the stream is template {@code s mod RING_BATCHES} with the high half of every id set to
 * {@code s}: event {@code i} has id {@code (lo(i), s)}, so ids never repeat. A post or void names its pending
 * transfer as {@code (lo(j), s)} or, when the pending transfer was made in the previous batch,
 * {@code (lo(j), s - 1)}. With sequential ids {@code lo(i) = i + 1}, as a counter hands them out; with random
 * ids {@code lo(i)} is a fixed scramble of {@code i + 1} (a bijection, so still unique), as time-based ids
 * with random low bits look to the id index. Stamping a batch costs one 8-byte store per event (plus one per post or void) into the
 * 1 MiB batch, about 0.2% of applying it; it is part of every measured operation.
 * <p>
 * A fresh ledger must first get the accounts ({@link #createAccounts}) and then {@link #prime} it, which creates
 * the pending transfers that the next batch of the stream posts or voids.
 * <p>
 * Not thread-safe; the stream keeps its position and the cluster time across ledgers.
 */
final class TransferWorkload
{
    /** Events per batch: the largest batch the state machine accepts. */
    static final int BATCH_EVENTS = LedgerLimits.BATCH_EVENTS_MAX;
    /** Distinct batch templates: enough that a batch is not just a replay of the one before it. */
    static final int RING_BATCHES = 64;
    /** Cluster time of the first batch: 2026-01-01T00:00:00Z in nanoseconds. */
    static final long CLUSTER_TIME_START_NS = 1_767_225_600_000_000_000L;
    /** Cluster time between batches: a log message per millisecond. */
    static final long CLUSTER_TIME_STEP_NS = 1_000_000L;

    private static final ByteOrder ORDER = Wire.ORDER;
    private static final int RECORD = LedgerLimits.RECORD_LENGTH;
    private static final int LEDGER = 1;
    private static final int CODE = 1;
    private static final int AMOUNT_MAX = 1_000;
    /** A pending transfer is drawn for 1 in 9 of the positions not already taken by a post or void: 10% of all. */
    private static final int PENDING_ONE_IN = 9;

    private static final byte UNDECIDED = 0;
    private static final byte SINGLE = 1;
    private static final byte PENDING = 2;
    private static final byte POST = 3;
    private static final byte VOID = 4;

    private final Scenario scenario;
    private final boolean randomIds;
    private final UnsafeBuffer[] ring = new UnsafeBuffer[RING_BATCHES];
    /** Per template, each post or void as {@code index << 1 | 1 if its pending transfer is in the previous batch}. */
    private final int[][] resolutions = new int[RING_BATCHES][];
    /** Per template, the indexes of its pending transfers that the next batch posts or voids. */
    private final int[][] carried = new int[RING_BATCHES][];
    private final UnsafeBuffer scratch = newBatchBuffer(BATCH_EVENTS * RECORD);
    private final UnsafeBuffer results = newBatchBuffer(BATCH_EVENTS * LedgerLimits.RESULT_LENGTH);
    private final String description;
    private long sequence = 1;
    private long clusterTimeNs = CLUSTER_TIME_START_NS;
    private BatchListener listener;

    /** Told of every batch applied, as the ledger saw it: for benchmarks that journal what they apply. */
    @FunctionalInterface
    interface BatchListener
    {
        void onApplied(boolean transfers, long clusterTimeNs, UnsafeBuffer events, int count, int status,
            UnsafeBuffer results);
    }

    void listener(final BatchListener listener)
    {
        this.listener = listener;
    }

    private void applied(final boolean transfers, final long clusterTimeNs, final UnsafeBuffer events,
        final int count, final int status)
    {
        if (listener != null)
        {
            listener.onApplied(transfers, clusterTimeNs, events, count, status, results);
        }
    }

    /**
     * Generates the ring of batches.
     *
     * @param scenario  what the transfers look like.
     * @param seed      the seed of every random choice: the same seed gives the same stream.
     * @param randomIds ids with random low halves, else sequential ones.
     */
    TransferWorkload(final Scenario scenario, final long seed, final boolean randomIds)
    {
        this.scenario = scenario;
        this.randomIds = randomIds;
        final SplittableRandom random = new SplittableRandom(seed);
        final int total = RING_BATCHES * BATCH_EVENTS;
        final byte[] kinds = new byte[total];
        final int[] pendingOf = new int[total];
        if (scenario == Scenario.TWO_PHASE)
        {
            placeTwoPhase(kinds, pendingOf, random);
        }
        final int[] amounts = new int[total];
        for (int p = 0; p < total; p++)
        {
            amounts[p] = 1 + random.nextInt(AMOUNT_MAX);
        }
        final int[] counts = new int[VOID + 1];
        int previousBatch = 0;
        for (int t = 0; t < RING_BATCHES; t++)
        {
            ring[t] = newBatchBuffer(BATCH_EVENTS * RECORD);
            int resolutionCount = 0;
            int carriedCount = 0;
            for (int i = 0; i < BATCH_EVENTS; i++)
            {
                final int p = t * BATCH_EVENTS + i;
                final byte kind = kinds[p] == UNDECIDED ? SINGLE : kinds[p];
                counts[kind]++;
                resolutionCount += kind >= POST ? 1 : 0;
                if (kind == PENDING)
                {
                    carriedCount += resolutionBatch(pendingOf, p) != t ? 1 : 0;
                }
            }
            resolutions[t] = new int[resolutionCount];
            carried[t] = new int[carriedCount];
            resolutionCount = 0;
            carriedCount = 0;
            for (int i = 0; i < BATCH_EVENTS; i++)
            {
                final int p = t * BATCH_EVENTS + i;
                final byte kind = kinds[p] == UNDECIDED ? SINGLE : kinds[p];
                final int offset = i * RECORD;
                if (kind == POST || kind == VOID)
                {
                    final int pending = pendingOf[p];
                    final boolean inPrevious = pending / BATCH_EVENTS != t;
                    previousBatch += inPrevious ? 1 : 0;
                    resolutions[t][resolutionCount++] = i << 1 | (inPrevious ? 1 : 0);
                    encodeResolution(ring[t], offset, i, kind, pending % BATCH_EVENTS, amounts[pending]);
                }
                else
                {
                    if (kind == PENDING && resolutionBatch(pendingOf, p) != t)
                    {
                        carried[t][carriedCount++] = i;
                    }
                    final int flags = kind == PENDING ? TransferFlags.PENDING :
                        scenario == Scenario.CHAINS ? chainFlag(i) : 0;
                    encodeTransfer(ring[t], offset, i, flags, amounts[p], random);
                }
            }
        }
        description = String.format(
            "%s, %s ids: %d batches x %d events over %d accounts; %d single-phase, %d pending, %d post, " +
            "%d void (%d posts or voids of a pending transfer of the previous batch)",
            scenario.parameterName(), randomIds ? "random" : "sequential", RING_BATCHES, BATCH_EVENTS, scenario.accounts(), counts[SINGLE],
            counts[PENDING], counts[POST], counts[VOID], previousBatch);
    }

    /**
     * Picks the pending transfers and, for each, a later position of the same or the next batch (cyclically:
     * the first template follows the last) for its post or void.
     */
    private static void placeTwoPhase(final byte[] kinds, final int[] pendingOf, final SplittableRandom random)
    {
        final int total = kinds.length;
        for (int p = 0; p < total; p++)
        {
            if (kinds[p] != UNDECIDED)
            {
                continue;
            }
            kinds[p] = SINGLE;
            if (random.nextInt(PENDING_ONE_IN) != 0)
            {
                continue;
            }
            final int last = (p / BATCH_EVENTS + 2) * BATCH_EVENTS - 1;
            for (int j = p + 1 + random.nextInt(BATCH_EVENTS - 1); j <= last; j++)
            {
                // Positions wrapped around to the start of the ring were decided already; singles may become posts.
                final int q = j % total;
                if (kinds[q] == UNDECIDED || kinds[q] == SINGLE)
                {
                    kinds[p] = PENDING;
                    kinds[q] = random.nextBoolean() ? POST : VOID;
                    pendingOf[q] = p;
                    pendingOf[p] = q;
                    break;
                }
            }
        }
    }

    private static int resolutionBatch(final int[] pendingOf, final int pending)
    {
        return pendingOf[pending] / BATCH_EVENTS;
    }

    /** Chains of {@link Scenario#CHAIN_LENGTH}; the batch's last event is left alone so no chain stays open. */
    private static int chainFlag(final int index)
    {
        return index < BATCH_EVENTS - 1 && index % Scenario.CHAIN_LENGTH != Scenario.CHAIN_LENGTH - 1 ?
            TransferFlags.LINKED : 0;
    }

    private void encodeTransfer(
        final UnsafeBuffer batch,
        final int offset,
        final int index,
        final int flags,
        final int amount,
        final SplittableRandom random)
    {
        final int accounts = scenario.accounts();
        final int debit = 1 + random.nextInt(accounts);
        int credit = 1 + random.nextInt(accounts - 1);
        credit = credit >= debit ? credit + 1 : credit;
        batch.setMemory(offset, RECORD, (byte)0);
        batch.putLong(offset + Wire.ID, idLo(index), ORDER);
        batch.putLong(offset + Wire.TRANSFER_DEBIT_ACCOUNT_ID, debit, ORDER);
        batch.putLong(offset + Wire.TRANSFER_CREDIT_ACCOUNT_ID, credit, ORDER);
        batch.putLong(offset + Wire.TRANSFER_AMOUNT, amount, ORDER);
        batch.putInt(offset + Wire.LEDGER, LEDGER, ORDER);
        batch.putShort(offset + Wire.CODE, (short)CODE, ORDER);
        batch.putShort(offset + Wire.FLAGS, (short)flags, ORDER);
    }

    /** The low half of the id of event {@code index} of a batch: never 0, distinct per index. */
    private long idLo(final int index)
    {
        if (!randomIds)
        {
            return index + 1;
        }
        // The SplitMix64 finalizer: a bijection of the longs that maps only 0 to 0.
        long z = index + 1;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private void encodeResolution(
        final UnsafeBuffer batch,
        final int offset,
        final int index,
        final byte kind,
        final int pendingIndex,
        final int pendingAmount)
    {
        batch.setMemory(offset, RECORD, (byte)0);
        batch.putLong(offset + Wire.ID, idLo(index), ORDER);
        batch.putLong(offset + Wire.TRANSFER_PENDING_ID, idLo(pendingIndex), ORDER);
        // A post moves the full pending amount, named explicitly; a void names no amount (0 voids it all).
        batch.putLong(offset + Wire.TRANSFER_AMOUNT, kind == POST ? pendingAmount : 0, ORDER);
        batch.putInt(offset + Wire.LEDGER, LEDGER, ORDER);
        batch.putShort(offset + Wire.CODE, (short)CODE, ORDER);
        final int flags = kind == POST ? TransferFlags.POST_PENDING_TRANSFER : TransferFlags.VOID_PENDING_TRANSFER;
        batch.putShort(offset + Wire.FLAGS, (short)flags, ORDER);
    }

    private static UnsafeBuffer newBatchBuffer(final int length)
    {
        return new UnsafeBuffer(BufferUtil.allocateDirectAligned(length, 64));
    }

    /**
     * @return what the ring holds, for the log.
     */
    String description()
    {
        return description;
    }

    /**
     * Creates the scenario's accounts, ids 1..n, in full batches, and checks that each one was created.
     *
     * @param ledger a ledger without accounts.
     */
    void createAccounts(final Ledger ledger)
    {
        final int accounts = scenario.accounts();
        for (int first = 1; first <= accounts; first += BATCH_EVENTS)
        {
            final int count = Math.min(BATCH_EVENTS, accounts - first + 1);
            scratch.setMemory(0, count * RECORD, (byte)0);
            for (int i = 0; i < count; i++)
            {
                final int offset = i * RECORD;
                scratch.putLong(offset + Wire.ID, first + i, ORDER);
                scratch.putInt(offset + Wire.LEDGER, LEDGER, ORDER);
                scratch.putShort(offset + Wire.CODE, (short)CODE, ORDER);
            }
            final int status = ledger.createAccounts(clusterTimeNs, scratch, 0, count, results, 0);
            applied(false, clusterTimeNs, scratch, count, status);
            clusterTimeNs += CLUSTER_TIME_STEP_NS;
            requireBatchOk(status, "create_accounts");
            for (int i = 0; i < count; i++)
            {
                final int code = results.getInt(i * LedgerLimits.RESULT_LENGTH, ORDER);
                if (code != 0)
                {
                    throw new IllegalStateException("account " + (first + i) + " was not created: " +
                        CreateAccountResult.of(code).wireName());
                }
            }
        }
    }

    /**
     * Creates, on a fresh ledger, the pending transfers of the previous batch of the stream that the next batch
     * posts or voids, with the ids they have in the stream, and checks that each one was created.
     *
     * @param ledger a ledger with the accounts and no transfers.
     * @return transfers created.
     */
    int prime(final Ledger ledger)
    {
        final int template = (int)((sequence - 1) & (RING_BATCHES - 1));
        final int[] pendings = carried[template];
        if (pendings.length == 0)
        {
            return 0;
        }
        for (int k = 0; k < pendings.length; k++)
        {
            scratch.putBytes(k * RECORD, ring[template], pendings[k] * RECORD, RECORD);
            scratch.putLong(k * RECORD + Wire.ID + 8, sequence - 1, ORDER);
        }
        final int status = ledger.createTransfers(clusterTimeNs, scratch, 0, pendings.length, results, 0);
        applied(true, clusterTimeNs, scratch, pendings.length, status);
        clusterTimeNs += CLUSTER_TIME_STEP_NS;
        requireBatchOk(status, "priming create_transfers");
        requireResultsOk(pendings.length, -1);
        return pendings.length;
    }

    /**
     * Applies the next {@code batches} batches of the stream and checks every result.
     *
     * @param ledger  the ledger, with the accounts, primed.
     * @param batches how many.
     * @return transfers created.
     */
    long applyChecked(final Ledger ledger, final int batches)
    {
        for (int b = 0; b < batches; b++)
        {
            final long number = sequence;
            requireBatchOk(applyNext(ledger), "create_transfers");
            requireResultsOk(BATCH_EVENTS, number);
        }
        return (long)batches * BATCH_EVENTS;
    }

    /**
     * Stamps the ids of the next batch of the stream and applies it: the measured operation.
     *
     * @param ledger the ledger.
     * @return the {@link BatchStatus}.
     */
    int applyNext(final Ledger ledger)
    {
        final long number = sequence;
        final int template = (int)(number & (RING_BATCHES - 1));
        final UnsafeBuffer batch = ring[template];
        for (int offset = Wire.ID + 8; offset < BATCH_EVENTS * RECORD; offset += RECORD)
        {
            batch.putLong(offset, number, ORDER);
        }
        for (final int resolution : resolutions[template])
        {
            final int offset = (resolution >>> 1) * RECORD + Wire.TRANSFER_PENDING_ID + 8;
            batch.putLong(offset, number - (resolution & 1), ORDER);
        }
        final int status = ledger.createTransfers(clusterTimeNs, batch, 0, BATCH_EVENTS, results, 0);
        applied(true, clusterTimeNs, batch, BATCH_EVENTS, status);
        sequence = number + 1;
        clusterTimeNs += CLUSTER_TIME_STEP_NS;
        return status;
    }

    /** Checks the results of the batch with the given number in the stream, or of the priming batch (-1). */
    private void requireResultsOk(final int count, final long number)
    {
        for (int i = 0; i < count; i++)
        {
            final int code = results.getInt(i * LedgerLimits.RESULT_LENGTH, ORDER);
            if (code != 0)
            {
                final String batch = number < 0 ? "the priming batch" :
                    "batch " + number + " (template " + (number & (RING_BATCHES - 1)) + ")";
                throw new IllegalStateException(scenario.parameterName() + ": " + batch + ", event " + i +
                    " was not applied: " + CreateTransferResult.of(code).wireName());
            }
        }
    }

    static void requireBatchOk(final int status, final String what)
    {
        if (status != BatchStatus.OK)
        {
            throw new IllegalStateException(what + " refused the whole batch with status " + status +
                (status == BatchStatus.TRANSFERS_FULL ? " (TRANSFERS_FULL: raise the transfer capacity)" : ""));
        }
    }
}
