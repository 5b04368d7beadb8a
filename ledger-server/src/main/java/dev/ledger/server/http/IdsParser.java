package dev.ledger.server.http;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.Wire;
import org.agrona.MutableDirectBuffer;

/**
 * Ids to look up: the body {@code {"ids":["1","2"]}} of {@code POST /v1/accounts/lookup} and
 * {@code POST /v1/transfers/lookup}, and the {@code {id}} path segment of {@code GET /v1/accounts/{id}} and
 * {@code GET /v1/transfers/{id}}. Each id becomes 16 little-endian bytes, low half first.
 */
final class IdsParser
{
    private static final String IDS = "ids";

    private IdsParser()
    {
    }

    /**
     * Parses a lookup body of 1 to {@link LedgerLimits#BATCH_EVENTS_MAX} ids.
     *
     * @param body      the request body, UTF-8.
     * @param offset    where it starts.
     * @param length    its length.
     * @param out       receives the ids; room for {@link LedgerLimits#BATCH_EVENTS_MAX} unless expandable.
     * @param outOffset where the first id goes.
     * @return the number of ids.
     * @throws ApiError 400 when the body breaks a rule.
     */
    static int ids(final byte[] body, final int offset, final int length, final MutableDirectBuffer out,
        final int outOffset)
    {
        if (!out.isExpandable() && out.capacity() - outOffset < LedgerLimits.BATCH_EVENTS_MAX * LedgerLimits.ID_LENGTH)
        {
            throw new IllegalArgumentException("the output buffer must hold " + LedgerLimits.BATCH_EVENTS_MAX +
                " ids from offset " + outOffset + ", capacity " + out.capacity());
        }
        final JsonParser parser = Json.parser(body, offset, length);
        try
        {
            Json.expectStart(parser, JsonToken.START_OBJECT);
            int count = 0;
            while (parser.nextToken() == JsonToken.FIELD_NAME)
            {
                if (!IDS.equals(parser.currentName()))
                {
                    final String path = Json.path(parser.getParsingContext());
                    throw ApiError.badRequest("unknown_field", path, path + " is not a field of a lookup " +
                        "(only \"ids\")");
                }
                parser.nextToken();
                count = readIds(parser, out, outOffset);
            }
            if (count == 0)
            {
                throw ApiError.badRequest("batch_empty", "$.ids", "$.ids must hold at least one id");
            }
            Json.expectEnd(parser);
            return count;
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

    private static int readIds(final JsonParser parser, final MutableDirectBuffer out, final int outOffset)
        throws IOException
    {
        if (parser.currentToken() != JsonToken.START_ARRAY)
        {
            throw ValueReader.typeError(parser, "$.ids must be an array of ids");
        }
        final ValueReader reader = new ValueReader(parser);
        int count = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY)
        {
            if (count == LedgerLimits.BATCH_EVENTS_MAX)
            {
                throw ApiError.badRequest("batch_too_large", "$.ids", "a lookup holds at most " +
                    LedgerLimits.BATCH_EVENTS_MAX + " ids; " + Json.path(parser.getParsingContext()) +
                    " is one too many");
            }
            reader.readUnsigned(false);
            final int idOffset = outOffset + count * LedgerLimits.ID_LENGTH;
            out.putLong(idOffset, reader.lo(), Wire.ORDER);
            out.putLong(idOffset + 8, reader.hi(), Wire.ORDER);
            count++;
        }
        return count;
    }

    /**
     * Parses an id given as a path segment: 1 to 39 decimal digits, at most 2^128 - 1.
     *
     * @param segment   the decoded path segment.
     * @param out       receives the id.
     * @param outOffset where it goes.
     * @throws ApiError 400 {@code invalid_number} naming {@code id}.
     */
    static void pathId(final CharSequence segment, final MutableDirectBuffer out, final int outOffset)
    {
        final Decimal decimal = new Decimal();
        final int status = decimal.parse(segment);
        if (status != Decimal.OK)
        {
            throw ApiError.badRequest("invalid_number", "id", "the id in the path must be 1 to 39 decimal digits " +
                "up to 2^128-1" + (status == Decimal.OVERFLOW ? "; it is above 2^128-1" : ""));
        }
        out.putLong(outOffset, decimal.lo, Wire.ORDER);
        out.putLong(outOffset + 8, decimal.hi, Wire.ORDER);
    }
}
