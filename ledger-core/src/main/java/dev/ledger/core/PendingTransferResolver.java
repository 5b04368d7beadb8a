package dev.ledger.core;

import static dev.ledger.core.CreateTransferResult.*;

/**
 * Posts or voids a pending transfer: the {@code post_pending_transfer}/{@code void_pending_transfer} path of
 * {@code create_transfers}. Zero fields of the event are filled from the pending transfer; the new transfer
 * always carries the pending transfer's accounts, ledger and code.
 */
final class PendingTransferResolver
{
    private static final int EXCLUSIVE_WITH_POST_OR_VOID = TransferFlags.PENDING | TransferFlags.BALANCING_DEBIT |
        TransferFlags.BALANCING_CREDIT | TransferFlags.CLOSING_DEBIT | TransferFlags.CLOSING_CREDIT;

    private PendingTransferResolver()
    {
    }

    static CreateTransferResult resolve(
        final TransferCreator creator,
        final BatchBytes event,
        final int offset,
        final int flags,
        final long idLo,
        final long idHi,
        final long timestampEvent)
    {
        final boolean post = (flags & TransferFlags.POST_PENDING_TRANSFER) != 0;
        final boolean isVoid = (flags & TransferFlags.VOID_PENDING_TRANSFER) != 0;
        if ((post && isVoid) || (flags & EXCLUSIVE_WITH_POST_OR_VOID) != 0)
        {
            return FLAGS_ARE_MUTUALLY_EXCLUSIVE;
        }
        final long pendingLo = event.getLong(offset, Wire.TRANSFER_PENDING_ID);
        final long pendingHi = event.getLong(offset, Wire.TRANSFER_PENDING_ID + 8);
        if (pendingLo == 0 && pendingHi == 0)
        {
            return PENDING_ID_MUST_NOT_BE_ZERO;
        }
        if (pendingLo == -1L && pendingHi == -1L)
        {
            return PENDING_ID_MUST_NOT_BE_INT_MAX;
        }
        if (pendingLo == idLo && pendingHi == idHi)
        {
            return PENDING_ID_MUST_BE_DIFFERENT;
        }
        if (event.getInt(offset, Wire.TRANSFER_TIMEOUT) != 0)
        {
            return TIMEOUT_RESERVED_FOR_PENDING_TRANSFER;
        }
        final TransferStore transfers = creator.transfers();
        final AccountStore accounts = creator.accounts();
        final int pending = transfers.find(pendingLo, pendingHi);
        if (pending == IdIndex.NONE || transfers.isOrphan(pending))
        {
            return PENDING_TRANSFER_NOT_FOUND;
        }
        final int pendingFlags = transfers.flags(pending);
        if ((pendingFlags & TransferFlags.PENDING) == 0)
        {
            return PENDING_TRANSFER_NOT_PENDING;
        }
        final long[] t = transfers.records;
        final int p = TransferStore.base(pending);
        if (TransferExists.nonZeroDiffers(event, offset + Wire.TRANSFER_DEBIT_ACCOUNT_ID, t, p + TransferStore.DEBIT_ACCOUNT_ID))
        {
            return PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT_ID;
        }
        if (TransferExists.nonZeroDiffers(event, offset + Wire.TRANSFER_CREDIT_ACCOUNT_ID, t, p + TransferStore.CREDIT_ACCOUNT_ID))
        {
            return PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT_ID;
        }
        final int ledger = event.getInt(offset, Wire.LEDGER);
        if (ledger != 0 && ledger != transfers.ledger(pending))
        {
            return PENDING_TRANSFER_HAS_DIFFERENT_LEDGER;
        }
        final int code = event.getShort(offset, Wire.CODE) & 0xFFFF;
        if (code != 0 && code != transfers.code(pending))
        {
            return PENDING_TRANSFER_HAS_DIFFERENT_CODE;
        }

        final long pendingAmountLo = t[p + TransferStore.AMOUNT];
        final long pendingAmountHi = t[p + TransferStore.AMOUNT + 1];
        long amountLo = event.getLong(offset, Wire.TRANSFER_AMOUNT);
        long amountHi = event.getLong(offset, Wire.TRANSFER_AMOUNT + 8);
        if (isVoid ? amountLo == 0 && amountHi == 0 : amountLo == -1L && amountHi == -1L)
        {
            amountLo = pendingAmountLo;
            amountHi = pendingAmountHi;
        }
        final int comparison = UInt128.compare(amountLo, amountHi, pendingAmountLo, pendingAmountHi);
        if (comparison > 0)
        {
            return EXCEEDS_PENDING_TRANSFER_AMOUNT;
        }
        if (isVoid && comparison < 0)
        {
            return PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT;
        }
        final byte status = transfers.status[pending];
        if (status == TransferStore.STATUS_POSTED)
        {
            return PENDING_TRANSFER_ALREADY_POSTED;
        }
        if (status == TransferStore.STATUS_VOIDED)
        {
            return PENDING_TRANSFER_ALREADY_VOIDED;
        }
        if (status == TransferStore.STATUS_EXPIRED)
        {
            return PENDING_TRANSFER_EXPIRED;
        }
        final long timeout = transfers.timeout(pending);
        if (timeout != 0 && transfers.timestamp(pending) + timeout * LedgerLimits.NANOS_PER_SECOND <= timestampEvent)
        {
            return PENDING_TRANSFER_EXPIRED;
        }
        long timestamp = timestampEvent;
        if ((flags & TransferFlags.IMPORTED) != 0)
        {
            timestamp = event.getLong(offset, Wire.TIMESTAMP);
            if (creator.foreign().transferTimestampTaken(timestamp))
            {
                return IMPORTED_EVENT_TIMESTAMP_MUST_NOT_REGRESS;
            }
        }
        final int debit = transfers.debitAccount(pending);
        final int credit = transfers.creditAccount(pending);
        if (!isVoid && (accounts.flags(debit) & AccountFlags.CLOSED) != 0)
        {
            return DEBIT_ACCOUNT_ALREADY_CLOSED;
        }
        if (!isVoid && (accounts.flags(credit) & AccountFlags.CLOSED) != 0)
        {
            return CREDIT_ACCOUNT_ALREADY_CLOSED;
        }

        // Every check passed: from here on the transfer is created, by the shards of its accounts.
        if (accounts.isGhost(debit) && accounts.isGhost(credit))
        {
            return OK;
        }
        final int transfer = transfers.append(idLo, idHi, timestamp);
        final int base = TransferStore.base(transfer);
        System.arraycopy(t, p + TransferStore.DEBIT_ACCOUNT_ID, t, base + TransferStore.DEBIT_ACCOUNT_ID, 4);
        t[base + TransferStore.AMOUNT] = amountLo;
        t[base + TransferStore.AMOUNT + 1] = amountHi;
        t[base + TransferStore.PENDING_ID] = pendingLo;
        t[base + TransferStore.PENDING_ID + 1] = pendingHi;
        TransferCreator.copyUserData(event, offset, t, base);
        if (t[base + TransferStore.USER_DATA_128] == 0 && t[base + TransferStore.USER_DATA_128 + 1] == 0)
        {
            t[base + TransferStore.USER_DATA_128] = t[p + TransferStore.USER_DATA_128];
            t[base + TransferStore.USER_DATA_128 + 1] = t[p + TransferStore.USER_DATA_128 + 1];
        }
        if (t[base + TransferStore.USER_DATA_64] == 0)
        {
            t[base + TransferStore.USER_DATA_64] = t[p + TransferStore.USER_DATA_64];
        }
        final int userData32 = event.getInt(offset, Wire.USER_DATA_32);
        t[base + TransferStore.USER_DATA_32_TIMEOUT] =
            (userData32 != 0 ? userData32 : transfers.userData32(pending)) & 0xFFFF_FFFFL;
        t[base + TransferStore.LEDGER_CODE_FLAGS] =
            (t[p + TransferStore.LEDGER_CODE_FLAGS] & 0x0000_FFFF_FFFF_FFFFL) | ((long)flags << 48);
        t[base + TransferStore.ACCOUNTS] = t[p + TransferStore.ACCOUNTS];

        final ChainScope scope = creator.scope();
        scope.savePendingStatus(pending);
        transfers.status[pending] = isVoid ? TransferStore.STATUS_VOIDED : TransferStore.STATUS_POSTED;
        scope.saveAccount(debit);
        scope.saveAccount(credit);
        final long[] a = accounts.records;
        final int d = AccountStore.base(debit);
        final int c = AccountStore.base(credit);
        TransferCreator.subtract(a, d + AccountStore.DEBITS_PENDING, pendingAmountLo, pendingAmountHi);
        TransferCreator.subtract(a, c + AccountStore.CREDITS_PENDING, pendingAmountLo, pendingAmountHi);
        if (post)
        {
            TransferCreator.add(a, d + AccountStore.DEBITS_POSTED, amountLo, amountHi);
            TransferCreator.add(a, c + AccountStore.CREDITS_POSTED, amountLo, amountHi);
        }
        else
        {
            if ((pendingFlags & TransferFlags.CLOSING_DEBIT) != 0)
            {
                accounts.setFlags(debit, accounts.flags(debit) & ~AccountFlags.CLOSED);
            }
            if ((pendingFlags & TransferFlags.CLOSING_CREDIT) != 0)
            {
                accounts.setFlags(credit, accounts.flags(credit) & ~AccountFlags.CLOSED);
            }
        }
        final StateHash hash = creator.hash();
        TransferCreator.mixBalances(hash, a, d);
        TransferCreator.mixBalances(hash, a, c);
        hash.mix(pending);
        final AccountHistory history = creator.history();
        final int snapshotsBefore = history.snapshotCount();
        history.link(transfer, debit, credit);
        scope.transferCreated(snapshotsBefore);
        creator.mixTransfer(t, base);
        return OK;
    }
}
