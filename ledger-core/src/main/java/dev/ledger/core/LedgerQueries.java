package dev.ledger.core;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The read side: filters validated as TigerBeetle does (an invalid filter yields no rows), account listings
 * walked along the account's transfer lists, and queries scanned in timestamp order from a binary-searched
 * start. Every result set is bounded by the filter's limit and {@link LedgerLimits#QUERY_ROWS_MAX}.
 * <p>
 * Costs: a listing visits the account's transfers from the end nearest the requested range; a query visits
 * the records inside the timestamp range until the limit is reached. Neither allocates.
 */
final class LedgerQueries
{
    private static final java.nio.ByteOrder ORDER = Wire.ORDER;
    private static final int FILTER_FLAGS_ALL = Wire.FILTER_DEBITS | Wire.FILTER_CREDITS | Wire.FILTER_REVERSED;

    private final AccountStore accounts;
    private final TransferStore transfers;
    private final AccountHistory history;
    private final QueryBounds bounds = new QueryBounds();
    private final java.util.function.LongToIntFunction accountLowerBound;
    private final java.util.function.LongToIntFunction transferLowerBound;

    LedgerQueries(final AccountStore accounts, final TransferStore transfers, final AccountHistory history)
    {
        this.accounts = accounts;
        this.transfers = transfers;
        this.history = history;
        this.accountLowerBound = accounts::lowerBound;
        this.transferLowerBound = transfers::lowerBound;
    }

    int accountTransfers(
        final DirectBuffer filter,
        final int offset,
        final MutableDirectBuffer output,
        final int outOffset,
        final boolean balances)
    {
        final long accountLo = filter.getLong(offset + Wire.FILTER_ACCOUNT_ID, ORDER);
        final long accountHi = filter.getLong(offset + Wire.FILTER_ACCOUNT_ID + 8, ORDER);
        final long timestampMin = filter.getLong(offset + Wire.FILTER_TIMESTAMP_MIN, ORDER);
        final long timestampMax = filter.getLong(offset + Wire.FILTER_TIMESTAMP_MAX, ORDER);
        final long limit = filter.getInt(offset + Wire.FILTER_LIMIT, ORDER) & 0xFFFF_FFFFL;
        final int flags = filter.getInt(offset + Wire.FILTER_FLAGS, ORDER);
        final boolean valid = !(accountLo == 0 && accountHi == 0) && !(accountLo == -1L && accountHi == -1L) &&
            validRange(timestampMin, timestampMax) && limit != 0 &&
            (flags & (Wire.FILTER_DEBITS | Wire.FILTER_CREDITS)) != 0 && (flags & ~FILTER_FLAGS_ALL) == 0 &&
            zeroed(filter, offset + Wire.FILTER_RESERVED, Wire.FILTER_RESERVED_LENGTH);
        if (!valid)
        {
            return 0;
        }
        final int account = accounts.find(accountLo, accountHi);
        if (account == IdIndex.NONE || (balances && (accounts.flags(account) & AccountFlags.HISTORY) == 0))
        {
            return 0;
        }
        final long min = timestampMin == 0 ? LedgerLimits.TIMESTAMP_MIN : timestampMin;
        final long max = timestampMax == 0 ? LedgerLimits.TIMESTAMP_MAX : timestampMax;
        final int rowsMax = (int)Math.min(limit, LedgerLimits.QUERY_ROWS_MAX);
        final boolean reversed = (flags & Wire.FILTER_REVERSED) != 0;
        final boolean debits = (flags & Wire.FILTER_DEBITS) != 0;
        final boolean credits = (flags & Wire.FILTER_CREDITS) != 0;
        final long userData128Lo = filter.getLong(offset + Wire.FILTER_USER_DATA_128, ORDER);
        final long userData128Hi = filter.getLong(offset + Wire.FILTER_USER_DATA_128 + 8, ORDER);
        final long userData64 = filter.getLong(offset + Wire.FILTER_USER_DATA_64, ORDER);
        final int userData32 = filter.getInt(offset + Wire.FILTER_USER_DATA_32, ORDER);
        final int code = filter.getShort(offset + Wire.FILTER_CODE, ORDER) & 0xFFFF;

        final long[] a = accounts.records;
        final int accountBase = AccountStore.base(account);
        // Walk both lists at once, always taking the transfer that comes first in the requested direction.
        int debit = debits ? listStart(a[accountBase + AccountStore.DEBIT_LIST], reversed) : AccountHistory.NONE;
        int credit = credits ? listStart(a[accountBase + AccountStore.CREDIT_LIST], reversed) : AccountHistory.NONE;
        int rows = 0;
        while (rows < rowsMax && (debit != AccountHistory.NONE || credit != AccountHistory.NONE))
        {
            final boolean takeDebit = credit == AccountHistory.NONE ||
                (debit != AccountHistory.NONE && (reversed ? debit > credit : debit < credit));
            final int transfer = takeDebit ? debit : credit;
            if (takeDebit)
            {
                debit = step(transfer, true, reversed);
            }
            else
            {
                credit = step(transfer, false, reversed);
            }
            final long timestamp = transfers.timestamp(transfer);
            if (reversed ? timestamp < min : timestamp > max)
            {
                break;
            }
            if ((reversed ? timestamp > max : timestamp < min) ||
                !matchesTransfer(transfer, userData128Lo, userData128Hi, userData64, userData32, 0, code))
            {
                continue;
            }
            final int rowOffset = outOffset + rows * LedgerLimits.RECORD_LENGTH;
            if (balances)
            {
                writeBalance(transfer, takeDebit, output, rowOffset);
            }
            else
            {
                writeTransfer(transfer, output, rowOffset);
            }
            rows++;
        }
        return rows;
    }

