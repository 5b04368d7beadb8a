package dev.ledger.client;

import java.math.BigInteger;

import org.agrona.MutableDirectBuffer;

import dev.ledger.core.LedgerLimits;
import dev.ledger.core.Wire;

/**
 * Which accounts or transfers {@link LedgerClient#queryAccounts} and {@link LedgerClient#queryTransfers} return:
 * every non-zero field must match.
 *
 * @param userData128  0 for any.
 * @param userData64   0 for any.
 * @param userData32   0 for any.
 * @param ledger       0 for any.
 * @param code         0 for any.
 * @param timestampMin the earliest timestamp, 0 for no bound.
 * @param timestampMax the latest timestamp, 0 for no bound.
 * @param limit        rows at most, 1..8189.
 * @param reversed     newest first.
 */
public record QueryFilter(BigInteger userData128, long userData64, int userData32, int ledger, int code,
    long timestampMin, long timestampMax, int limit, boolean reversed)
{
    void write(final MutableDirectBuffer buffer, final int offset)
    {
        buffer.setMemory(offset, LedgerLimits.QUERY_FILTER_LENGTH, (byte)0);
        Records.putU128(buffer, offset + Wire.QUERY_USER_DATA_128, userData128, "userData128");
        buffer.putLong(offset + Wire.QUERY_USER_DATA_64, userData64, Wire.ORDER);
        buffer.putInt(offset + Wire.QUERY_USER_DATA_32, userData32, Wire.ORDER);
        buffer.putInt(offset + Wire.QUERY_LEDGER, ledger, Wire.ORDER);
        buffer.putShort(offset + Wire.QUERY_CODE, (short)code, Wire.ORDER);
        buffer.putLong(offset + Wire.QUERY_TIMESTAMP_MIN, timestampMin, Wire.ORDER);
        buffer.putLong(offset + Wire.QUERY_TIMESTAMP_MAX, timestampMax, Wire.ORDER);
        buffer.putInt(offset + Wire.QUERY_LIMIT, limit, Wire.ORDER);
        buffer.putInt(offset + Wire.QUERY_FLAGS, reversed ? Wire.QUERY_REVERSED : 0, Wire.ORDER);
    }
}
