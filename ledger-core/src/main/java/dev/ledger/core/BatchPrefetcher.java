package dev.ledger.core;

import org.agrona.DirectBuffer;

/**
 * Warms the caches for the events of a create_transfers batch a few events before they are applied, as
 * TigerBeetle prefetches, so that the processor overlaps the memory misses of many events instead of waiting
 * for each in turn. First one tight pass over the batch reads the id-index slots of every transfer id and
 * pending id; then a two-stage pipeline of plain loads runs ahead of the event being applied:
 * {@link #SLOT_DISTANCE} events ahead it reads the account index slots of both account ids,
 * {@link #RECORD_DISTANCE} events ahead the account records those slots pointed at. Working close ahead keeps
 * the warmed account lines in the near caches until they are used.
 * <p>
 * It only reads, and its answers are never used for a decision (a home slot may belong to another id): it
 * changes nothing the state machine computes, only how long it waits for memory.
 */
final class BatchPrefetcher
{
    static final int SLOT_DISTANCE = 16;
    static final int RECORD_DISTANCE = 8;
    private static final int RING_MASK = 31;
    private static final java.nio.ByteOrder ORDER = Wire.ORDER;

    private final AccountStore accounts;
    private final TransferStore transfers;
    /** Debit and credit account references found by the slot stage, per event modulo the ring. */
    private final int[] accountReferences = new int[2 * (RING_MASK + 1)];
    /** Consumes what was read so that the compiler cannot drop the loads. */
    private long sink;

    BatchPrefetcher(final AccountStore accounts, final TransferStore transfers)
    {
        this.accounts = accounts;
        this.transfers = transfers;
    }

    long sink()
    {
        return sink;
    }

    /**
     * Before the first event of a batch: reads the id-index slots of every transfer id and pending id of the
     * batch in one tight loop (many misses in flight at once), then fills the account pipeline.
     */
    void start(final DirectBuffer events, final int offset, final int count)
    {
        long sum = 0;
        for (int i = 0; i < count; i++)
        {
            final int eventOffset = offset + i * LedgerLimits.RECORD_LENGTH;
            sum += transfers.homeReference(
                events.getLong(eventOffset + Wire.ID, ORDER), events.getLong(eventOffset + Wire.ID + 8, ORDER));
            final long pendingLo = events.getLong(eventOffset + Wire.TRANSFER_PENDING_ID, ORDER);
            final long pendingHi = events.getLong(eventOffset + Wire.TRANSFER_PENDING_ID + 8, ORDER);
            if (pendingLo != 0 || pendingHi != 0)
            {
                sum += transfers.homeReference(pendingLo, pendingHi);
            }
        }
        sink += sum;
        final int slots = Math.min(SLOT_DISTANCE, count);
        for (int i = 0; i < slots; i++)
        {
            readSlots(events, offset, i);
        }
        final int records = Math.min(RECORD_DISTANCE, count);
        for (int i = 0; i < records; i++)
        {
            readRecords(i);
        }
    }

    /** Advances the pipeline as event {@code index} is about to be applied. */
    void advance(final DirectBuffer events, final int offset, final int index, final int count)
    {
        if (index + SLOT_DISTANCE < count)
        {
            readSlots(events, offset, index + SLOT_DISTANCE);
        }
        if (index + RECORD_DISTANCE < count)
        {
            readRecords(index + RECORD_DISTANCE);
        }
    }

    private void readSlots(final DirectBuffer events, final int offset, final int index)
    {
        final int eventOffset = offset + index * LedgerLimits.RECORD_LENGTH;
        final int ring = 2 * (index & RING_MASK);
        accountReferences[ring] = accounts.homeReference(
            events.getLong(eventOffset + Wire.TRANSFER_DEBIT_ACCOUNT_ID, ORDER),
            events.getLong(eventOffset + Wire.TRANSFER_DEBIT_ACCOUNT_ID + 8, ORDER));
        accountReferences[ring + 1] = accounts.homeReference(
            events.getLong(eventOffset + Wire.TRANSFER_CREDIT_ACCOUNT_ID, ORDER),
            events.getLong(eventOffset + Wire.TRANSFER_CREDIT_ACCOUNT_ID + 8, ORDER));
    }

    private void readRecords(final int index)
    {
        final int ring = 2 * (index & RING_MASK);
        sink += readRecord(accountReferences[ring]) + readRecord(accountReferences[ring + 1]);
    }

    private long readRecord(final int account)
    {
        if (account < 0 || account >= accounts.count())
        {
            return 0;
        }
        // The balances, the flags and the list tails: the lines the transfer reads and writes.
        final long[] a = accounts.records;
        final int base = AccountStore.base(account);
        return a[base + AccountStore.DEBITS_PENDING] + a[base + AccountStore.CODE_FLAGS] +
            a[base + AccountStore.CREDIT_LIST];
    }
}