    private static int listStart(final long list, final boolean reversed)
    {
        return reversed ? AccountHistory.high(list) : AccountHistory.low(list);
    }

    private int step(final int transfer, final boolean debitSide, final boolean reversed)
    {
        if (!reversed)
        {
            return debitSide ? transfers.nextDebit[transfer] : transfers.nextCredit[transfer];
        }
        final long previous = transfers.records[TransferStore.base(transfer) + TransferStore.PREVIOUS];
        return debitSide ? AccountHistory.low(previous) : AccountHistory.high(previous);
    }

    int queryAccounts(final DirectBuffer filter, final int offset, final MutableDirectBuffer output, final int outOffset)
    {
        if (!bounds.read(filter, offset))
        {
            return 0;
        }
        final long[] a = accounts.records;
        int rows = 0;
        int reference = bounds.start(accounts.count(), accountLowerBound);
        while (rows < bounds.rowsMax && reference >= 0 && reference < accounts.count())
        {
            final int base = AccountStore.base(reference);
            final long timestamp = a[base + AccountStore.TIMESTAMP];
            if (bounds.reversed ? timestamp < bounds.min : timestamp > bounds.max)
            {
                break;
            }
            if ((bounds.userData128Lo == 0 && bounds.userData128Hi == 0 ||
                a[base + AccountStore.USER_DATA_128] == bounds.userData128Lo &&
                a[base + AccountStore.USER_DATA_128 + 1] == bounds.userData128Hi) &&
                (bounds.userData64 == 0 || a[base + AccountStore.USER_DATA_64] == bounds.userData64) &&
                (bounds.userData32 == 0 || (int)a[base + AccountStore.USER_DATA_32_LEDGER] == bounds.userData32) &&
                (bounds.ledger == 0 || accounts.ledger(reference) == bounds.ledger) &&
                (bounds.code == 0 || ((int)a[base + AccountStore.CODE_FLAGS] & 0xFFFF) == bounds.code))
            {
                writeAccount(reference, output, outOffset + rows * LedgerLimits.RECORD_LENGTH);
                rows++;
            }
            reference += bounds.reversed ? -1 : 1;
        }
        return rows;
    }

    int queryTransfers(final DirectBuffer filter, final int offset, final MutableDirectBuffer output, final int outOffset)
    {
        if (!bounds.read(filter, offset))
        {
            return 0;
        }
        int rows = 0;
        int reference = bounds.start(transfers.count(), transferLowerBound);
        while (rows < bounds.rowsMax && reference >= 0 && reference < transfers.count())
        {
            final long timestamp = transfers.timestamp(reference);
            if (bounds.reversed ? timestamp < bounds.min : timestamp > bounds.max)
            {
                break;
            }
            if (matchesTransfer(reference, bounds.userData128Lo, bounds.userData128Hi, bounds.userData64,
                bounds.userData32, bounds.ledger, bounds.code))
            {
                writeTransfer(reference, output, outOffset + rows * LedgerLimits.RECORD_LENGTH);
                rows++;
            }
            reference += bounds.reversed ? -1 : 1;
        }
        return rows;
    }

