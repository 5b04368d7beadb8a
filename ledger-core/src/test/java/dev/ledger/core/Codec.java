package dev.ledger.core;

import java.math.BigInteger;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * 128-bit fields of the {@link Wire} layout as BigIntegers, for tests.
 */
public final class Codec
{
    private Codec()
    {
    }

    public static void putU128(final MutableDirectBuffer buffer, final int offset, final BigInteger value)
    {
        buffer.putLong(offset, UInt128.lo(value), Wire.ORDER);
        buffer.putLong(offset + 8, UInt128.hi(value), Wire.ORDER);
    }

    public static BigInteger getU128(final DirectBuffer buffer, final int offset)
    {
        return UInt128.toBigInteger(buffer.getLong(offset, Wire.ORDER), buffer.getLong(offset + 8, Wire.ORDER));
    }
}
