package dev.ledger.core;

import org.agrona.DirectBuffer;

/**
 * A decoded QueryFilter ({@link Wire}), reused across queries so that reading one allocates nothing.
 */
final class QueryBounds
{
    long userData128Lo;
    long userData128Hi;
    long userData64;
    int userData32;
    int ledger;
    int code;
    long min;
    long max;
    int rowsMax;
    boolean reversed;

    /**
     * Decodes and validates a filter as TigerBeetle does.
     *
     * @return false when the filter is invalid (the query then yields no rows).
     */
    boolean read(final DirectBuffer filter, final int offset)
    {
        final long timestampMin = filter.getLong(offset + Wire.QUERY_TIMESTAMP_MIN, Wire.ORDER);
        final long timestampMax = filter.getLong(offset + Wire.QUERY_TIMESTAMP_MAX, Wire.ORDER);
        final long limit = filter.getInt(offset + Wire.QUERY_LIMIT, Wire.ORDER) & 0xFFFF_FFFFL;
        final int flags = filter.getInt(offset + Wire.QUERY_FLAGS, Wire.ORDER);
        if (!LedgerQueries.validRange(timestampMin, timestampMax) || limit == 0 || (flags & ~Wire.QUERY_REVERSED) != 0 ||
            !LedgerQueries.zeroed(filter, offset + Wire.QUERY_RESERVED, Wire.QUERY_RESERVED_LENGTH))
        {
            return false;
        }
        userData128Lo = filter.getLong(offset + Wire.QUERY_USER_DATA_128, Wire.ORDER);
        userData128Hi = filter.getLong(offset + Wire.QUERY_USER_DATA_128 + 8, Wire.ORDER);
        userData64 = filter.getLong(offset + Wire.QUERY_USER_DATA_64, Wire.ORDER);
        userData32 = filter.getInt(offset + Wire.QUERY_USER_DATA_32, Wire.ORDER);
        ledger = filter.getInt(offset + Wire.QUERY_LEDGER, Wire.ORDER);
        code = filter.getShort(offset + Wire.QUERY_CODE, Wire.ORDER) & 0xFFFF;
        min = timestampMin == 0 ? LedgerLimits.TIMESTAMP_MIN : timestampMin;
        max = timestampMax == 0 ? LedgerLimits.TIMESTAMP_MAX : timestampMax;
        rowsMax = (int)Math.min(limit, LedgerLimits.QUERY_ROWS_MAX);
        reversed = (flags & Wire.QUERY_REVERSED) != 0;
        return true;
    }

    /**
     * Where a scan over records sorted by timestamp starts.
     *
     * @param count      records in the store.
     * @param lowerBound the store's first index whose timestamp is at least the given one.
     */
    int start(final int count, final java.util.function.LongToIntFunction lowerBound)
    {
        if (reversed)
        {
            return (max == LedgerLimits.TIMESTAMP_MAX ? count : lowerBound.applyAsInt(max + 1)) - 1;
        }
        return lowerBound.applyAsInt(min);
    }
}
