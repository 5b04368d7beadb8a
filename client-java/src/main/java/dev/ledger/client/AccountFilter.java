package dev.ledger.client;

import java.math.BigInteger;

import org.agrona.MutableDirectBuffer;

import dev.ledger.core.LedgerLimits;
import dev.ledger.core.Wire;

/**
 * Which transfers (or balances) of one account to list: {@link LedgerClient#getAccountTransfers} and
 * {@link LedgerClient#getAccountBalances}.
 *
 * @param accountId      the account.
 * @param timestampMin   the earliest timestamp, 0 for no bound.
 * @param timestampMax   the latest timestamp, 0 for no bound.
 * @param limit          rows at most, 1..8189.
 * @param debits         include transfers that debit the account.
 * @param credits        include transfers that credit the account.
 * @param reversed       newest first.
 */
public record AccountFilter(BigInteger accountId, long timestampMin, long timestampMax, int limit, boolean debits,
    boolean credits, boolean reversed)
{
    /**
     * @param accountId the account.
     * @return a filter for all its transfers, oldest first, up to 8189.
     */
    public static AccountFilter of(final BigInteger accountId)
    {
        return new AccountFilter(accountId, 0, 0, LedgerLimits.QUERY_ROWS_MAX, true, true, false);
    }

    void write(final MutableDirectBuffer buffer, final int offset)
    {
        buffer.setMemory(offset, LedgerLimits.RECORD_LENGTH, (byte)0);
        Records.putU128(buffer, offset + Wire.FILTER_ACCOUNT_ID, accountId, "accountId");
        buffer.putLong(offset + Wire.FILTER_TIMESTAMP_MIN, timestampMin, Wire.ORDER);
        buffer.putLong(offset + Wire.FILTER_TIMESTAMP_MAX, timestampMax, Wire.ORDER);
        buffer.putInt(offset + Wire.FILTER_LIMIT, limit, Wire.ORDER);
        buffer.putInt(offset + Wire.FILTER_FLAGS, (debits ? Wire.FILTER_DEBITS : 0) |
            (credits ? Wire.FILTER_CREDITS : 0) | (reversed ? Wire.FILTER_REVERSED : 0), Wire.ORDER);
    }
}
