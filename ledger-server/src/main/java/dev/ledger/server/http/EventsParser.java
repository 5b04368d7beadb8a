package dev.ledger.server.http;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ledger.core.LedgerLimits;
import org.agrona.MutableDirectBuffer;

/**
 * The body of {@code POST /v1/accounts} and {@code POST /v1/transfers}: a JSON array of 1 to
 * {@link LedgerLimits#BATCH_EVENTS_MAX} objects, decoded into 128-byte records of the {@link dev.ledger.core.Wire}
 * layout. A missing field is zero, as in TigerBeetle's zero-initialised structs, so that the state machine
 * answers with the right result code (e.g. {@code id_must_not_be_zero}); an unknown field is a 400.
 * <p>
 * On any error an {@link ApiError} names the first offending field, and what was written is garbage.
 */
final class EventsParser
{
    private EventsParser()
    {
    }

    /**
     * Parses an array of accounts.
     *
     * @param body      the request body, UTF-8.
     * @param offset    where it starts.
     * @param length    its length.
     * @param out       receives the records; room for {@link LedgerLimits#BATCH_EVENTS_MAX} unless expandable.
     * @param outOffset where the first record goes.
     * @return the number of accounts, 1 to {@link LedgerLimits#BATCH_EVENTS_MAX}.
     * @throws ApiError 400 when the body breaks a rule.
     */
    static int accounts(
        final byte[] body, final int offset, final int length, final MutableDirectBuffer out, final int outOffset)
    {
        return parse(RecordSchema.ACCOUNT, body, offset, length, out, outOffset);
    }

    /**
     * Parses an array of transfers.
     *
     * @param body      the request body, UTF-8.
     * @param offset    where it starts.
     * @param length    its length.
     * @param out       receives the records; room for {@link LedgerLimits#BATCH_EVENTS_MAX} unless expandable.
     * @param outOffset where the first record goes.
     * @return the number of transfers, 1 to {@link LedgerLimits#BATCH_EVENTS_MAX}.
     * @throws ApiError 400 when the body breaks a rule.
     */
    static int transfers(
        final byte[] body, final int offset, final int length, final MutableDirectBuffer out, final int outOffset)
    {
        return parse(RecordSchema.TRANSFER, body, offset, length, out, outOffset);
    }

    private static int parse(
        final RecordSchema schema,
        final byte[] body,
        final int offset,
        final int length,
        final MutableDirectBuffer out,
        final int outOffset)
    {
        if (!out.isExpandable() &&
            out.capacity() - outOffset < LedgerLimits.BATCH_EVENTS_MAX * LedgerLimits.RECORD_LENGTH)
        {
            throw new IllegalArgumentException("the output buffer must hold " + LedgerLimits.BATCH_EVENTS_MAX +
                " records from offset " + outOffset + ", capacity " + out.capacity());
        }
        final JsonParser parser = Json.parser(body, offset, length);
        try
        {
            return readEvents(schema, parser, out, outOffset);
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

    private static int readEvents(
        final RecordSchema schema, final JsonParser parser, final MutableDirectBuffer out, final int outOffset)
        throws IOException
    {
        final ValueReader reader = new ValueReader(parser);
        final String what = schema == RecordSchema.ACCOUNT ? "accounts" : "transfers";
        Json.expectStart(parser, JsonToken.START_ARRAY);
        int count = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY)
        {
            if (count == LedgerLimits.BATCH_EVENTS_MAX)
            {
                throw ApiError.badRequest("batch_too_large", "$", "a batch holds at most " +
                    LedgerLimits.BATCH_EVENTS_MAX + " " + what + "; " + Json.path(parser.getParsingContext()) +
                    " is one too many");
            }
            if (token != JsonToken.START_OBJECT)
            {
                throw ValueReader.typeError(parser, Json.path(parser.getParsingContext()) + " must be an object");
            }
            final int recordOffset = outOffset + count * LedgerLimits.RECORD_LENGTH;
            out.setMemory(recordOffset, LedgerLimits.RECORD_LENGTH, (byte)0);
            readEvent(schema, parser, reader, out, recordOffset);
            count++;
        }
        if (count == 0)
        {
            throw ApiError.badRequest("batch_empty", "$", "a batch holds at least one of the " + what);
        }
        Json.expectEnd(parser);
        return count;
    }

    private static void readEvent(
        final RecordSchema schema,
        final JsonParser parser,
        final ValueReader reader,
        final MutableDirectBuffer out,
        final int recordOffset) throws IOException
    {
        while (parser.nextToken() == JsonToken.FIELD_NAME)
        {
            final int field = schema.indexOf(parser.currentName());
            if (field < 0)
            {
                final String path = Json.path(parser.getParsingContext());
                throw ApiError.badRequest("unknown_field", path, path + " is not a field of " +
                    (schema == RecordSchema.ACCOUNT ? "an account" : "a transfer"));
            }
            parser.nextToken();
            reader.read(schema, schema.kind(field), out, recordOffset + schema.offset(field));
        }
    }
}
