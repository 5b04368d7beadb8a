package dev.ledger.core;

import static dev.ledger.core.CreateTransferResult.*;

/**
 * Creates one transfer: the checks of {@code create_transfers} in precedence order with early returns, then
 * the mutation, which cannot fail. The batch loop ({@link Ledger}) has already applied the chain and
 * imported/timestamp checks.
 */
final class TransferCreator
{

    private final AccountStore accounts;
    private final TransferStore transfers;
    private final AccountHistory history;
    private final ChainScope scope;
    private final StateHash hash;
    private final ForeignRecords foreign;

    TransferCreator(
        final AccountStore accounts,
        final TransferStore transfers,
        final AccountHistory history,
        final ChainScope scope,
        final StateHash hash,
        final ForeignRecords foreign)
    {
        this.accounts = accounts;
        this.transfers = transfers;
        this.history = history;
        this.scope = scope;
        this.hash = hash;
        this.foreign = foreign;
    }

    /**
     * @param hashes the prefetcher that warmed the event's chunk: it has hashed the event's ids already.
     * @param index  the event's index in its batch.
     */
    CreateTransferResult create(
        final BatchBytes event, final int offset, final long timestampEvent, final BatchPrefetcher hashes, final int index)
    {
        final int flags = event.getShort(offset, Wire.FLAGS) & 0xFFFF;
        if ((flags & ~TransferFlags.ALL) != 0)
        {
            return RESERVED_FLAG;
        }
        final long idLo = event.getLong(offset, Wire.ID);
        final long idHi = event.getLong(offset, Wire.ID + 8);
        if (idLo == 0 && idHi == 0)
        {
            return ID_MUST_NOT_BE_ZERO;
        }
        if (idLo == -1L && idHi == -1L)
        {
            return ID_MUST_NOT_BE_INT_MAX;
        }
        final int existing = transfers.find(idLo, idHi, hashes.transferHash(index));
        if (existing != IdIndex.NONE)
        {
            return transfers.isOrphan(existing) ? ID_ALREADY_FAILED : TransferExists.check(transfers, event, offset, existing);
        }
        if ((flags & (TransferFlags.POST_PENDING_TRANSFER | TransferFlags.VOID_PENDING_TRANSFER)) != 0)
        {
            return postOrVoid(event, offset, flags, idLo, idHi, timestampEvent);
        }

        final long debitLo = event.getLong(offset, Wire.TRANSFER_DEBIT_ACCOUNT_ID);
        final long debitHi = event.getLong(offset, Wire.TRANSFER_DEBIT_ACCOUNT_ID + 8);
        final long creditLo = event.getLong(offset, Wire.TRANSFER_CREDIT_ACCOUNT_ID);
        final long creditHi = event.getLong(offset, Wire.TRANSFER_CREDIT_ACCOUNT_ID + 8);
        if (debitLo == 0 && debitHi == 0)
        {
            return DEBIT_ACCOUNT_ID_MUST_NOT_BE_ZERO;
        }
        if (debitLo == -1L && debitHi == -1L)
        {
            return DEBIT_ACCOUNT_ID_MUST_NOT_BE_INT_MAX;
        }
        if (creditLo == 0 && creditHi == 0)
        {
            return CREDIT_ACCOUNT_ID_MUST_NOT_BE_ZERO;
        }
        if (creditLo == -1L && creditHi == -1L)
        {
            return CREDIT_ACCOUNT_ID_MUST_NOT_BE_INT_MAX;
        }
        if (debitLo == creditLo && debitHi == creditHi)
        {
            return ACCOUNTS_MUST_BE_DIFFERENT;
        }
        if (event.getLong(offset, Wire.TRANSFER_PENDING_ID) != 0 ||
            event.getLong(offset, Wire.TRANSFER_PENDING_ID + 8) != 0)
        {
            return PENDING_ID_MUST_BE_ZERO;
        }
        final long timeout = event.getInt(offset, Wire.TRANSFER_TIMEOUT) & 0xFFFF_FFFFL;
        if ((flags & TransferFlags.PENDING) == 0)
        {
            if (timeout != 0)
            {
                return TIMEOUT_RESERVED_FOR_PENDING_TRANSFER;
            }
            if ((flags & (TransferFlags.CLOSING_DEBIT | TransferFlags.CLOSING_CREDIT)) != 0)
            {
                return CLOSING_TRANSFER_MUST_BE_PENDING;
            }
        }
        final int ledger = event.getInt(offset, Wire.LEDGER);
        if (ledger == 0)
        {
            return LEDGER_MUST_NOT_BE_ZERO;
        }
        final int code = event.getShort(offset, Wire.CODE) & 0xFFFF;
        if (code == 0)
        {
            return CODE_MUST_NOT_BE_ZERO;
        }
        final int debit = accounts.find(debitLo, debitHi, hashes.debitHash(index));
        if (debit == IdIndex.NONE)
        {
            return DEBIT_ACCOUNT_NOT_FOUND;
        }
        final int credit = accounts.find(creditLo, creditHi, hashes.creditHash(index));
        if (credit == IdIndex.NONE)
        {
            return CREDIT_ACCOUNT_NOT_FOUND;
        }
        if (accounts.ledger(debit) != accounts.ledger(credit))
        {
            return ACCOUNTS_MUST_HAVE_THE_SAME_LEDGER;
        }
        if (ledger != accounts.ledger(debit))
        {
            return TRANSFER_MUST_HAVE_THE_SAME_LEDGER_AS_ACCOUNTS;
        }

        long timestamp = timestampEvent;
        if ((flags & TransferFlags.IMPORTED) != 0)
        {
            timestamp = event.getLong(offset, Wire.TIMESTAMP);
            if (foreign.transferTimestampTaken(timestamp))
            {
                return IMPORTED_EVENT_TIMESTAMP_MUST_NOT_REGRESS;
            }
            if (timestamp <= accounts.timestamp(debit))
            {
                return IMPORTED_EVENT_TIMESTAMP_MUST_POSTDATE_DEBIT_ACCOUNT;
            }
            if (timestamp <= accounts.timestamp(credit))
            {
                return IMPORTED_EVENT_TIMESTAMP_MUST_POSTDATE_CREDIT_ACCOUNT;
            }
            if (timeout != 0)
            {
                return IMPORTED_EVENT_TIMEOUT_MUST_BE_ZERO;
            }
        }
        if ((accounts.flags(debit) & AccountFlags.CLOSED) != 0)
        {
            return DEBIT_ACCOUNT_ALREADY_CLOSED;
        }
        if ((accounts.flags(credit) & AccountFlags.CLOSED) != 0)
        {
            return CREDIT_ACCOUNT_ALREADY_CLOSED;
        }

        final long[] a = accounts.records;
        final int d = AccountStore.base(debit);
        final int c = AccountStore.base(credit);
        long amountLo = event.getLong(offset, Wire.TRANSFER_AMOUNT);
        long amountHi = event.getLong(offset, Wire.TRANSFER_AMOUNT + 8);
        if ((flags & (TransferFlags.BALANCING_DEBIT | TransferFlags.BALANCING_CREDIT)) != 0 && amountLo == 0 && amountHi == 0)
        {
            // API.md: a balancing transfer with amount 0 moves as much as the limit allows.
            amountLo = -1L;
            amountHi = -1L;
        }
        if ((flags & TransferFlags.BALANCING_DEBIT) != 0)
        {
            // available = credits_posted -| (debits_posted + debits_pending); the sum cannot overflow.
            final long balanceLo = UInt128.addLo(a[d + AccountStore.DEBITS_POSTED], a[d + AccountStore.DEBITS_PENDING]);
            final long balanceHi = UInt128.addHi(a[d + AccountStore.DEBITS_POSTED], a[d + AccountStore.DEBITS_POSTED + 1],
                a[d + AccountStore.DEBITS_PENDING], a[d + AccountStore.DEBITS_PENDING + 1]);
            final long creditsLo = a[d + AccountStore.CREDITS_POSTED];
            final long creditsHi = a[d + AccountStore.CREDITS_POSTED + 1];
            long availableLo = 0;
            long availableHi = 0;
            if (UInt128.compare(creditsLo, creditsHi, balanceLo, balanceHi) > 0)
            {
                availableLo = UInt128.subtractLo(creditsLo, balanceLo);
                availableHi = UInt128.subtractHi(creditsLo, creditsHi, balanceLo, balanceHi);
            }
            if (UInt128.compare(availableLo, availableHi, amountLo, amountHi) < 0)
            {
                amountLo = availableLo;
                amountHi = availableHi;
            }
        }
        if ((flags & TransferFlags.BALANCING_CREDIT) != 0)
        {
            final long balanceLo = UInt128.addLo(a[c + AccountStore.CREDITS_POSTED], a[c + AccountStore.CREDITS_PENDING]);
            final long balanceHi = UInt128.addHi(a[c + AccountStore.CREDITS_POSTED], a[c + AccountStore.CREDITS_POSTED + 1],
                a[c + AccountStore.CREDITS_PENDING], a[c + AccountStore.CREDITS_PENDING + 1]);
            final long debitsLo = a[c + AccountStore.DEBITS_POSTED];
            final long debitsHi = a[c + AccountStore.DEBITS_POSTED + 1];
            long availableLo = 0;
            long availableHi = 0;
            if (UInt128.compare(debitsLo, debitsHi, balanceLo, balanceHi) > 0)
            {
                availableLo = UInt128.subtractLo(debitsLo, balanceLo);
                availableHi = UInt128.subtractHi(debitsLo, debitsHi, balanceLo, balanceHi);
            }
            if (UInt128.compare(availableLo, availableHi, amountLo, amountHi) < 0)
            {
                amountLo = availableLo;
                amountHi = availableHi;
            }
        }

        final boolean pending = (flags & TransferFlags.PENDING) != 0;
        final CreateTransferResult overflow = balanceOverflow(a, d, c, amountLo, amountHi, pending);
        if (overflow != null)
        {
            return overflow;
        }
        if (timeout * LedgerLimits.NANOS_PER_SECOND > LedgerLimits.TIMESTAMP_MAX - timestamp)
        {
            return OVERFLOWS_TIMEOUT;
        }
        if ((accounts.flags(debit) & AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS) != 0 &&
            sumExceeds(a, d + AccountStore.DEBITS_PENDING, d + AccountStore.DEBITS_POSTED, amountLo, amountHi,
            d + AccountStore.CREDITS_POSTED))
        {
            return EXCEEDS_CREDITS;
        }
        if ((accounts.flags(credit) & AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS) != 0 &&
            sumExceeds(a, c + AccountStore.CREDITS_PENDING, c + AccountStore.CREDITS_POSTED, amountLo, amountHi,
            c + AccountStore.DEBITS_POSTED))
        {
            return EXCEEDS_DEBITS;
        }

        // Every check passed: from here on the transfer is created, by the shards of its accounts.
        if (accounts.isGhost(debit) && accounts.isGhost(credit))
        {
            return OK;
        }
        final int transfer = transfers.append(idLo, idHi, timestamp);
        final long[] t = transfers.records;
        final int base = TransferStore.base(transfer);
        t[base + TransferStore.DEBIT_ACCOUNT_ID] = debitLo;
        t[base + TransferStore.DEBIT_ACCOUNT_ID + 1] = debitHi;
        t[base + TransferStore.CREDIT_ACCOUNT_ID] = creditLo;
        t[base + TransferStore.CREDIT_ACCOUNT_ID + 1] = creditHi;
        t[base + TransferStore.AMOUNT] = amountLo;
        t[base + TransferStore.AMOUNT + 1] = amountHi;
        t[base + TransferStore.PENDING_ID] = 0;
        t[base + TransferStore.PENDING_ID + 1] = 0;
        copyUserData(event, offset, t, base);
        t[base + TransferStore.USER_DATA_32_TIMEOUT] =
            (event.getInt(offset, Wire.USER_DATA_32) & 0xFFFF_FFFFL) | (timeout << 32);
        t[base + TransferStore.LEDGER_CODE_FLAGS] = (ledger & 0xFFFF_FFFFL) | ((long)code << 32) | ((long)flags << 48);
        t[base + TransferStore.ACCOUNTS] = AccountHistory.pack(debit, credit);

        scope.saveAccount(debit);
        scope.saveAccount(credit);
        if (pending)
        {
            transfers.status[transfer] = TransferStore.STATUS_PENDING;
            add(a, d + AccountStore.DEBITS_PENDING, amountLo, amountHi);
            add(a, c + AccountStore.CREDITS_PENDING, amountLo, amountHi);
            if ((flags & TransferFlags.CLOSING_DEBIT) != 0)
            {
                accounts.setFlags(debit, accounts.flags(debit) | AccountFlags.CLOSED);
            }
            if ((flags & TransferFlags.CLOSING_CREDIT) != 0)
            {
                accounts.setFlags(credit, accounts.flags(credit) | AccountFlags.CLOSED);
            }
            hash.mix(a[d + AccountStore.DEBITS_PENDING], a[d + AccountStore.DEBITS_PENDING + 1]);
            hash.mix(a[c + AccountStore.CREDITS_PENDING], a[c + AccountStore.CREDITS_PENDING + 1]);
            hash.mix(a[d + AccountStore.CODE_FLAGS], a[c + AccountStore.CODE_FLAGS]);
        }
        else
        {
            add(a, d + AccountStore.DEBITS_POSTED, amountLo, amountHi);
            add(a, c + AccountStore.CREDITS_POSTED, amountLo, amountHi);
            hash.mix(a[d + AccountStore.DEBITS_POSTED], a[d + AccountStore.DEBITS_POSTED + 1]);
            hash.mix(a[c + AccountStore.CREDITS_POSTED], a[c + AccountStore.CREDITS_POSTED + 1]);
        }
        final int snapshotsBefore = history.snapshotCount();
        history.link(transfer, debit, credit);
        scope.transferCreated(snapshotsBefore);
        if (timeout != 0)
        {
            scope.expiryCreated(transfer);
        }
        mixTransfer(t, base);
        return OK;
    }

