package dev.ledger.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The 128-bit arithmetic against {@link BigInteger}: every pair of edge values of each 64-bit word, then seeded
 * random pairs ({@link PropertyRuns}).
 */
class UInt128Test
{
    private static final long[] EDGES = { 0, 1, 2, Long.MAX_VALUE - 1, Long.MAX_VALUE, Long.MIN_VALUE,
        Long.MIN_VALUE + 1, -2, -1 };
    private static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);

    @Test
    void shouldAgreeWithBigIntegerOnEveryPairOfEdgeWords()
    {
        for (final long aLo : EDGES)
        {
            for (final long aHi : EDGES)
            {
                for (final long bLo : EDGES)
                {
                    for (final long bHi : EDGES)
                    {
                        assertAgrees(aLo, aHi, bLo, bHi);
                    }
                }
            }
        }
    }

    @Test
    void shouldAgreeWithBigIntegerOnRandomPairs()
    {
        for (final long seed : PropertyRuns.seeds())
        {
            PropertyRuns.withSeed(seed, () ->
            {
                final SplittableRandom random = new SplittableRandom(seed);
                for (int i = 0; i < 20_000; i++)
                {
                    assertAgrees(word(random), word(random), word(random), word(random));
                }
            });
        }
    }

    private static long word(final SplittableRandom random)
    {
        return random.nextInt(4) == 0 ? EDGES[random.nextInt(EDGES.length)] : random.nextLong();
    }

    private static void assertAgrees(final long aLo, final long aHi, final long bLo, final long bHi)
    {
        final BigInteger a = UInt128.toBigInteger(aLo, aHi);
        final BigInteger b = UInt128.toBigInteger(bLo, bHi);
        final String pair = UInt128.toString(aLo, aHi) + ", " + UInt128.toString(bLo, bHi);

        final BigInteger sum = a.add(b);
        assertThat(UInt128.addOverflows(aLo, aHi, bLo, bHi)).as("overflows " + pair).isEqualTo(sum.compareTo(TWO_128) >= 0);
        final BigInteger wrappedSum = sum.mod(TWO_128);
        assertThat(UInt128.toBigInteger(UInt128.addLo(aLo, bLo), UInt128.addHi(aLo, aHi, bLo, bHi)))
            .as("sum " + pair).isEqualTo(wrappedSum);
        final BigInteger wrappedDifference = a.subtract(b).mod(TWO_128);
        assertThat(UInt128.toBigInteger(UInt128.subtractLo(aLo, bLo), UInt128.subtractHi(aLo, aHi, bLo, bHi)))
            .as("difference " + pair).isEqualTo(wrappedDifference);
        assertThat(UInt128.compare(aLo, aHi, bLo, bHi)).as("compare " + pair).isEqualTo(Integer.signum(a.compareTo(b)));
        assertThat(UInt128.lessUnsigned(aLo, bLo)).as("lessUnsigned " + pair).isEqualTo(Long.compareUnsigned(aLo, bLo) < 0);
    }
}
