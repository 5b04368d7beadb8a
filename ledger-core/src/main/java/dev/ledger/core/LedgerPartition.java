package dev.ledger.core;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * One shard's part of a ledger split by account: the accounts whose ids hash to the shard, and every
 * transfer that touches one of them (a transfer between two shards is stored by both). Driven by a shard
 * loop that sees every batch of the log, so that event timestamps, expiries and linked chains come out
 * exactly as one {@link Ledger} given the whole log would decide them:
 * <ol>
 *   <li>{@link #hasRoom} for the events of the batch this shard takes part in; the batch is refused
 *       everywhere if any shard says no;</li>
 *   <li>{@link #takeExpiryCandidates}, exchanged with every shard, merged in (deadline, timestamp) order
 *       without duplicates, then {@link #settleExpiries} with the merged list;</li>
 *   <li>{@link #apply} with a gate that, for each event this shard takes part in, sends the other shards
 *       taking part what this one holds ({@link #exportFor}) and loads what they hold ({@link #importFor}).</li>
 * </ol>
 * Every shard that takes part in an event decides it with the same records, so all reach the same result;
 * each keeps only the effects on its own records. No thread, clock or I/O here either: the shard machinery
 * sits on top. Between batches, {@link #ledger()} answers lookups for this shard's records.
 */
public final class LedgerPartition
{
    /** The most bytes {@link #exportFor} writes for one event. */
    public static final int EXPORT_MAX = ForeignRecords.EXPORT_MAX;

    private final Ledger ledger;
    private final long[] candidateDeadlines = new long[LedgerLimits.EXPIRIES_PER_STEP_MAX];
    private final long[] candidateTimestamps = new long[LedgerLimits.EXPIRIES_PER_STEP_MAX];
    private final int[] candidateReferences = new int[LedgerLimits.EXPIRIES_PER_STEP_MAX];
    private int candidateCount;

    /**
     * @param config this shard's capacities.
     */
    public LedgerPartition(final LedgerConfig config)
    {
        ledger = new Ledger(config);
    }

    /** This shard's records, for lookups and queries between batches. */
    public Ledger ledger()
    {
        return ledger;
    }

    /**
     * Whether this shard can store what {@code events} events of a batch may create (every one new).
     *
     * @param isTransfers create_transfers, else create_accounts.
     * @param events      the events of the batch this shard takes part in.
     * @return false when the batch must be refused ({@link BatchStatus#TRANSFERS_FULL} or ACCOUNTS_FULL).
     */
    public boolean hasRoom(final boolean isTransfers, final int events)
    {
        if (isTransfers)
        {
            return ledger.transfers().remaining() >= events && ledger.history().snapshotsRemaining() >= 2 * events;
        }
        return ledger.accounts().capacity() - ledger.accounts().count() >= events;
    }

    /**
     * Takes out of the expiry queue the pending transfers that may expire in the batch at {@code clusterTimeNs}
     * (deadline within {@link LedgerLimits#EXPIRIES_PER_STEP_MAX} nanoseconds of the batch's first timestamp),
     * oldest deadline first, at most that many. {@link #settleExpiries} expires them or puts them back.
     *
     * @param deadlines  receives each candidate's deadline.
     * @param timestamps receives each candidate's creation timestamp (unique across the ledger).
     * @return how many candidates were written.
     */
    public int takeExpiryCandidates(final long clusterTimeNs, final long[] deadlines, final long[] timestamps)
    {
        final ExpiryQueue expiries = ledger.expiries();
        final TransferStore transfers = ledger.transfers();
        final long bound = Math.max(clusterTimeNs, ledger.lastTimestampNs() + 1) + LedgerLimits.EXPIRIES_PER_STEP_MAX - 1;
        candidateCount = 0;
        while (candidateCount < LedgerLimits.EXPIRIES_PER_STEP_MAX && !expiries.isEmpty() && expiries.peekDeadline() <= bound)
        {
            final int transfer = expiries.peekReference();
            final long deadline = expiries.peekDeadline();
            expiries.removeTop();
            if (transfers.status[transfer] == TransferStore.STATUS_PENDING)
            {
                candidateDeadlines[candidateCount] = deadline;
                candidateTimestamps[candidateCount] = transfers.timestamp(transfer);
                candidateReferences[candidateCount] = transfer;
                deadlines[candidateCount] = deadline;
                timestamps[candidateCount] = transfers.timestamp(transfer);
                candidateCount++;
            }
        }
        return candidateCount;
    }

    /**
     * Expires, exactly as {@link Ledger#expirePendingTransfers} would on one ledger, given every shard's
     * candidates merged: ordered by (deadline, timestamp), each transfer once.
     *
     * @return how many transfers of the whole ledger expired: the same on every shard.
     */
    public int settleExpiries(final long clusterTimeNs, final long[] deadlines, final long[] timestamps, final int count)
    {
        long timestamp = Math.max(clusterTimeNs, ledger.lastTimestampNs() + 1);
        int local = 0;
        int expired = 0;
        for (int k = 0; k < count && expired < LedgerLimits.EXPIRIES_PER_STEP_MAX && deadlines[k] <= timestamp; k++)
        {
            if (local < candidateCount && candidateTimestamps[local] == timestamps[k])
            {
                ledger.expire(candidateReferences[local], timestamp);
                local++;
            }
            ledger.lastTimestampNs(timestamp);
            timestamp++;
            expired++;
        }
        for (int i = local; i < candidateCount; i++)
        {
            ledger.expiries().add(candidateDeadlines[i], candidateReferences[i]);
        }
        candidateCount = 0;
        return expired;
    }

    /**
     * Applies this shard's part of a create batch (after {@link #settleExpiries}). Results of events the gate
     * declines are left untouched.
     *
     * @param batchImported whether the batch's first event is imported (the whole batch's mode).
     */
    public void apply(
        final boolean isTransfers,
        final long clusterTimeNs,
        final DirectBuffer events,
        final int offset,
        final int count,
        final MutableDirectBuffer results,
        final int resultsOffset,
        final boolean batchImported,
        final EventGate gate)
    {
        Ledger.requireBatch(events, offset, count, results, resultsOffset);
        ledger.applyBatch(isTransfers, clusterTimeNs, events, offset, count, results, resultsOffset, batchImported, gate);
    }

    /**
     * Writes what this shard holds that the event reads, for the other shards taking part in it.
     *
     * @param imported whether the batch is imported (adds this shard's timestamp facts).
     * @return bytes written, at most {@link #EXPORT_MAX}.
     */
    public int exportFor(
        final DirectBuffer events, final int eventOffset, final boolean isTransfers, final boolean imported,
        final MutableDirectBuffer out, final int outOffset)
    {
        return ledger.foreign().export(events, eventOffset, isTransfers, imported, out, outOffset);
    }

    /**
     * The ids of every record the event may read or change here (accounts, its id, its pending id), for a shard
     * that exports records ahead of time: an event's records may be exported early while no event between holds
     * one of these ids. See {@code ForeignRecords.recordIds}.
     *
     * @param out receives up to 4 (low, high) pairs.
     * @return how many pairs, or -1 when not knowable yet (then nothing after it may be exported early).
     */
    public int recordIds(final DirectBuffer events, final int eventOffset, final boolean isTransfers, final long[] out)
    {
        return ledger.foreign().recordIds(events, eventOffset, isTransfers, out);
    }

    /** Loads what another shard exported for the current event; dropped when the event is decided. */
    public void importFor(final DirectBuffer in, final int offset, final int length)
    {
        ledger.foreign().load(in, offset, length);
    }

    /** For the current create_accounts event: whether a new account is stored here (its own shard). */
    public void keepNewAccount(final boolean keep)
    {
        ledger.foreign().keepNewAccount(keep);
    }
}
