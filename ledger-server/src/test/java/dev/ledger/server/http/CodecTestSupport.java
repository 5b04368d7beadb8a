package dev.ledger.server.http;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ledger.core.UInt128;
import dev.ledger.core.Wire;
import org.agrona.MutableDirectBuffer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Shared helpers of the codec tests: bodies as bytes, error assertions, a flat JSON object reader, and
 * generators of edge-biased values.
 */
final class CodecTestSupport
{
    static final BigInteger TWO_53 = BigInteger.ONE.shiftLeft(53);
    static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    static final BigInteger[] U128_EDGES = {
        BigInteger.ZERO, BigInteger.ONE, TWO_53.subtract(BigInteger.ONE), TWO_53, U64_MAX,
        U64_MAX.add(BigInteger.ONE), UInt128.MAX };
    static final BigInteger[] U64_EDGES = {
        BigInteger.ZERO, BigInteger.ONE, TWO_53.subtract(BigInteger.ONE), TWO_53,
        BigInteger.valueOf(Long.MAX_VALUE), U64_MAX };

    private CodecTestSupport()
    {
    }

    static byte[] utf8(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(final ResponseWriter writer)
    {
        return new String(writer.buffer(), 0, writer.length(), StandardCharsets.UTF_8);
    }

    /** Runs the call, which must throw an ApiError with this status, code and field; returns it. */
    static ApiError assertApiError(
        final ThrowingCallable call, final int status, final String error, final String field)
    {
        final ApiError thrown = catchThrowableOfType(ApiError.class, call);
        assertThat(thrown).as("expected %s at %s", error, field).isNotNull();
        assertThat(thrown.error()).as("error of %s", thrown.getMessage()).isEqualTo(error);
        assertThat(thrown.status()).as("status of %s", thrown.getMessage()).isEqualTo(status);
        assertThat(thrown.field()).as("field of %s", thrown.getMessage()).isEqualTo(field);
        assertThat(thrown.getStackTrace()).isEmpty();
        return thrown;
    }

    /** A flat JSON object (no nesting) as an ordered map of field to String, Long, Boolean or null. */
    static Map<String, Object> flatObject(final byte[] json) throws IOException
    {
        final Map<String, Object> fields = new LinkedHashMap<>();
        try (JsonParser parser = new JsonFactory().createParser(json))
        {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME)
            {
                final String name = parser.currentName();
                final JsonToken token = parser.nextToken();
                final Object value;
                if (token == JsonToken.VALUE_NUMBER_INT)
                {
                    value = parser.getLongValue();
                }
                else if (token == JsonToken.VALUE_STRING)
                {
                    value = parser.getText();
                }
                else if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE)
                {
                    value = parser.getBooleanValue();
                }
                else if (token == JsonToken.VALUE_NULL)
                {
                    value = null;
                }
                else
                {
                    throw new AssertionError("not flat: " + token);
                }
                fields.put(name, value);
            }
            assertThat(parser.nextToken()).isNull();
        }
        return fields;
    }

    static BigInteger u128(final MutableDirectBuffer buffer, final int offset)
    {
        return UInt128.toBigInteger(buffer.getLong(offset, Wire.ORDER), buffer.getLong(offset + 8, Wire.ORDER));
    }

    static void putU128(final MutableDirectBuffer buffer, final int offset, final BigInteger value)
    {
        buffer.putLong(offset, UInt128.lo(value), Wire.ORDER);
        buffer.putLong(offset + 8, UInt128.hi(value), Wire.ORDER);
    }

    /** A u128 biased to edges: an edge, an edge plus or minus a little, or random bits of random length. */
    static BigInteger randomU128(final SplittableRandom random)
    {
        return randomBelow(random, U128_EDGES, 128);
    }

    /** A u64 biased to edges. */
    static BigInteger randomU64(final SplittableRandom random)
    {
        return randomBelow(random, U64_EDGES, 64);
    }

    private static BigInteger randomBelow(final SplittableRandom random, final BigInteger[] edges, final int bits)
    {
        final BigInteger max = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        final int choice = random.nextInt(3);
        if (choice == 0)
        {
            return edges[random.nextInt(edges.length)];
        }
        if (choice == 1)
        {
            final BigInteger value = edges[random.nextInt(edges.length)].add(BigInteger.valueOf(random.nextInt(5) - 2));
            return value.signum() < 0 ? BigInteger.ZERO : value.min(max);
        }
        final int length = 1 + random.nextInt(bits);
        BigInteger value = BigInteger.ZERO;
        for (int i = 0; i < length; i += 32)
        {
            value = value.shiftLeft(32).or(BigInteger.valueOf(random.nextInt() & 0xFFFF_FFFFL));
        }
        return value.mod(BigInteger.ONE.shiftLeft(length));
    }

    /** Seed from -Dseed=..., else from the clock; printed so that a failure can be replayed. */
    static long seed(final String test)
    {
        final String given = System.getProperty("seed");
        final long seed = given != null ? Long.parseLong(given) : System.nanoTime();
        System.out.println(test + " seed " + seed + " (replay with -Dseed=" + seed + ")");
        return seed;
    }
}
