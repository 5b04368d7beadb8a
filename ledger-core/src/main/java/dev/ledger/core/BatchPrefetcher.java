package dev.ledger.core;

import org.agrona.DirectBuffer;

/**
 * Warms the caches for a create_transfers batch before it is applied, as TigerBeetle prefetches: in three
 * passes of independent loads, so that the processor overlaps dozens of memory misses instead of waiting for
 * each in turn: (1) the id index home slots of every transfer id, account id and pending id; (2) the account
 * records those slots point at; (3) the transfers at the tails of those accounts' lists, whose links the
 * new transfers will write.
 * <p>
 * It only reads, and its answers are never used for a decision: a slot may belong to another id. It changes
 * nothing the state machine computes, only how long it waits for memory.
 */
final class BatchPrefetcher
{
    private static final java.nio.ByteOrder ORDER = Wire.ORDER;

    private final AccountStore accounts;
    private final TransferStore transfers;
    private final int[] accountReferences = new int[2 * LedgerLimits.BATCH_EVENTS_MAX];
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

    void prefetchTransfers(final DirectBuffer events, final int offset, final int count)
    {
        long sum = 0;
        int references = 0;
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
                continue;
            }
            accountReferences[references++] = accounts.homeReference(
                events.getLong(eventOffset + Wire.TRANSFER_DEBIT_ACCOUNT_ID, ORDER),
                events.getLong(eventOffset + Wire.TRANSFER_DEBIT_ACCOUNT_ID + 8, ORDER));
            accountReferences[references++] = accounts.homeReference(
                events.getLong(eventOffset + Wire.TRANSFER_CREDIT_ACCOUNT_ID, ORDER),
                events.getLong(eventOffset + Wire.TRANSFER_CREDIT_ACCOUNT_ID + 8, ORDER));
        }
        final long[] a = accounts.records;
        final int accountCount = accounts.count();
        for (int i = 0; i < references; i++)
        {
            final int account = accountReferences[i];
            if (account >= 0 && account < accountCount)
            {
                final int base = AccountStore.base(account);
                sum += a[base + AccountStore.DEBITS_PENDING] + a[base + AccountStore.CODE_FLAGS];
                // The tail of the list this transfer joins: debit list for even entries, credit list for odd.
                accountReferences[i] = AccountHistory.high(a[base + AccountStore.DEBIT_LIST + (i & 1)]);
            }
            else
            {
                accountReferences[i] = AccountHistory.NONE;
            }
        }
        final long[] t = transfers.records;
        final int transferCount = transfers.count();
        for (int i = 0; i < references; i++)
        {
            final int tail = accountReferences[i];
            if (tail >= 0 && tail < transferCount)
            {
                sum += t[TransferStore.base(tail) + TransferStore.NEXT];
            }
        }
        sink += sum;
    }
}
