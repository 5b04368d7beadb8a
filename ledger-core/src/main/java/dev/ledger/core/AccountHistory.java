package dev.ledger.core;

/**
 * Per account, the transfers it took part in, as two doubly linked lists threaded through the transfer
 * records (one for its debits, one for its credits; both in timestamp order), and for accounts with the
 * {@code history} flag the balances after each of those transfers.
 * <p>
 * Appending a transfer writes only the new record, the account's list tail and the old tail's next link
 * (a plain int store);
 * a rolled-back transfer is always the newest, so unlinking it is as cheap.
 */
final class AccountHistory
{
    static final int NONE = -1;
    /** Longs in one balance snapshot: debits_pending, debits_posted, credits_pending, credits_posted. */
    static final int SNAPSHOT_LONGS = 8;

    private final AccountStore accounts;
    private final TransferStore transfers;
    final long[] snapshots;
    private final int snapshotsMax;
    private int snapshotCount;

    AccountHistory(final AccountStore accounts, final TransferStore transfers, final int snapshotsMax)
    {
        this.accounts = accounts;
        this.transfers = transfers;
        this.snapshotsMax = snapshotsMax;
        this.snapshots = new long[Math.multiplyExact(snapshotsMax, SNAPSHOT_LONGS)];
    }

    static int low(final long packed)
    {
        return (int)packed;
    }

    static int high(final long packed)
    {
        return (int)(packed >>> 32);
    }

    static long pack(final int low, final int high)
    {
        return (low & 0xFFFF_FFFFL) | ((long)high << 32);
    }

    int snapshotCount()
    {
        return snapshotCount;
    }

    int snapshotsRemaining()
    {
        return snapshotsMax - snapshotCount;
    }

    /**
     * Links a new transfer into its accounts' lists and, for history accounts, records their balances as
     * they are now (after the transfer).
     */
    void link(final int transfer)
    {
        final long[] t = transfers.records;
        final long[] a = accounts.records;
        final int transferBase = TransferStore.base(transfer);
        final long references = t[transferBase + TransferStore.ACCOUNTS];
        final int debitBase = AccountStore.base(low(references));
        final int creditBase = AccountStore.base(high(references));

        final long debitList = a[debitBase + AccountStore.DEBIT_LIST];
        final long creditList = a[creditBase + AccountStore.CREDIT_LIST];
        final int debitTail = high(debitList);
        final int creditTail = high(creditList);
        t[transferBase + TransferStore.PREVIOUS] = pack(debitTail, creditTail);
        transfers.nextDebit[transfer] = NONE;
        transfers.nextCredit[transfer] = NONE;
        if (debitTail == NONE)
        {
            a[debitBase + AccountStore.DEBIT_LIST] = pack(transfer, transfer);
        }
        else
        {
            transfers.nextDebit[debitTail] = transfer;
            a[debitBase + AccountStore.DEBIT_LIST] = pack(low(debitList), transfer);
        }
        if (creditTail == NONE)
        {
            a[creditBase + AccountStore.CREDIT_LIST] = pack(transfer, transfer);
        }
        else
        {
            transfers.nextCredit[creditTail] = transfer;
            a[creditBase + AccountStore.CREDIT_LIST] = pack(low(creditList), transfer);
        }

        final int debitSnapshot = snapshot(debitBase);
        final int creditSnapshot = snapshot(creditBase);
        t[transferBase + TransferStore.HISTORY] = pack(debitSnapshot, creditSnapshot);
    }

    private int snapshot(final int accountBase)
    {
        final long[] a = accounts.records;
        final int flags = (int)(a[accountBase + AccountStore.CODE_FLAGS] >>> 16) & 0xFFFF;
        if ((flags & AccountFlags.HISTORY) == 0)
        {
            return NONE;
        }
        final int snapshot = snapshotCount++;
        System.arraycopy(a, accountBase + AccountStore.DEBITS_PENDING, snapshots, snapshot * SNAPSHOT_LONGS, SNAPSHOT_LONGS);
        return snapshot;
    }

    /**
     * Unlinks the newest transfer and drops the snapshots taken for it.
     */
    void unlinkNewest(final int transfer, final int snapshotCountBefore)
    {
        final long[] t = transfers.records;
        final long[] a = accounts.records;
        final int transferBase = TransferStore.base(transfer);
        final long references = t[transferBase + TransferStore.ACCOUNTS];
        final int debitBase = AccountStore.base(low(references));
        final int creditBase = AccountStore.base(high(references));
        final long previous = t[transferBase + TransferStore.PREVIOUS];

        final int debitPrevious = low(previous);
        if (debitPrevious == NONE)
        {
            a[debitBase + AccountStore.DEBIT_LIST] = AccountStore.EMPTY_LIST;
        }
        else
        {
            transfers.nextDebit[debitPrevious] = NONE;
            a[debitBase + AccountStore.DEBIT_LIST] = pack(low(a[debitBase + AccountStore.DEBIT_LIST]), debitPrevious);
        }
        final int creditPrevious = high(previous);
        if (creditPrevious == NONE)
        {
            a[creditBase + AccountStore.CREDIT_LIST] = AccountStore.EMPTY_LIST;
        }
        else
        {
            transfers.nextCredit[creditPrevious] = NONE;
            a[creditBase + AccountStore.CREDIT_LIST] = pack(low(a[creditBase + AccountStore.CREDIT_LIST]), creditPrevious);
        }
        snapshotCount = snapshotCountBefore;
    }

    /** Snapshot: the balance snapshots taken so far. */
    void writeSnapshot(final SnapshotEncoder encoder)
    {
        encoder.putLongs(snapshots, 0, snapshotCount * SNAPSHOT_LONGS);
    }

    /** Restore into a new history; {@code snapshotCount} is already checked against the capacity. */
    void readSnapshot(final SnapshotDecoder decoder, final int snapshotCount)
    {
        decoder.getLongs(snapshots, 0, snapshotCount * SNAPSHOT_LONGS);
        this.snapshotCount = snapshotCount;
    }

    long footprintBytes()
    {
        return (long)snapshots.length * Long.BYTES;
    }
}
