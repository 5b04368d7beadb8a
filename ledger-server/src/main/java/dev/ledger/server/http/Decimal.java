package dev.ledger.server.http;

/**
 * Decimal digits to and from unsigned 128-bit values held as two longs, without allocating: parsing fills the
 * {@link #lo}/{@link #hi} fields of a reused instance, formatting writes into a caller's {@code char[]}.
 */
final class Decimal
{
    /** Digits of 2^128 - 1, the longest value. */
    static final int DIGITS_MAX = 39;

    /** Parsed. */
    static final int OK = 0;
    /** No characters. */
    static final int EMPTY = 1;
    /** A character that is not an ASCII digit (a sign, a point, whitespace, a letter). */
    static final int NOT_DIGIT = 2;
    /** More than {@link #DIGITS_MAX} digits. */
    static final int TOO_LONG = 3;
    /** 39 digits above 2^128 - 1. */
    static final int OVERFLOW = 4;

    /** The largest high half that can still be multiplied by ten: floor((2^64 - 1) / 10). */
    private static final long HI_TIMES_TEN_MAX = 0x1999_9999_9999_9999L;

    /** Bits 0..63 of the last parsed value. */
    long lo;
    /** Bits 64..127 of the last parsed value. */
    long hi;

    /**
     * Parses 1 to 39 ASCII digits (leading zeros allowed) into {@link #lo} and {@link #hi}.
     *
     * @param text   the characters.
     * @param offset the first.
     * @param length how many.
     * @return {@link #OK} or the reason it is not a u128.
     */
    int parse(final char[] text, final int offset, final int length)
    {
        if (length == 0)
        {
            return EMPTY;
        }
        for (int i = 0; i < length; i++)
        {
            final char c = text[offset + i];
            if (c < '0' || c > '9')
            {
                return NOT_DIGIT;
            }
        }
        if (length > DIGITS_MAX)
        {
            return TOO_LONG;
        }
        lo = 0;
        hi = 0;
        for (int i = 0; i < length; i++)
        {
            if (!multiplyAdd(text[offset + i] - '0'))
            {
                return OVERFLOW;
            }
        }
        return OK;
    }

    /**
     * Parses 1 to 39 ASCII digits (leading zeros allowed) into {@link #lo} and {@link #hi}.
     *
     * @param text the characters.
     * @return {@link #OK} or the reason it is not a u128.
     */
    int parse(final CharSequence text)
    {
        final int length = text.length();
        if (length == 0)
        {
            return EMPTY;
        }
        for (int i = 0; i < length; i++)
        {
            final char c = text.charAt(i);
            if (c < '0' || c > '9')
            {
                return NOT_DIGIT;
            }
        }
        if (length > DIGITS_MAX)
        {
            return TOO_LONG;
        }
        lo = 0;
        hi = 0;
        for (int i = 0; i < length; i++)
        {
            if (!multiplyAdd(text.charAt(i) - '0'))
            {
                return OVERFLOW;
            }
        }
        return OK;
    }

    /** value = value * 10 + digit, or false when that exceeds 2^128 - 1. */
    private boolean multiplyAdd(final int digit)
    {
        if (Long.compareUnsigned(hi, HI_TIMES_TEN_MAX) > 0)
        {
            return false;
        }
        // The unsigned high half of lo * 10, from the signed one.
        final long carryOut = Math.multiplyHigh(lo, 10) + ((lo >> 63) & 10);
        final long hiTimesTen = hi * 10;
        long newHi = hiTimesTen + carryOut;
        if (Long.compareUnsigned(newHi, hiTimesTen) < 0)
        {
            return false;
        }
        final long loTimesTen = lo * 10;
        final long newLo = loTimesTen + digit;
        if (Long.compareUnsigned(newLo, loTimesTen) < 0)
        {
            if (newHi == -1L)
            {
                return false;
            }
            newHi++;
        }
        lo = newLo;
        hi = newHi;
        return true;
    }

    /**
     * Writes the decimal digits of an unsigned 128-bit value, right-aligned, ending at {@link #DIGITS_MAX}.
     *
     * @param lo  bits 0..63.
     * @param hi  bits 64..127.
     * @param out at least {@link #DIGITS_MAX} characters.
     * @return the index of the first digit; the digits are {@code out[start, DIGITS_MAX)}.
     */
    static int format(final long lo, final long hi, final char[] out)
    {
        int position = DIGITS_MAX;
        long low = lo;
        long high = hi;
        while (high != 0)
        {
            // Long division by ten of high:low in three steps of at most 64 bits each.
            final long highQuotient = Long.divideUnsigned(high, 10);
            final long highRemainder = high - highQuotient * 10;
            final long upper = highRemainder << 32 | low >>> 32;
            final long upperQuotient = upper / 10;
            final long lower = (upper - upperQuotient * 10) << 32 | low & 0xFFFF_FFFFL;
            final long lowerQuotient = lower / 10;
            out[--position] = (char)('0' + (lower - lowerQuotient * 10));
            low = upperQuotient << 32 | lowerQuotient;
            high = highQuotient;
        }
        if (low < 0)
        {
            final long quotient = Long.divideUnsigned(low, 10);
            out[--position] = (char)('0' + (low - quotient * 10));
            low = quotient;
        }
        do
        {
            out[--position] = (char)('0' + low % 10);
            low /= 10;
        }
        while (low != 0);
        return position;
    }
}
