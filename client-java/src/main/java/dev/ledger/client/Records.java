package dev.ledger.client;

import java.math.BigInteger;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import dev.ledger.core.UInt128;
import dev.ledger.core.Wire;

/** Reading and writing 128-bit values of the wire layout as {@link BigInteger}s. */
final class Records
{
    private Records()
    {
    }

    static BigInteger u128(final DirectBuffer buffer, final int offset)
    {
        return UInt128.toBigInteger(buffer.getLong(offset, Wire.ORDER), buffer.getLong(offset + 8, Wire.ORDER));
    }

    static void putU128(final MutableDirectBuffer buffer, final int offset, final BigInteger value, final String name)
    {
        if (value.signum() < 0 || value.bitLength() > 128)
        {
            throw new IllegalArgumentException(name + " must be an unsigned 128-bit integer: " + value);
        }
        buffer.putLong(offset, UInt128.lo(value), Wire.ORDER);
        buffer.putLong(offset + 8, UInt128.hi(value), Wire.ORDER);
    }
}