    private boolean matchesTransfer(
        final int transfer,
        final long userData128Lo,
        final long userData128Hi,
        final long userData64,
        final int userData32,
        final int ledger,
        final int code)
    {
        final long[] t = transfers.records;
        final int base = TransferStore.base(transfer);
        return (userData128Lo == 0 && userData128Hi == 0 ||
            t[base + TransferStore.USER_DATA_128] == userData128Lo && t[base + TransferStore.USER_DATA_128 + 1] == userData128Hi) &&
            (userData64 == 0 || t[base + TransferStore.USER_DATA_64] == userData64) &&
            (userData32 == 0 || transfers.userData32(transfer) == userData32) &&
            (ledger == 0 || transfers.ledger(transfer) == ledger) &&
            (code == 0 || transfers.code(transfer) == code);
    }

    static boolean validRange(final long timestampMin, final long timestampMax)
    {
        // Zero means "no bound"; otherwise 1..2^63-1 (negative longs are u64 values above 2^63 - 1).
        return timestampMin >= 0 && timestampMax >= 0 && (timestampMax == 0 || timestampMin <= timestampMax);
    }

    static boolean zeroed(final DirectBuffer buffer, final int offset, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (buffer.getByte(offset + i) != 0)
            {
                return false;
            }
        }
        return true;
    }

    void writeAccount(final int reference, final MutableDirectBuffer output, final int offset)
    {
        final long[] a = accounts.records;
        final int base = AccountStore.base(reference);
        // Id and balances: the same order in the record as on the wire.
        for (int i = AccountStore.ID_LO; i <= AccountStore.CREDITS_POSTED + 1; i++)
        {
            output.putLong(offset + i * 8, a[base + i], ORDER);
        }
        output.putLong(offset + Wire.USER_DATA_128, a[base + AccountStore.USER_DATA_128], ORDER);
        output.putLong(offset + Wire.USER_DATA_128 + 8, a[base + AccountStore.USER_DATA_128 + 1], ORDER);
        output.putLong(offset + Wire.USER_DATA_64, a[base + AccountStore.USER_DATA_64], ORDER);
        output.putInt(offset + Wire.USER_DATA_32, (int)a[base + AccountStore.USER_DATA_32_LEDGER], ORDER);
        output.putInt(offset + Wire.ACCOUNT_RESERVED, 0, ORDER);
        output.putInt(offset + Wire.LEDGER, accounts.ledger(reference), ORDER);
        output.putShort(offset + Wire.CODE, (short)a[base + AccountStore.CODE_FLAGS], ORDER);
        output.putShort(offset + Wire.FLAGS, (short)accounts.flags(reference), ORDER);
        output.putLong(offset + Wire.TIMESTAMP, a[base + AccountStore.TIMESTAMP], ORDER);
    }

    void writeTransfer(final int reference, final MutableDirectBuffer output, final int offset)
    {
        final long[] t = transfers.records;
        final int base = TransferStore.base(reference);
        for (int i = 0; i < 12; i++)
        {
            output.putLong(offset + i * 8, t[base + i], ORDER);
        }
        output.putLong(offset + Wire.USER_DATA_64, t[base + TransferStore.USER_DATA_64], ORDER);
        output.putInt(offset + Wire.USER_DATA_32, transfers.userData32(reference), ORDER);
        output.putInt(offset + Wire.TRANSFER_TIMEOUT, (int)transfers.timeout(reference), ORDER);
        output.putInt(offset + Wire.LEDGER, transfers.ledger(reference), ORDER);
        output.putShort(offset + Wire.CODE, (short)transfers.code(reference), ORDER);
        output.putShort(offset + Wire.FLAGS, (short)transfers.flags(reference), ORDER);
        output.putLong(offset + Wire.TIMESTAMP, t[base + TransferStore.TIMESTAMP], ORDER);
    }

    private void writeBalance(final int transfer, final boolean debitSide, final MutableDirectBuffer output, final int offset)
    {
        final long snapshots = transfers.records[TransferStore.base(transfer) + TransferStore.HISTORY];
        final int snapshot = debitSide ? AccountHistory.low(snapshots) : AccountHistory.high(snapshots);
        final int base = snapshot * AccountHistory.SNAPSHOT_LONGS;
        for (int i = 0; i < AccountHistory.SNAPSHOT_LONGS; i++)
        {
            output.putLong(offset + i * 8, history.snapshots[base + i], ORDER);
        }
        output.putLong(offset + Wire.BALANCE_TIMESTAMP, transfers.timestamp(transfer), ORDER);
        output.setMemory(offset + Wire.BALANCE_TIMESTAMP + 8, LedgerLimits.RECORD_LENGTH - Wire.BALANCE_TIMESTAMP - 8, (byte)0);
    }
}
