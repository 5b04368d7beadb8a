package dev.ledger.server.http;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.Wire;
import org.agrona.MutableDirectBuffer;

/**
 * The body of {@code POST /v1/accounts/query} and {@code POST /v1/transfers/query}: an object of optional
 * {@code user_data_128}, {@code user_data_64}, {@code user_data_32}, {@code ledger}, {@code code} (0 or absent:
 * no filter), {@code timestamp_min}, {@code timestamp_max} (0 or absent: no bound), {@code limit} (1 to
 * {@link LedgerLimits#QUERY_ROWS_MAX}, the default) and {@code reversed} (a boolean), decoded into the 64-byte
 * QueryFilter of {@link Wire}.
 */
final class QueryFilterParser
{
    private static final String LIMIT = "limit";
    private static final String REVERSED = "reversed";

    private QueryFilterParser()
    {
    }

    /**
     * Parses a query filter.
     *
     * @param body      the request body, UTF-8.
     * @param offset    where it starts.
     * @param length    its length.
     * @param out       receives the 64-byte filter.
     * @param outOffset where it goes.
     * @throws ApiError 400 when the body breaks a rule.
     */
    static void parse(
        final byte[] body, final int offset, final int length, final MutableDirectBuffer out, final int outOffset)
    {
        final JsonParser parser = Json.parser(body, offset, length);
        try
        {
            read(parser, out, outOffset);
        }
        catch (final IOException ex)
        {
            throw Json.error(ex, parser);
        }
        finally
        {
            Json.close(parser);
        }
    }

    private static void read(final JsonParser parser, final MutableDirectBuffer out, final int outOffset)
        throws IOException
    {
        final RecordSchema schema = RecordSchema.QUERY_FILTER;
        final ValueReader reader = new ValueReader(parser);
        out.setMemory(outOffset, LedgerLimits.QUERY_FILTER_LENGTH, (byte)0);
        long limit = LedgerLimits.QUERY_ROWS_MAX;
        int flags = 0;
        Json.expectStart(parser, JsonToken.START_OBJECT);
        while (parser.nextToken() == JsonToken.FIELD_NAME)
        {
            final String name = parser.currentName();
            final int field = schema.indexOf(name);
            final String path = Json.path(parser.getParsingContext());
            parser.nextToken();
            if (field >= 0)
            {
                reader.read(schema, schema.kind(field), out, outOffset + schema.offset(field));
            }
            else if (LIMIT.equals(name))
            {
                limit = reader.readCount();
                if (limit < 1 || limit > LedgerLimits.QUERY_ROWS_MAX)
                {
                    throw invalidLimit(path);
                }
            }
            else if (REVERSED.equals(name))
            {
                flags = reader.readBoolean() ? Wire.QUERY_REVERSED : 0;
            }
            else
            {
                throw ApiError.badRequest("unknown_field", path, path + " is not a field of a query filter");
            }
        }
        Json.expectEnd(parser);
        checkRange(out.getLong(outOffset + Wire.QUERY_TIMESTAMP_MIN, Wire.ORDER),
            out.getLong(outOffset + Wire.QUERY_TIMESTAMP_MAX, Wire.ORDER), "$.timestamp_min", "$.timestamp_max");
        out.putInt(outOffset + Wire.QUERY_LIMIT, (int)limit, Wire.ORDER);
        out.putInt(outOffset + Wire.QUERY_FLAGS, flags, Wire.ORDER);
    }

    /**
     * A 400 {@code invalid_limit}.
     *
     * @param field the path or parameter name.
     * @return the error, to throw.
     */
    static ApiError invalidLimit(final String field)
    {
        return ApiError.badRequest("invalid_limit", field, field + " must be from 1 to " + LedgerLimits.QUERY_ROWS_MAX);
    }

    /**
     * Checks a timestamp range: each bound 0 (none) or a valid timestamp (at most 2^63 - 1), and
     * {@code min <= max} unless max is 0.
     *
     * @param min      timestamp_min as read (u64 in a long).
     * @param max      timestamp_max as read.
     * @param minField how the error names timestamp_min.
     * @param maxField how the error names timestamp_max.
     * @throws ApiError 400 {@code invalid_timestamp_range}.
     */
    static void checkRange(final long min, final long max, final String minField, final String maxField)
    {
        if (Long.compareUnsigned(min, LedgerLimits.TIMESTAMP_MAX) > 0)
        {
            throw ApiError.badRequest("invalid_timestamp_range", minField, minField + " must be at most 2^63-1 (" +
                LedgerLimits.TIMESTAMP_MAX + ")");
        }
        if (Long.compareUnsigned(max, LedgerLimits.TIMESTAMP_MAX) > 0)
        {
            throw ApiError.badRequest("invalid_timestamp_range", maxField, maxField + " must be at most 2^63-1 (" +
                LedgerLimits.TIMESTAMP_MAX + ")");
        }
        if (max != 0 && min > max)
        {
            throw ApiError.badRequest("invalid_timestamp_range", minField, minField + " (" + min +
                ") must not be greater than " + maxField + " (" + max + ")");
        }
    }
}
