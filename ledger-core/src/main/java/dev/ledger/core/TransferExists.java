package dev.ledger.core;

import static dev.ledger.core.CreateTransferResult.*;

/**
 * The idempotency check of {@code create_transfers}: an event whose id names an existing transfer answers
 * {@code exists} when every field matches, else the first {@code exists_with_different_*} in precedence
 * order. Post and void events are compared with what they resolved to (zero fields were filled from the
 * pending transfer).
 */
final class TransferExists
{

    private TransferExists()
    {
    }

    static CreateTransferResult check(
        final TransferStore transfers, final BatchBytes event, final int offset, final int existing)
    {
        final long[] t = transfers.records;
        final int e = TransferStore.base(existing);
        final int flags = event.getShort(offset, Wire.FLAGS) & 0xFFFF;
        if (flags != transfers.flags(existing))
        {
            return EXISTS_WITH_DIFFERENT_FLAGS;
        }
        final long pendingLo = event.getLong(offset, Wire.TRANSFER_PENDING_ID);
        final long pendingHi = event.getLong(offset, Wire.TRANSFER_PENDING_ID + 8);
        if (pendingLo != t[e + TransferStore.PENDING_ID] || pendingHi != t[e + TransferStore.PENDING_ID + 1])
        {
            return EXISTS_WITH_DIFFERENT_PENDING_ID;
        }
        if ((event.getInt(offset, Wire.TRANSFER_TIMEOUT) & 0xFFFF_FFFFL) != transfers.timeout(existing))
        {
            return EXISTS_WITH_DIFFERENT_TIMEOUT;
        }
        if ((flags & (TransferFlags.POST_PENDING_TRANSFER | TransferFlags.VOID_PENDING_TRANSFER)) != 0)
        {
            return checkPostOrVoid(transfers, event, offset, existing, transfers.find(pendingLo, pendingHi), flags);
        }
        if (differs(event, offset + Wire.TRANSFER_DEBIT_ACCOUNT_ID, t, e + TransferStore.DEBIT_ACCOUNT_ID))
        {
            return EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT_ID;
        }
        if (differs(event, offset + Wire.TRANSFER_CREDIT_ACCOUNT_ID, t, e + TransferStore.CREDIT_ACCOUNT_ID))
        {
            return EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT_ID;
        }
        final long amountLo = event.getLong(offset, Wire.TRANSFER_AMOUNT);
        final long amountHi = event.getLong(offset, Wire.TRANSFER_AMOUNT + 8);
        if ((flags & (TransferFlags.BALANCING_DEBIT | TransferFlags.BALANCING_CREDIT)) != 0)
        {
            // The amount of a balancing transfer is an upper limit (0: no limit); the moved amount may be less.
            final boolean unlimited = amountLo == 0 && amountHi == 0;
            if (!unlimited && UInt128.compare(amountLo, amountHi, t[e + TransferStore.AMOUNT], t[e + TransferStore.AMOUNT + 1]) < 0)
            {
                return EXISTS_WITH_DIFFERENT_AMOUNT;
            }
        }
        else if (amountLo != t[e + TransferStore.AMOUNT] || amountHi != t[e + TransferStore.AMOUNT + 1])
        {
            return EXISTS_WITH_DIFFERENT_AMOUNT;
        }
        if (differs(event, offset + Wire.USER_DATA_128, t, e + TransferStore.USER_DATA_128))
        {
            return EXISTS_WITH_DIFFERENT_USER_DATA_128;
        }
        if (event.getLong(offset, Wire.USER_DATA_64) != t[e + TransferStore.USER_DATA_64])
        {
            return EXISTS_WITH_DIFFERENT_USER_DATA_64;
        }
        if (event.getInt(offset, Wire.USER_DATA_32) != transfers.userData32(existing))
        {
            return EXISTS_WITH_DIFFERENT_USER_DATA_32;
        }
        if (event.getInt(offset, Wire.LEDGER) != transfers.ledger(existing))
        {
            return EXISTS_WITH_DIFFERENT_LEDGER;
        }
        if ((event.getShort(offset, Wire.CODE) & 0xFFFF) != transfers.code(existing))
        {
            return EXISTS_WITH_DIFFERENT_CODE;
        }
        return EXISTS;
    }

