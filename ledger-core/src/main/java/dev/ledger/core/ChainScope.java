package dev.ledger.core;

/**
 * The undo log of the linked chain being applied. While a chain is open every mutation first records how to
 * undo it; when an event of the chain fails, the log is replayed newest first so that nothing of the chain
 * remains, and the state hash returns to its value at the opening. Pending-transfer expiries are only
 * scheduled when the chain commits, so the expiry queue never holds a rolled-back transfer.
 * <p>
 * Each entry is its payload followed by its kind, so the log can be read backwards.
 */
final class ChainScope
{
    private static final long ACCOUNT_CREATED = 1;
    private static final long ACCOUNT_SAVED = 2;
    private static final long TRANSFER_CREATED = 3;
    private static final long PENDING_STATUS = 4;

    /** Longs one event can log at most: a transfer (2), two account saves (2 x 11) and a status change (3). */
    private static final int LONGS_PER_EVENT_MAX = 27;

    private final AccountStore accounts;
    private final TransferStore transfers;
    private final AccountHistory lists;
    private final StateHash hash;
    private final ExpiryQueue expiries;
    private final long[] log = new long[LedgerLimits.BATCH_EVENTS_MAX * LONGS_PER_EVENT_MAX];
    private final int[] deferredExpiries = new int[LedgerLimits.BATCH_EVENTS_MAX];
    private int length;
    private int deferredCount;
    private boolean open;
    private long hashAtOpen;

    ChainScope(
        final AccountStore accounts,
        final TransferStore transfers,
        final AccountHistory lists,
        final StateHash hash,
        final ExpiryQueue expiries)
    {
        this.accounts = accounts;
        this.transfers = transfers;
        this.lists = lists;
        this.hash = hash;
        this.expiries = expiries;
    }

    boolean isOpen()
    {
        return open;
    }

    void open()
    {
        open = true;
        length = 0;
        deferredCount = 0;
        hashAtOpen = hash.value();
    }

    /** The chain succeeded: keep its effects and schedule its expiries. */
    void persist()
    {
        for (int i = 0; i < deferredCount; i++)
        {
            scheduleExpiry(deferredExpiries[i]);
        }
        open = false;
        length = 0;
        deferredCount = 0;
    }

    /** The chain failed: undo its effects, newest first. */
    void discard()
    {
        int position = length;
        while (position > 0)
        {
            final long kind = log[--position];
            if (kind == ACCOUNT_CREATED)
            {
                accounts.removeNewest();
            }
            else if (kind == ACCOUNT_SAVED)
            {
                position -= 10;
                final int reference = (int)log[position];
                final int base = AccountStore.base(reference);
                System.arraycopy(log, position + 1, accounts.records, base + AccountStore.DEBITS_PENDING, 8);
                accounts.records[base + AccountStore.CODE_FLAGS] = log[position + 9];
            }
            else if (kind == TRANSFER_CREATED)
            {
                position -= 1;
                lists.unlinkNewest(transfers.count() - 1, (int)log[position]);
                transfers.removeNewest();
            }
            else if (kind == PENDING_STATUS)
            {
                position -= 2;
                transfers.status[(int)log[position]] = (byte)log[position + 1];
            }
            else
            {
                throw new IllegalStateException("corrupt undo log entry kind " + kind);
            }
        }
        hash.restore(hashAtOpen);
        open = false;
        length = 0;
        deferredCount = 0;
    }

    void accountCreated()
    {
        if (open)
        {
            log[length++] = ACCOUNT_CREATED;
        }
    }

    /** Call before changing an account's balances or flags. */
    void saveAccount(final int reference)
    {
        if (open)
        {
            final int base = AccountStore.base(reference);
            log[length] = reference;
            System.arraycopy(accounts.records, base + AccountStore.DEBITS_PENDING, log, length + 1, 8);
            log[length + 9] = accounts.records[base + AccountStore.CODE_FLAGS];
            log[length + 10] = ACCOUNT_SAVED;
            length += 11;
        }
    }

    /** Call after appending and linking a transfer; {@code historyCountBefore} restores the history store. */
    void transferCreated(final int historyCountBefore)
    {
        if (open)
        {
            log[length] = historyCountBefore;
            log[length + 1] = TRANSFER_CREATED;
            length += 2;
        }
    }

    /** Call before changing a pending transfer's status. */
    void savePendingStatus(final int reference)
    {
        if (open)
        {
            log[length] = reference;
            log[length + 1] = transfers.status[reference];
            log[length + 2] = PENDING_STATUS;
            length += 3;
        }
    }

    /** A pending transfer with a timeout was created: schedule its expiry now, or when the chain commits. */
    void expiryCreated(final int reference)
    {
        if (open)
        {
            deferredExpiries[deferredCount++] = reference;
        }
        else
        {
            scheduleExpiry(reference);
        }
    }

    private void scheduleExpiry(final int reference)
    {
        final long deadline = transfers.timestamp(reference) + transfers.timeout(reference) * LedgerLimits.NANOS_PER_SECOND;
        expiries.add(deadline, reference);
    }
}
