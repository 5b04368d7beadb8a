package dev.ledger.server.http;

import java.math.BigInteger;
import java.util.SplittableRandom;

import dev.ledger.core.UInt128;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class DecimalTest
{
    @Test
    void parsesAndFormatsEdgeValues()
    {
        for (final BigInteger value : CodecTestSupport.U128_EDGES)
        {
            assertRoundTrip(value);
            assertRoundTrip(value.subtract(BigInteger.ONE).max(BigInteger.ZERO));
            assertRoundTrip(value.add(BigInteger.ONE).min(UInt128.MAX));
        }
        for (int shift = 0; shift < 128; shift++)
        {
            assertRoundTrip(BigInteger.ONE.shiftLeft(shift));
            assertRoundTrip(BigInteger.ONE.shiftLeft(shift + 1).subtract(BigInteger.ONE));
            assertRoundTrip(BigInteger.TEN.pow(shift % 39));
        }
    }

    @Test
    void parsesAndFormatsRandomValuesLikeBigInteger()
    {
        final long seed = CodecTestSupport.seed("DecimalTest");
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 20_000; i++)
        {
            final BigInteger value = CodecTestSupport.randomU128(random);
            final Decimal decimal = new Decimal();
            final char[] text = value.toString().toCharArray();
            assertThat(decimal.parse(text, 0, text.length)).as("seed %d value %s", seed, value).isEqualTo(Decimal.OK);
            assertThat(UInt128.toBigInteger(decimal.lo, decimal.hi)).as("seed %d", seed).isEqualTo(value);
            final char[] out = new char[Decimal.DIGITS_MAX];
            final int start = Decimal.format(UInt128.lo(value), UInt128.hi(value), out);
            assertThat(new String(out, start, Decimal.DIGITS_MAX - start)).as("seed %d", seed)
                .isEqualTo(value.toString());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|" + Decimal.OK,
        "000000000000000000000000000000000000007|" + Decimal.OK,
        "340282366920938463463374607431768211455|" + Decimal.OK,
        "340282366920938463463374607431768211456|" + Decimal.OVERFLOW,
        "999999999999999999999999999999999999999|" + Decimal.OVERFLOW,
        "1000000000000000000000000000000000000000|" + Decimal.TOO_LONG,
        "0000000000000000000000000000000000000001|" + Decimal.TOO_LONG,
        "''|" + Decimal.EMPTY,
        "' 1'|" + Decimal.NOT_DIGIT,
        "-1|" + Decimal.NOT_DIGIT,
        "+1|" + Decimal.NOT_DIGIT,
        "1.0|" + Decimal.NOT_DIGIT,
        "1e3|" + Decimal.NOT_DIGIT,
        "0x10|" + Decimal.NOT_DIGIT,
        "\u0661|" + Decimal.NOT_DIGIT,
    })
    void classifiesStrings(final String text, final int status)
    {
        final Decimal decimal = new Decimal();
        assertThat(decimal.parse(text)).isEqualTo(status);
        final char[] padded = ("xx" + text + "yy").toCharArray();
        assertThat(decimal.parse(padded, 2, text.length())).isEqualTo(status);
    }

    private static void assertRoundTrip(final BigInteger value)
    {
        final Decimal decimal = new Decimal();
        assertThat(decimal.parse(value.toString())).as("%s", value).isEqualTo(Decimal.OK);
        assertThat(UInt128.toBigInteger(decimal.lo, decimal.hi)).isEqualTo(value);
        final char[] out = new char[Decimal.DIGITS_MAX];
        final int start = Decimal.format(decimal.lo, decimal.hi, out);
        assertThat(new String(out, start, Decimal.DIGITS_MAX - start)).isEqualTo(value.toString());
    }
}
