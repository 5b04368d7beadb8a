package dev.ledger.server.http;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;

/**
 * The one Jackson factory of the HTTP API, with tight limits, and the translation of what Jackson throws into
 * {@link ApiError}s that say where the body went wrong (line and column), never how Jackson failed.
 */
final class Json
{
    /** Deepest nesting of arrays and objects; our bodies need 3 (a flag inside an event inside the batch). */
    static final int NESTING_DEPTH_MAX = 32;
    /** Longest JSON number, in characters: a u128 has 39 digits, so 40 leaves room for a sign. */
    static final int NUMBER_LENGTH_MAX = 40;
    /** Longest JSON string value, in characters: a u128 needs 39; the rest is room for honest mistakes. */
    static final int STRING_LENGTH_MAX = 4096;
    /** Longest field name, in characters: ours are at most 30; a longer name is echoed back in the error. */
    static final int NAME_LENGTH_MAX = 256;

    /** Thread-safe; parsers and generators it creates are not. */
    static final JsonFactory FACTORY = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(NESTING_DEPTH_MAX)
            .maxNumberLength(NUMBER_LENGTH_MAX)
            .maxStringLength(STRING_LENGTH_MAX)
            .maxNameLength(NAME_LENGTH_MAX)
            .build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();

    private Json()
    {
    }

    /**
     * A parser over a UTF-8 body. Jackson would also guess UTF-16 and UTF-32 from the first bytes; the API is
     * UTF-8 only, so a body that starts like one of those (a zero byte, or a UTF-16/32 byte order mark) is
     * refused here.
     *
     * @param body   the bytes.
     * @param offset where the body starts.
     * @param length its length.
     * @return a parser positioned before the first token.
     * @throws ApiError 400 {@code malformed_json} when the body cannot be UTF-8 JSON.
     */
    static JsonParser parser(final byte[] body, final int offset, final int length)
    {
        if (length > 0 && (body[offset] == 0 || (body[offset] & 0xFE) == 0xFE || length > 1 && body[offset + 1] == 0))
        {
            throw ApiError.badRequest("malformed_json", null, "the body must be JSON encoded as UTF-8");
        }
        try
        {
            return FACTORY.createParser(body, offset, length);
        }
        catch (final IOException ex)
        {
            throw ApiError.badRequest("malformed_json", null, "the body must be JSON encoded as UTF-8");
        }
    }

    /**
     * Reads the first token, which must start the body's one value.
     *
     * @param parser   a new parser.
     * @param expected {@link JsonToken#START_ARRAY} or {@link JsonToken#START_OBJECT}.
     * @throws IOException from Jackson.
     * @throws ApiError    400 {@code malformed_json} for an empty body, {@code invalid_type} for another value.
     */
    static void expectStart(final JsonParser parser, final JsonToken expected) throws IOException
    {
        final JsonToken token = parser.nextToken();
        if (token == null)
        {
            throw ApiError.badRequest("malformed_json", null, "the body is empty; expected a JSON " +
                (expected == JsonToken.START_ARRAY ? "array" : "object"));
        }
        if (token != expected)
        {
            throw ValueReader.typeError(parser, "the body must be a JSON " +
                (expected == JsonToken.START_ARRAY ? "array" : "object"));
        }
    }

    /**
     * Checks that nothing but whitespace follows the body's one value.
     *
     * @param parser a parser that has just read the value's last token.
     * @throws IOException from Jackson.
     * @throws ApiError    400 {@code malformed_json} when more follows.
     */
    static void expectEnd(final JsonParser parser) throws IOException
    {
        if (parser.nextToken() != null)
        {
            throw ApiError.badRequest("malformed_json", null,
                "unexpected content after the JSON value " + where(parser.currentTokenLocation()));
        }
    }

    /**
     * Closes a parser over an in-memory body (which cannot fail in any way that matters).
     *
     * @param parser the parser.
     */
    static void close(final JsonParser parser)
    {
        try
        {
            parser.close();
        }
        catch (final IOException ignore)
        {
            // A byte array holds no resource; closing only returns Jackson's buffers.
        }
    }

