package dev.ledger.core;

import java.math.BigInteger;

/**
 * Unsigned 128-bit integers held as two longs, {@code lo} (bits 0..63) and {@code hi} (bits 64..127).
 * Allocation-free helpers for the hot path, and BigInteger conversions for tests and edges.
 */
public final class UInt128
{
    /** 2^128 - 1 as a BigInteger. */
    public static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    private static final BigInteger MASK_64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private UInt128()
    {
    }

    /**
     * Unsigned comparison.
     *
     * @param aLo low bits of a.
     * @param aHi high bits of a.
     * @param bLo low bits of b.
     * @param bHi high bits of b.
     * @return negative, zero or positive as a is less than, equal to or greater than b.
     */
    public static int compare(final long aLo, final long aHi, final long bLo, final long bHi)
    {
        if (aHi != bHi)
        {
            return lessUnsigned(aHi, bHi) ? -1 : 1;
        }
        return aLo == bLo ? 0 : lessUnsigned(aLo, bLo) ? -1 : 1;
    }

    /**
     * Whether a + b overflows 128 bits.
     *
     * @param aLo low bits of a.
     * @param aHi high bits of a.
     * @param bLo low bits of b.
     * @param bHi high bits of b.
     * @return true when the sum does not fit.
     */
    public static boolean addOverflows(final long aLo, final long aHi, final long bLo, final long bHi)
    {
        final long hi = aHi + bHi;
        if (lessUnsigned(hi, aHi))
        {
            return true;
        }
        return hi == -1L && carry(aLo, bLo) == 1;
    }

    /**
     * The low bits of a + b (the caller checked for overflow).
     *
     * @param aLo low bits of a.
     * @param bLo low bits of b.
     * @return low bits of the sum.
     */
    public static long addLo(final long aLo, final long bLo)
    {
        return aLo + bLo;
    }

    /**
     * The high bits of a + b (the caller checked for overflow).
     *
     * @param aLo low bits of a.
     * @param aHi high bits of a.
     * @param bLo low bits of b.
     * @param bHi high bits of b.
     * @return high bits of the sum.
     */
    public static long addHi(final long aLo, final long aHi, final long bLo, final long bHi)
    {
        return aHi + bHi + carry(aLo, bLo);
    }

    /**
     * The low bits of a - b, for a >= b.
     *
     * @param aLo low bits of a.
     * @param bLo low bits of b.
     * @return low bits of the difference.
     */
    public static long subtractLo(final long aLo, final long bLo)
    {
        return aLo - bLo;
    }

    /**
     * The high bits of a - b, for a >= b.
     *
     * @param aLo low bits of a.
     * @param aHi high bits of a.
     * @param bLo low bits of b.
     * @param bHi high bits of b.
     * @return high bits of the difference.
     */
    public static long subtractHi(final long aLo, final long aHi, final long bLo, final long bHi)
    {
        return aHi - bHi - borrow(aLo, bLo);
    }

    /**
     * Whether {@code a < b} as unsigned 64-bit values: one signed compare of both with the sign bit flipped.
     * ({@code Long.compareUnsigned} computes a three-way result first, which the JDK 17 compiler turns into
     * several branches.)
     */
    static boolean lessUnsigned(final long a, final long b)
    {
        return (a ^ Long.MIN_VALUE) < (b ^ Long.MIN_VALUE);
    }

    /** The carry out of {@code a + b} (unsigned 64-bit), 0 or 1, without a branch. */
    static long carry(final long a, final long b)
    {
        return ((a & b) | ((a | b) & ~(a + b))) >>> 63;
    }

    /** The borrow out of {@code a - b} (unsigned 64-bit), 0 or 1, without a branch. */
    static long borrow(final long a, final long b)
    {
        return ((~a & b) | (~(a ^ b) & (a - b))) >>> 63;
    }

    /**
     * The value as a non-negative BigInteger.
     *
     * @param lo low bits.
     * @param hi high bits.
     * @return the value.
     */
    public static BigInteger toBigInteger(final long lo, final long hi)
    {
        return new BigInteger(Long.toUnsignedString(hi)).shiftLeft(64).or(new BigInteger(Long.toUnsignedString(lo)));
    }

    /**
     * The low 64 bits of a value in 0..2^128-1.
     *
     * @param value the value.
     * @return bits 0..63.
     */
    public static long lo(final BigInteger value)
    {
        requireInRange(value);
        return value.and(MASK_64).longValue();
    }

    /**
     * The high 64 bits of a value in 0..2^128-1.
     *
     * @param value the value.
     * @return bits 64..127.
     */
    public static long hi(final BigInteger value)
    {
        requireInRange(value);
        return value.shiftRight(64).longValue();
    }

    /**
     * Decimal digits of the value, as on the HTTP API.
     *
     * @param lo low bits.
     * @param hi high bits.
     * @return the decimal string.
     */
    public static String toString(final long lo, final long hi)
    {
        return hi == 0 ? Long.toUnsignedString(lo) : toBigInteger(lo, hi).toString();
    }

    private static void requireInRange(final BigInteger value)
    {
        if (value.signum() < 0 || value.bitLength() > 128)
        {
            throw new IllegalArgumentException("not an unsigned 128-bit value: " + value);
        }
    }
}
