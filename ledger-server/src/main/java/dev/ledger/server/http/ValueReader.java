package dev.ledger.server.http;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ledger.core.Wire;
import org.agrona.MutableDirectBuffer;

/**
 * Reads the value at a parser's current token by the rule of its field and writes it into a record, or throws
 * an {@link ApiError} naming the field by its JSON path and stating the rule. One per parse; not thread-safe.
 * <p>
 * The rules (see {@code API.md}): u128 and u64 values are a string of 1 to 39 decimal digits within range, or a
 * JSON integer from 0 to 2^53 - 1; u32 and u16 values are JSON integers within range; flags are an array of
 * flag names. Anything else (negative, fractional, exponent, too large, a sign, hex, empty, whitespace, null,
 * a boolean, an array or object) is refused.
 */
final class ValueReader
{
    /** 2^53: JSON integers at or above it may have lost precision in the client's number type. */
    static final long JSON_INTEGER_LIMIT = 1L << 53;

    private static final String U128_RULE =
        "must be an unsigned 128-bit integer: a string of 1 to 39 decimal digits up to 2^128-1, " +
        "or a JSON integer below 2^53";
    private static final String U64_RULE =
        "must be an unsigned 64-bit integer: a string of 1 to 20 decimal digits up to 2^64-1, " +
        "or a JSON integer below 2^53";

    private final JsonParser parser;
    private final Decimal decimal = new Decimal();

    ValueReader(final JsonParser parser)
    {
        this.parser = parser;
    }

    /**
     * Reads the current value by the rule of {@code kind} into {@code out} at {@code offset}.
     *
     * @param schema the record's schema (for flag names).
     * @param kind   the field's kind.
     * @param out    the record's buffer.
     * @param offset the field's absolute offset.
     * @throws IOException from Jackson.
     */
    void read(final RecordSchema schema, final RecordSchema.Kind kind, final MutableDirectBuffer out, final int offset)
        throws IOException
    {
        switch (kind)
        {
            case U128:
                readUnsigned(false);
                out.putLong(offset, decimal.lo, Wire.ORDER);
                out.putLong(offset + 8, decimal.hi, Wire.ORDER);
                break;
            case U64:
                readUnsigned(true);
                out.putLong(offset, decimal.lo, Wire.ORDER);
                break;
            case U32:
                out.putInt(offset, (int)readInteger(0xFFFF_FFFFL, "2^32-1"), Wire.ORDER);
                break;
            case U16:
                out.putShort(offset, (short)readInteger(0xFFFF, "65535"), Wire.ORDER);
                break;
            case FLAGS:
                out.putShort(offset, (short)readFlags(schema), Wire.ORDER);
                break;
            default:
                throw new IllegalStateException("unknown kind " + kind);
        }
    }