    /**
     * What a Jackson failure means for the client: a violated limit, a duplicate field or malformed JSON.
     *
     * @param ex     what Jackson threw.
     * @param parser the parser it threw from, for the location when the exception has none.
     * @return the error to throw.
     */
    static ApiError error(final IOException ex, final JsonParser parser)
    {
        if (!(ex instanceof JsonProcessingException))
        {
            return ApiError.badRequest("malformed_json", null, "unreadable body " + where(parser.currentLocation()));
        }
        final JsonProcessingException failure = (JsonProcessingException)ex;
        final JsonLocation location = failure.getLocation() != null ? failure.getLocation() : parser.currentLocation();
        final String message = failure.getOriginalMessage();
        if (failure instanceof StreamConstraintsException)
        {
            return limitError(message, location);
        }
        if (message != null && message.startsWith("Duplicate field "))
        {
            final String path = path(parser.getParsingContext());
            return ApiError.badRequest("duplicate_field", path, "the field " + path + " appears twice " +
                where(location) + "; each field may be given once");
        }
        if (failure instanceof JsonEOFException)
        {
            return ApiError.badRequest("malformed_json", null,
                "malformed JSON " + where(location) + ": the body ends before the JSON value is complete");
        }
        final String field = malformedValueOf(parser, message);
        return ApiError.badRequest("malformed_json", field, "malformed JSON " + where(location) +
            (field != null ? " in the value of " + field : "") + ": " + withoutSource(message));
    }

    /**
     * The path of the field whose value is not valid JSON ({@code +7}, {@code 01}, {@code 0x10}, {@code NaN}),
     * or null when the failure is in the structure rather than in one field's value.
     */
    private static String malformedValueOf(final JsonParser parser, final String message)
    {
        final JsonStreamContext context = parser.getParsingContext();
        if (!context.inObject() || context.getCurrentName() == null)
        {
            return null;
        }
        final JsonToken token = parser.currentToken();
        final boolean valueUnreadable = token == JsonToken.FIELD_NAME && message != null &&
            !message.contains("expecting a colon");
        final boolean numberRunsOn = token != null && token.isNumeric() && message != null &&
            message.contains("was expecting comma");
        return valueUnreadable || numberRunsOn ? path(context) : null;
    }

    /** Jackson's message without the parts that describe its own source and configuration. */
    private static String withoutSource(final String message)
    {
        if (message == null)
        {
            return "unreadable input";
        }
        final int marker = message.indexOf(" (start marker at");
        final int source = message.indexOf("[Source:");
        final int hint = message.indexOf(": enable `");
        int cut = message.length();
        for (final int at : new int[] {marker, source, hint})
        {
            cut = at >= 0 ? Math.min(cut, at) : cut;
        }
        return message.substring(0, cut);
    }

    private static ApiError limitError(final String message, final JsonLocation location)
    {
        final String text = message == null ? "" : message;
        if (text.startsWith("Document nesting depth"))
        {
            return ApiError.badRequest("json_too_deep", null,
                "arrays and objects nest deeper than " + NESTING_DEPTH_MAX + " levels " + where(location));
        }
        if (text.startsWith("Number value length"))
        {
            return ApiError.badRequest("number_too_long", null,
                "a JSON number is longer than " + NUMBER_LENGTH_MAX + " characters " + where(location));
        }
        if (text.startsWith("String value length"))
        {
            return ApiError.badRequest("string_too_long", null,
                "a JSON string is longer than " + STRING_LENGTH_MAX + " characters " + where(location));
        }
        if (text.startsWith("Name length"))
        {
            return ApiError.badRequest("name_too_long", null,
                "a field name is longer than " + NAME_LENGTH_MAX + " characters " + where(location));
        }
        return ApiError.badRequest("malformed_json", null, "the body exceeds a parsing limit " + where(location));
    }

    /**
     * The JSON path of the parser's current position: {@code $}, {@code $[3]}, {@code $[3].amount},
     * {@code $[3].flags[1]}, {@code $.ids[2]}.
     *
     * @param context the parser's context.
     * @return the path.
     */
    static String path(final JsonStreamContext context)
    {
        final StringBuilder path = new StringBuilder(24);
        appendPath(path, context);
        return path.toString();
    }

    private static void appendPath(final StringBuilder path, final JsonStreamContext context)
    {
        if (context == null || context.inRoot())
        {
            path.append('$');
            return;
        }
        appendPath(path, context.getParent());
        if (context.inArray())
        {
            if (context.getEntryCount() > 0)
            {
                path.append('[').append(context.getCurrentIndex()).append(']');
            }
        }
        else if (context.getCurrentName() != null)
        {
            path.append('.').append(context.getCurrentName());
        }
    }

    private static String where(final JsonLocation location)
    {
        return location == null ? "" : "at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
