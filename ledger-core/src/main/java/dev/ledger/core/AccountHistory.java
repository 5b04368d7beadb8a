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
     * Links a new transfer, whose record names the {@code debit} and {@code credit} accounts, into their lists
     * and, for history accounts, records their balances as they are now (after the transfer).
     */
    void link(final int transfer, final int debit, final int credit)
    {
        final long[] t = transfers.records;
        final int transferBase = TransferStore.base(transfer);
        int debitSnapshot = NONE;
        int creditSnapshot = NONE;
        int debitTail = NONE;
        int creditTail = NONE;
        // The new transfer's own next-links are NONE already (TransferStore keeps them so past its count).
        // A ghost side (an account of another shard) keeps its list and history on its own shard.
        if (!accounts.isGhost(debit))
        {
            debitTail = append(transfer, AccountStore.base(debit) + AccountStore.DEBIT_LIST, transfers.nextDebit);
            debitSnapshot = snapshot(AccountStore.base(debit));
        }
        if (!accounts.isGhost(credit))
        {
            creditTail = append(transfer, AccountStore.base(credit) + AccountStore.CREDIT_LIST, transfers.nextCredit);
            creditSnapshot = snapshot(AccountStore.base(credit));
        }
        t[transferBase + TransferStore.PREVIOUS] = pack(debitTail, creditTail);
        t[transferBase + TransferStore.HISTORY] = pack(debitSnapshot, creditSnapshot);
    }

    /** Appends a transfer to the list whose head|tail long is at {@code listIndex}; returns the old tail. */
    private int append(final int transfer, final int listIndex, final int[] next)
    {
        final long[] a = accounts.records;
        final long list = a[listIndex];
        final int tail = high(list);
        if (tail == NONE)
        {
            a[listIndex] = pack(transfer, transfer);
        }
        else
        {
            next[tail] = transfer;
            a[listIndex] = pack(low(list), transfer);
        }
        return tail;
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
        final int transferBase = TransferStore.base(transfer);
        final long references = t[transferBase + TransferStore.ACCOUNTS];
        final long previous = t[transferBase + TransferStore.PREVIOUS];
        if (!accounts.isGhost(low(references)))
        {
            truncate(AccountStore.base(low(references)) + AccountStore.DEBIT_LIST, low(previous), transfers.nextDebit);
        }
        if (!accounts.isGhost(high(references)))
        {
            truncate(AccountStore.base(high(references)) + AccountStore.CREDIT_LIST, high(previous), transfers.nextCredit);
        }
        snapshotCount = snapshotCountBefore;
    }

    private void truncate(final int listIndex, final int previous, final int[] next)
    {
        final long[] a = accounts.records;
        if (previous == NONE)
        {
            a[listIndex] = AccountStore.EMPTY_LIST;
        }
        else
        {
            next[previous] = NONE;
            a[listIndex] = pack(low(a[listIndex]), previous);
        }
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