    private CreateTransferResult postOrVoid(
        final BatchBytes event,
        final int offset,
        final int flags,
        final long idLo,
        final long idHi,
        final long timestampEvent)
    {
        return PendingTransferResolver.resolve(this, event, offset, flags, idLo, idHi, timestampEvent);
    }

    AccountStore accounts()
    {
        return accounts;
    }

    TransferStore transfers()
    {
        return transfers;
    }

    AccountHistory history()
    {
        return history;
    }

    ForeignRecords foreign()
    {
        return foreign;
    }

    ChainScope scope()
    {
        return scope;
    }

    StateHash hash()
    {
        return hash;
    }

    void mixTransfer(final long[] t, final int base)
    {
        // Every field of the record: the account ids are covered by the account references.
        hash.mix(t[base + TransferStore.ID_LO], t[base + TransferStore.ID_HI]);
        for (int i = TransferStore.AMOUNT; i <= TransferStore.ACCOUNTS; i++)
        {
            hash.mix(t[base + i]);
        }
    }

    /** Mixes every balance and the flags of an account into the hash. */
    static void mixBalances(final StateHash hash, final long[] a, final int accountBase)
    {
        for (int i = AccountStore.DEBITS_PENDING; i <= AccountStore.CREDITS_POSTED; i += 2)
        {
            hash.mix(a[accountBase + i], a[accountBase + i + 1]);
        }
        hash.mix(a[accountBase + AccountStore.CODE_FLAGS]);
    }