    /**
     * Reads a u128 (or, with {@code u64}, a u64) into {@link #lo()}/{@link #hi()}.
     *
     * @param u64 whether the value must fit 64 bits.
     * @throws IOException from Jackson.
     */
    void readUnsigned(final boolean u64) throws IOException
    {
        final String rule = u64 ? U64_RULE : U128_RULE;
        final JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_STRING)
        {
            final int status =
                decimal.parse(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
            if (status != Decimal.OK)
            {
                throw invalidNumber(rule, stringReason(status));
            }
            if (u64 && decimal.hi != 0)
            {
                throw invalidNumber(rule, "it is above 2^64-1");
            }
            return;
        }
        if (token == JsonToken.VALUE_NUMBER_INT)
        {
            checkInteger(rule);
            if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ||
                parser.getLongValue() >= JSON_INTEGER_LIMIT)
            {
                throw invalidNumber(rule, "a JSON number must be below 2^53 (send larger values as a string)");
            }
            decimal.lo = parser.getLongValue();
            decimal.hi = 0;
            return;
        }
        throw invalidNumber(rule, tokenReason(token));
    }

    /** @return bits 0..63 of the last value read by {@link #readUnsigned(boolean)}. */
    long lo()
    {
        return decimal.lo;
    }

    /** @return bits 64..127 of the last value read by {@link #readUnsigned(boolean)}. */
    long hi()
    {
        return decimal.hi;
    }

    /**
     * Reads a JSON integer from 0 to {@code max}.
     *
     * @param max     the largest value allowed.
     * @param maxText how the rule names it.
     * @return the value.
     * @throws IOException from Jackson.
     */
    long readInteger(final long max, final String maxText) throws IOException
    {
        final String rule = "must be a JSON integer from 0 to " + maxText;
        final JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_STRING)
        {
            throw invalidNumber(rule, "it is a string");
        }
        if (token != JsonToken.VALUE_NUMBER_INT)
        {
            throw invalidNumber(rule, tokenReason(token));
        }
        checkInteger(rule);
        if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER || parser.getLongValue() > max)
        {
            throw invalidNumber(rule, "it is too large");
        }
        return parser.getLongValue();
    }

    /**
     * Reads a non-negative JSON integer of any size, for a value whose range the caller checks.
     *
     * @return the value, or {@link Long#MAX_VALUE} when it is larger.
     * @throws IOException from Jackson.
     */
    long readCount() throws IOException
    {
        final String rule = "must be a JSON integer";
        final JsonToken token = parser.currentToken();
        if (token != JsonToken.VALUE_NUMBER_INT)
        {
            throw invalidNumber(rule, token == JsonToken.VALUE_STRING ? "it is a string" : tokenReason(token));
        }
        checkInteger(rule);
        return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? Long.MAX_VALUE : parser.getLongValue();
    }

    /**
     * Reads a JSON boolean.
     *
     * @return the value.
     * @throws IOException from Jackson.
     */
    boolean readBoolean() throws IOException
    {
        final JsonToken token = parser.currentToken();
        if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE)
        {
            final String path = Json.path(parser.getParsingContext());
            skipStructure();
            throw ApiError.badRequest("invalid_boolean", path, path + " must be true or false");
        }
        return token == JsonToken.VALUE_TRUE;
    }

    /**
     * Reads an array of flag names; a name may repeat.
     *
     * @param schema the record's schema, which names the flags.
     * @return the flag bits.
     * @throws IOException from Jackson.
     */
    int readFlags(final RecordSchema schema) throws IOException
    {
        if (parser.currentToken() != JsonToken.START_ARRAY)
        {
            throw typeError(parser, Json.path(parser.getParsingContext()) +
                " must be an array of flag names (" + schema.flagNamesText() + ")");
        }
        int flags = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY)
        {
            if (token != JsonToken.VALUE_STRING)
            {
                throw typeError(parser, Json.path(parser.getParsingContext()) + " must be a flag name (a string)");
            }
            final int bit = schema.flagBit(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
            if (bit == 0)
            {
                final String path = Json.path(parser.getParsingContext());
                throw ApiError.badRequest("unknown_flag", path, path + " is not a flag (" +
                    schema.flagNamesText() + ")");
            }
            flags |= bit;
        }
        return flags;
    }

    /**
     * A 400 {@code invalid_type} for the value at the parser's current token. An array or object is read through
     * first, so that malformed JSON or too deep nesting inside it is reported as such.
     *
     * @param parser the parser.
     * @param detail what was expected.
     * @return the error, to throw.
     * @throws IOException from Jackson, while reading through.
     */
    static ApiError typeError(final JsonParser parser, final String detail) throws IOException
    {
        final String path = Json.path(parser.getParsingContext());
        if (parser.currentToken() == JsonToken.START_ARRAY || parser.currentToken() == JsonToken.START_OBJECT)
        {
            parser.skipChildren();
        }
        return ApiError.badRequest("invalid_type", path, detail);
    }

    private void checkInteger(final String rule) throws IOException
    {
        if (parser.getTextLength() > 0 && parser.getTextCharacters()[parser.getTextOffset()] == '-')
        {
            throw invalidNumber(rule, "it is negative");
        }
    }

    private ApiError invalidNumber(final String rule, final String reason) throws IOException
    {
        final String path = Json.path(parser.getParsingContext());
        skipStructure();
        return ApiError.badRequest("invalid_number", path, path + " " + rule + "; " + reason);
    }

    private void skipStructure() throws IOException
    {
        if (parser.currentToken() == JsonToken.START_ARRAY || parser.currentToken() == JsonToken.START_OBJECT)
        {
            parser.skipChildren();
        }
    }

    private static String stringReason(final int status)
    {
        switch (status)
        {
            case Decimal.EMPTY:
                return "the string is empty";
            case Decimal.NOT_DIGIT:
                return "the string holds a character other than the digits 0 to 9 (no sign, point, space or hex)";
            case Decimal.TOO_LONG:
                return "the string has more than 39 digits";
            default:
                return "it is above 2^128-1";
        }
    }

    private static String tokenReason(final JsonToken token)
    {
        if (token == JsonToken.VALUE_NUMBER_FLOAT)
        {
            return "it has a fraction or an exponent";
        }
        if (token == JsonToken.VALUE_NULL)
        {
            return "it is null";
        }
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE)
        {
            return "it is a boolean";
        }
        if (token == JsonToken.START_ARRAY)
        {
            return "it is an array";
        }
        return token == JsonToken.START_OBJECT ? "it is an object" : "it is not a number";
    }
}