    private static CreateTransferResult checkPostOrVoid(
        final TransferStore transfers,
        final BatchBytes event,
        final int offset,
        final int existing,
        final int pending,
        final int flags)
    {
        final long[] t = transfers.records;
        final int e = TransferStore.base(existing);
        final int p = TransferStore.base(pending);
        if (nonZeroDiffers(event, offset + Wire.TRANSFER_DEBIT_ACCOUNT_ID, t, e + TransferStore.DEBIT_ACCOUNT_ID))
        {
            return EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT_ID;
        }
        if (nonZeroDiffers(event, offset + Wire.TRANSFER_CREDIT_ACCOUNT_ID, t, e + TransferStore.CREDIT_ACCOUNT_ID))
        {
            return EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT_ID;
        }
        final long amountLo = event.getLong(offset, Wire.TRANSFER_AMOUNT);
        final long amountHi = event.getLong(offset, Wire.TRANSFER_AMOUNT + 8);
        // A void with amount 0, and a post with amount 2^128-1, meant the pending transfer's full amount.
        final boolean full = (flags & TransferFlags.VOID_PENDING_TRANSFER) != 0 ?
            amountLo == 0 && amountHi == 0 : amountLo == -1L && amountHi == -1L;
        final int expectedAmount = full ? p + TransferStore.AMOUNT : -1;
        if (full ? t[e + TransferStore.AMOUNT] != t[expectedAmount] || t[e + TransferStore.AMOUNT + 1] != t[expectedAmount + 1] :
            amountLo != t[e + TransferStore.AMOUNT] || amountHi != t[e + TransferStore.AMOUNT + 1])
        {
            return EXISTS_WITH_DIFFERENT_AMOUNT;
        }
        final long userData128Lo = event.getLong(offset, Wire.USER_DATA_128);
        final long userData128Hi = event.getLong(offset, Wire.USER_DATA_128 + 8);
        final int userData128 = userData128Lo == 0 && userData128Hi == 0 ? p : -1;
        if (userData128 >= 0 ?
            t[e + TransferStore.USER_DATA_128] != t[p + TransferStore.USER_DATA_128] ||
            t[e + TransferStore.USER_DATA_128 + 1] != t[p + TransferStore.USER_DATA_128 + 1] :
            userData128Lo != t[e + TransferStore.USER_DATA_128] || userData128Hi != t[e + TransferStore.USER_DATA_128 + 1])
        {
            return EXISTS_WITH_DIFFERENT_USER_DATA_128;
        }
        final long userData64 = event.getLong(offset, Wire.USER_DATA_64);
        if ((userData64 == 0 ? t[p + TransferStore.USER_DATA_64] : userData64) != t[e + TransferStore.USER_DATA_64])
        {
            return EXISTS_WITH_DIFFERENT_USER_DATA_64;
        }
        final int userData32 = event.getInt(offset, Wire.USER_DATA_32);
        if ((userData32 == 0 ? transfers.userData32(pending) : userData32) != transfers.userData32(existing))
        {
            return EXISTS_WITH_DIFFERENT_USER_DATA_32;
        }
        final int ledger = event.getInt(offset, Wire.LEDGER);
        if (ledger != 0 && ledger != transfers.ledger(existing))
        {
            return EXISTS_WITH_DIFFERENT_LEDGER;
        }
        final int code = event.getShort(offset, Wire.CODE) & 0xFFFF;
        if (code != 0 && code != transfers.code(existing))
        {
            return EXISTS_WITH_DIFFERENT_CODE;
        }
        return EXISTS;
    }

    private static boolean differs(final BatchBytes event, final int offset, final long[] t, final int index)
    {
        return event.getLong(offset) != t[index] || event.getLong(offset + 8) != t[index + 1];
    }

    /** Whether a non-zero 128-bit event field differs from the stored value (zero means "not given"). */
    static boolean nonZeroDiffers(final BatchBytes event, final int offset, final long[] t, final int index)
    {
        final long lo = event.getLong(offset);
        final long hi = event.getLong(offset + 8);
        return (lo != 0 || hi != 0) && (lo != t[index] || hi != t[index + 1]);
    }
}