    static void copyUserData(final BatchBytes event, final int offset, final long[] t, final int base)
    {
        t[base + TransferStore.USER_DATA_128] = event.getLong(offset, Wire.USER_DATA_128);
        t[base + TransferStore.USER_DATA_128 + 1] = event.getLong(offset, Wire.USER_DATA_128 + 8);
        t[base + TransferStore.USER_DATA_64] = event.getLong(offset, Wire.USER_DATA_64);
    }

    /**
     * The first {@code overflows_*} code the amount would cause on the two accounts' balances, in precedence
     * order, or null. When the amount and the four balances are below 2^64 (every high word zero), no sum of
     * them can reach 2^128, and the checks are skipped.
     */
    private static CreateTransferResult balanceOverflow(
        final long[] a, final int d, final int c, final long amountLo, final long amountHi, final boolean pending)
    {
        if ((amountHi | a[d + AccountStore.DEBITS_PENDING + 1] | a[d + AccountStore.DEBITS_POSTED + 1] |
            a[c + AccountStore.CREDITS_PENDING + 1] | a[c + AccountStore.CREDITS_POSTED + 1]) == 0)
        {
            return null;
        }
        if (pending)
        {
            if (overflows(a, d + AccountStore.DEBITS_PENDING, amountLo, amountHi))
            {
                return OVERFLOWS_DEBITS_PENDING;
            }
            if (overflows(a, c + AccountStore.CREDITS_PENDING, amountLo, amountHi))
            {
                return OVERFLOWS_CREDITS_PENDING;
            }
        }
        if (overflows(a, d + AccountStore.DEBITS_POSTED, amountLo, amountHi))
        {
            return OVERFLOWS_DEBITS_POSTED;
        }
        if (overflows(a, c + AccountStore.CREDITS_POSTED, amountLo, amountHi))
        {
            return OVERFLOWS_CREDITS_POSTED;
        }
        if (sumOverflows(a, d + AccountStore.DEBITS_PENDING, d + AccountStore.DEBITS_POSTED, amountLo, amountHi))
        {
            return OVERFLOWS_DEBITS;
        }
        if (sumOverflows(a, c + AccountStore.CREDITS_PENDING, c + AccountStore.CREDITS_POSTED, amountLo, amountHi))
        {
            return OVERFLOWS_CREDITS;
        }
        return null;
    }

