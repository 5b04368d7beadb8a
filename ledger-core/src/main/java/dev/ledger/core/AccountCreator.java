package dev.ledger.core;

import static dev.ledger.core.CreateAccountResult.*;

/**
 * Creates one account: the checks of {@code create_accounts} in precedence order, then the insert.
 * The batch loop ({@link Ledger}) has already applied the chain and imported/timestamp checks.
 */
final class AccountCreator
{

    private final AccountStore accounts;
    private final ForeignRecords foreign;
    private final ChainScope scope;
    private final StateHash hash;

    AccountCreator(final AccountStore accounts, final ForeignRecords foreign, final ChainScope scope, final StateHash hash)
    {
        this.accounts = accounts;
        this.foreign = foreign;
        this.scope = scope;
        this.hash = hash;
    }

    CreateAccountResult create(final BatchBytes event, final int offset, final long timestampEvent)
    {
        if (event.getInt(offset, Wire.ACCOUNT_RESERVED) != 0)
        {
            return RESERVED_FIELD;
        }
        final int flags = event.getShort(offset, Wire.FLAGS) & 0xFFFF;
        if ((flags & ~AccountFlags.ALL) != 0)
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
        final long userData128Lo = event.getLong(offset, Wire.USER_DATA_128);
        final long userData128Hi = event.getLong(offset, Wire.USER_DATA_128 + 8);
        final long userData64 = event.getLong(offset, Wire.USER_DATA_64);
        final int userData32 = event.getInt(offset, Wire.USER_DATA_32);
        final int ledger = event.getInt(offset, Wire.LEDGER);
        final int code = event.getShort(offset, Wire.CODE) & 0xFFFF;

        final int existing = accounts.find(idLo, idHi);
        if (existing != IdIndex.NONE)
        {
            final long[] a = accounts.records;
            final int e = AccountStore.base(existing);
            if (flags != accounts.flags(existing))
            {
                return EXISTS_WITH_DIFFERENT_FLAGS;
            }
            if (userData128Lo != a[e + AccountStore.USER_DATA_128] || userData128Hi != a[e + AccountStore.USER_DATA_128 + 1])
            {
                return EXISTS_WITH_DIFFERENT_USER_DATA_128;
            }
            if (userData64 != a[e + AccountStore.USER_DATA_64])
            {
                return EXISTS_WITH_DIFFERENT_USER_DATA_64;
            }
            if (userData32 != (int)a[e + AccountStore.USER_DATA_32_LEDGER])
            {
                return EXISTS_WITH_DIFFERENT_USER_DATA_32;
            }
            if (ledger != accounts.ledger(existing))
            {
                return EXISTS_WITH_DIFFERENT_LEDGER;
            }
            if (code != ((int)a[e + AccountStore.CODE_FLAGS] & 0xFFFF))
            {
                return EXISTS_WITH_DIFFERENT_CODE;
            }
            return EXISTS;
        }
        if ((flags & AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS) != 0 &&
            (flags & AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS) != 0)
        {
            return FLAGS_ARE_MUTUALLY_EXCLUSIVE;
        }
        if (nonZero(event, offset + Wire.ACCOUNT_DEBITS_PENDING))
        {
            return DEBITS_PENDING_MUST_BE_ZERO;
        }
        if (nonZero(event, offset + Wire.ACCOUNT_DEBITS_POSTED))
        {
            return DEBITS_POSTED_MUST_BE_ZERO;
        }
        if (nonZero(event, offset + Wire.ACCOUNT_CREDITS_PENDING))
        {
            return CREDITS_PENDING_MUST_BE_ZERO;
        }
        if (nonZero(event, offset + Wire.ACCOUNT_CREDITS_POSTED))
        {
            return CREDITS_POSTED_MUST_BE_ZERO;
        }
        if (ledger == 0)
        {
            return LEDGER_MUST_NOT_BE_ZERO;
        }
        if (code == 0)
        {
            return CODE_MUST_NOT_BE_ZERO;
        }
        long timestamp = timestampEvent;
        if ((flags & AccountFlags.IMPORTED) != 0)
        {
            timestamp = event.getLong(offset, Wire.TIMESTAMP);
            if (foreign.accountTimestampTaken(timestamp))
            {
                return IMPORTED_EVENT_TIMESTAMP_MUST_NOT_REGRESS;
            }
        }
        if (!foreign.keepNewAccount())
        {
            // Decided here for a linked chain that spans shards; the account's own shard stores it.
            return OK;
        }

        final int reference = accounts.append(
            idLo, idHi, userData128Lo, userData128Hi, userData64, userData32, ledger, code, flags, timestamp);
        scope.accountCreated();
        final long[] a = accounts.records;
        final int base = AccountStore.base(reference);
        hash.mix(idLo, idHi);
        hash.mix(userData128Lo, userData128Hi);
        hash.mix(userData64, a[base + AccountStore.USER_DATA_32_LEDGER]);
        hash.mix(a[base + AccountStore.CODE_FLAGS], timestamp);
        return OK;
    }

    private static boolean nonZero(final BatchBytes event, final int offset)
    {
        return event.getLong(offset) != 0 || event.getLong(offset + 8) != 0;
    }
}
