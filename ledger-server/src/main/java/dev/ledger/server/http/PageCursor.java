package dev.ledger.server.http;

import dev.ledger.core.LedgerLimits;
import dev.ledger.core.Wire;
import org.agrona.DirectBuffer;

/**
 * The {@code next} cursor of a page of rows ordered by timestamp: when the page is full, the bound that
 * continues after its last row, to pass as {@code timestamp_min} ({@code last + 1}) or, when reversed, as
 * {@code timestamp_max} ({@code last - 1}); none (0, written as {@code null}) when the page is not full or when no
 * row can be left in that direction: the next bound would pass the filter's other bound, or leave the valid
 * timestamps 1..2^63-1 (and 0 would mean "no bound" and start the listing over).
 */
final class PageCursor
{
    private PageCursor()
    {
    }

    /**
     * The cursor of a page that answers a QueryFilter.
     *
     * @param schema       the rows' schema (where their timestamp is).
     * @param rows         the rows, 128 bytes each.
     * @param offset       where the first starts.
     * @param count        how many.
     * @param filter       the QueryFilter.
     * @param filterOffset where it starts.
     * @return the next bound, or 0 for none.
     */
    static long afterQuery(
        final RecordSchema schema,
        final DirectBuffer rows,
        final int offset,
        final int count,
        final DirectBuffer filter,
        final int filterOffset)
    {
        final int flags = filter.getInt(filterOffset + Wire.QUERY_FLAGS, Wire.ORDER);
        return next(count, filter.getInt(filterOffset + Wire.QUERY_LIMIT, Wire.ORDER) & 0xFFFF_FFFFL,
            (flags & Wire.QUERY_REVERSED) != 0, last(schema, rows, offset, count),
            filter.getLong(filterOffset + Wire.QUERY_TIMESTAMP_MIN, Wire.ORDER),
            filter.getLong(filterOffset + Wire.QUERY_TIMESTAMP_MAX, Wire.ORDER));
    }

    /**
     * The cursor of a page that answers an AccountFilter.
     *
     * @param schema       the rows' schema (where their timestamp is).
     * @param rows         the rows, 128 bytes each.
     * @param offset       where the first starts.
     * @param count        how many.
     * @param filter       the AccountFilter.
     * @param filterOffset where it starts.
     * @return the next bound, or 0 for none.
     */
    static long afterAccountFilter(
        final RecordSchema schema,
        final DirectBuffer rows,
        final int offset,
        final int count,
        final DirectBuffer filter,
        final int filterOffset)
    {
        final int flags = filter.getInt(filterOffset + Wire.FILTER_FLAGS, Wire.ORDER);
        return next(count, filter.getInt(filterOffset + Wire.FILTER_LIMIT, Wire.ORDER) & 0xFFFF_FFFFL,
            (flags & Wire.FILTER_REVERSED) != 0, last(schema, rows, offset, count),
            filter.getLong(filterOffset + Wire.FILTER_TIMESTAMP_MIN, Wire.ORDER),
            filter.getLong(filterOffset + Wire.FILTER_TIMESTAMP_MAX, Wire.ORDER));
    }

    /**
     * The cursor from its inputs.
     *
     * @param count         rows in the page.
     * @param limit         rows asked for (capped at {@link LedgerLimits#QUERY_ROWS_MAX}, as the ledger does).
     * @param reversed      whether the rows descend.
     * @param lastTimestamp the timestamp of the last row.
     * @param min           the filter's timestamp_min (0: none).
     * @param max           the filter's timestamp_max (0: none).
     * @return the next bound, or 0 for none.
     */
    static long next(
        final int count,
        final long limit,
        final boolean reversed,
        final long lastTimestamp,
        final long min,
        final long max)
    {
        if (count == 0 || count < Math.min(limit, LedgerLimits.QUERY_ROWS_MAX))
        {
            return 0;
        }
        if (reversed)
        {
            final boolean more = Long.compareUnsigned(lastTimestamp, LedgerLimits.TIMESTAMP_MIN) > 0 &&
                Long.compareUnsigned(lastTimestamp, LedgerLimits.TIMESTAMP_MAX) <= 0 &&
                Long.compareUnsigned(lastTimestamp - 1, min) >= 0;
            return more ? lastTimestamp - 1 : 0;
        }
        final boolean more = Long.compareUnsigned(lastTimestamp, LedgerLimits.TIMESTAMP_MAX) < 0 &&
            (max == 0 || Long.compareUnsigned(lastTimestamp + 1, max) <= 0);
        return more ? lastTimestamp + 1 : 0;
    }

    private static long last(final RecordSchema schema, final DirectBuffer rows, final int offset, final int count)
    {
        return count == 0 ? 0 :
            rows.getLong(offset + (count - 1) * LedgerLimits.RECORD_LENGTH + schema.timestampOffset(), Wire.ORDER);
    }
}