    static boolean overflows(final long[] a, final int index, final long amountLo, final long amountHi)
    {
        return UInt128.addOverflows(a[index], a[index + 1], amountLo, amountHi);
    }

    /** Whether a[x] + a[y] + amount overflows; a[x] + a[y] itself never does (an invariant). */
    private static boolean sumOverflows(final long[] a, final int x, final int y, final long amountLo, final long amountHi)
    {
        final long lo = UInt128.addLo(a[x], a[y]);
        final long hi = UInt128.addHi(a[x], a[x + 1], a[y], a[y + 1]);
        return UInt128.addOverflows(lo, hi, amountLo, amountHi);
    }

    /** Whether a[x] + a[y] + amount &gt; a[limit]; the sum was checked not to overflow. */
    private static boolean sumExceeds(
        final long[] a, final int x, final int y, final long amountLo, final long amountHi, final int limit)
    {
        final long lo = UInt128.addLo(a[x], a[y]);
        final long hi = UInt128.addHi(a[x], a[x + 1], a[y], a[y + 1]);
        final long totalLo = UInt128.addLo(lo, amountLo);
        final long totalHi = UInt128.addHi(lo, hi, amountLo, amountHi);
        return UInt128.compare(totalLo, totalHi, a[limit], a[limit + 1]) > 0;
    }

    static void add(final long[] a, final int index, final long amountLo, final long amountHi)
    {
        final long lo = a[index];
        final long hi = a[index + 1];
        a[index] = UInt128.addLo(lo, amountLo);
        a[index + 1] = UInt128.addHi(lo, hi, amountLo, amountHi);
    }

    static void subtract(final long[] a, final int index, final long amountLo, final long amountHi)
    {
        final long lo = a[index];
        final long hi = a[index + 1];
        a[index] = UInt128.subtractLo(lo, amountLo);
        a[index + 1] = UInt128.subtractHi(lo, hi, amountLo, amountHi);
    }
}
