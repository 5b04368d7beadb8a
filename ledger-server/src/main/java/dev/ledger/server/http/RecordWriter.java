package dev.ledger.server.http;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ledger.core.Wire;
import org.agrona.DirectBuffer;

/**
 * Writes one record of a {@link Wire} layout as a JSON object, field by field in its {@link RecordSchema}'s
 * order: u128 and u64 values as decimal strings (through a reused {@code char[]}), u32 and u16 values as
 * numbers, flags as an array of names. Allocates nothing. Not thread-safe.
 */
final class RecordWriter
{
    private final char[] digits = new char[Decimal.DIGITS_MAX];

    /**
     * Writes the record as an object.
     *
     * @param generator the generator.
     * @param schema    the record's schema.
     * @param record    the buffer holding it.
     * @param offset    where it starts.
     * @throws IOException from the generator.
     */
    void write(final JsonGenerator generator, final RecordSchema schema, final DirectBuffer record, final int offset)
        throws IOException
    {
        generator.writeStartObject();
        for (int i = 0; i < schema.fieldCount(); i++)
        {
            generator.writeFieldName(schema.serializedName(i));
            final int at = offset + schema.offset(i);
            switch (schema.kind(i))
            {
                case U128:
                    writeDecimal(generator, record.getLong(at, Wire.ORDER), record.getLong(at + 8, Wire.ORDER));
                    break;
                case U64:
                    writeDecimal(generator, record.getLong(at, Wire.ORDER), 0);
                    break;
                case U32:
                    generator.writeNumber(record.getInt(at, Wire.ORDER) & 0xFFFF_FFFFL);
                    break;
                case U16:
                    generator.writeNumber(record.getShort(at, Wire.ORDER) & 0xFFFF);
                    break;
                case FLAGS:
                    writeFlags(generator, schema, record.getShort(at, Wire.ORDER) & 0xFFFF);
                    break;
                default:
                    throw new IllegalStateException("unknown kind " + schema.kind(i));
            }
        }
        generator.writeEndObject();
    }

    /**
     * Writes an unsigned 128-bit value as a string of decimal digits.
     *
     * @param generator the generator.
     * @param lo        bits 0..63.
     * @param hi        bits 64..127 (0 for a u64).
     * @throws IOException from the generator.
     */
    void writeDecimal(final JsonGenerator generator, final long lo, final long hi) throws IOException
    {
        final int start = Decimal.format(lo, hi, digits);
        generator.writeString(digits, start, Decimal.DIGITS_MAX - start);
    }

    private static void writeFlags(final JsonGenerator generator, final RecordSchema schema, final int flags)
        throws IOException
    {
        generator.writeStartArray();
        for (int bit = 0; bit < schema.flagCount(); bit++)
        {
            if ((flags & 1 << bit) != 0)
            {
                generator.writeString(schema.serializedFlagName(bit));
            }
        }
        generator.writeEndArray();
    }
}
