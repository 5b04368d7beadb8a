package dev.ledger.server.http;

import java.math.BigInteger;

import dev.ledger.core.LedgerLimits;
import dev.ledger.core.UInt128;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.ledger.server.http.CodecTestSupport.assertApiError;
import static dev.ledger.server.http.CodecTestSupport.u128;
import static dev.ledger.server.http.CodecTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

class IdsParserTest
{
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[LedgerLimits.BATCH_EVENTS_MAX * LedgerLimits.ID_LENGTH]);

    private int ids(final String body)
    {
        final byte[] bytes = utf8(body);
        return IdsParser.ids(bytes, 0, bytes.length, out, 0);
    }

    @Test
    void decodesIdsInOrder()
    {
        assertThat(ids("{\"ids\":[\"1\",2,\"340282366920938463463374607431768211455\",\"18446744073709551616\"," +
            "9007199254740991,\"0\"]}")).isEqualTo(6);
        assertThat(u128(out, 0)).isEqualTo(1);
        assertThat(u128(out, 16)).isEqualTo(2);
        assertThat(u128(out, 32)).isEqualTo(UInt128.MAX);
        assertThat(u128(out, 48)).isEqualTo(BigInteger.ONE.shiftLeft(64));
        assertThat(u128(out, 64)).isEqualTo(9007199254740991L);
        assertThat(u128(out, 80)).isZero();
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{}|batch_empty|$.ids",
        "{\"ids\":[]}|batch_empty|$.ids",
        "{\"ids\":null}|invalid_type|$.ids",
        "{\"ids\":\"1\"}|invalid_type|$.ids",
        "{\"ids\":{\"0\":\"1\"}}|invalid_type|$.ids",
        "[\"1\"]|invalid_type|$",
        "{\"ids\":[\"1\"],\"id\":\"2\"}|unknown_field|$.id",
        "{\"IDS\":[\"1\"]}|unknown_field|$.IDS",
        "{\"ids\":[\"1\"],\"ids\":[\"2\"]}|duplicate_field|$.ids",
        "{\"ids\":[\"1\",\"-2\"]}|invalid_number|$.ids[1]",
        "{\"ids\":[\"1\",\"2\",3.0]}|invalid_number|$.ids[2]",
        "{\"ids\":[9007199254740992]}|invalid_number|$.ids[0]",
        "{\"ids\":[\"340282366920938463463374607431768211456\"]}|invalid_number|$.ids[0]",
        "{\"ids\":[null]}|invalid_number|$.ids[0]",
        "{\"ids\":[[\"1\"]]}|invalid_number|$.ids[0]",
        "{\"ids\":[\"1\"]|malformed_json|",
        "''|malformed_json|",
        "{\"ids\":[\"1\"]}{}|malformed_json|",
    })
    void refusesBadLookups(final String body, final String error, final String field)
    {
        assertApiError(() -> ids(body), 400, error, field);
    }

    @Test
    void acceptsTheLargestLookupAndRefusesOneMore()
    {
        final StringBuilder body = new StringBuilder("{\"ids\":[");
        for (int i = 0; i < LedgerLimits.BATCH_EVENTS_MAX; i++)
        {
            body.append(i == 0 ? "\"" : ",\"").append(i + 1).append('"');
        }
        assertThat(ids(body + "]}")).isEqualTo(LedgerLimits.BATCH_EVENTS_MAX);
        assertThat(u128(out, (LedgerLimits.BATCH_EVENTS_MAX - 1) * 16)).isEqualTo(LedgerLimits.BATCH_EVENTS_MAX);
        assertApiError(() -> ids(body + ",\"1\"]}"), 400, "batch_too_large", "$.ids");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "1|1",
        "0|0",
        "00042|42",
        "340282366920938463463374607431768211455|340282366920938463463374607431768211455",
    })
    void decodesPathIds(final String segment, final String expected)
    {
        IdsParser.pathId(segment, out, 32);
        assertThat(u128(out, 32)).isEqualTo(new BigInteger(expected));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "''", "-1", "+1", "1.0", "1e3", "0x10", "' 1'", "abc", "340282366920938463463374607431768211456",
        "1000000000000000000000000000000000000000", "\"1\"",
    })
    void refusesBadPathIds(final String segment)
    {
        assertApiError(() -> IdsParser.pathId(segment, out, 0), 400, "invalid_number", "id");
    }
}
