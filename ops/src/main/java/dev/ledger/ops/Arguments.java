package dev.ledger.ops;

import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import dev.ledger.core.UInt128;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters for the values operators type: ids in the API's decimal form, and cluster times either as
 * nanoseconds since the epoch or as ISO-8601 instants.
 */
final class Arguments
{
    /** The longest decimal u128: 2^128-1 has 39 digits. */
    private static final int U128_DIGITS_MAX = 39;

    private Arguments()
    {
    }

    /** An account or transfer id: decimal digits of an unsigned 128-bit integer, not 0 nor 2^128-1. */
    static final class Id implements ITypeConverter<BigInteger>
    {
        @Override
        public BigInteger convert(final String value)
        {
            if (value.isEmpty() || value.length() > U128_DIGITS_MAX || !isDigits(value))
            {
                throw new TypeConversionException(
                    "'" + value + "' is not an id: expected the decimal digits of an unsigned 128-bit integer");
            }
            final BigInteger id = new BigInteger(value);
            if (id.compareTo(UInt128.MAX) > 0)
            {
                throw new TypeConversionException("'" + value + "' is larger than 2^128-1");
            }
            if (id.signum() == 0 || id.equals(UInt128.MAX))
            {
                throw new TypeConversionException("'" + value + "' is a reserved id (0 and 2^128-1 are never ids)");
            }
            return id;
        }
    }

    /** A cluster time: nanoseconds since the epoch, or an ISO-8601 instant such as 2026-11-29T12:00:00Z. */
    static final class ClusterTime implements ITypeConverter<Long>
    {
        @Override
        public Long convert(final String value)
        {
            if (!value.isEmpty() && isDigits(value))
            {
                try
                {
                    return Long.parseLong(value);
                }
                catch (final NumberFormatException ex)
                {
                    throw new TypeConversionException("'" + value + "' is too large for nanoseconds since the epoch");
                }
            }
            final Instant instant;
            try
            {
                instant = Instant.parse(value);
            }
            catch (final DateTimeParseException ex)
            {
                throw new TypeConversionException("'" + value + "' is neither nanoseconds since the epoch nor an " +
                    "ISO-8601 instant such as 2026-11-29T12:00:00Z");
            }
            if (instant.getEpochSecond() < 0)
            {
                throw new TypeConversionException("'" + value + "' is before 1970-01-01T00:00:00Z");
            }
            try
            {
                return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
            }
            catch (final ArithmeticException ex)
            {
                throw new TypeConversionException("'" + value + "' is too late for nanoseconds since the epoch");
            }
        }
    }

    private static boolean isDigits(final String value)
    {
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c < '0' || c > '9')
            {
                return false;
            }
        }
        return true;
    }
}
