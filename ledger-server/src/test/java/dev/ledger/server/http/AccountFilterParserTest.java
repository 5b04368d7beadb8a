package dev.ledger.server.http;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.ledger.core.LedgerLimits;
import dev.ledger.core.Wire;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.ledger.server.http.CodecTestSupport.assertApiError;
import static org.assertj.core.api.Assertions.assertThat;

class AccountFilterParserTest
{
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[LedgerLimits.RECORD_LENGTH]);

    /** Undertow's shape: name to a deque of values; "a=1&a=2&b=" as text. */
    private static Map<String, Deque<String>> query(final String text)
    {
        final Map<String, Deque<String>> parameters = new HashMap<>();
        if (!text.isEmpty())
        {
            for (final String pair : text.split("&", -1))
            {
                final int equals = pair.indexOf('=');
                final String name = equals < 0 ? pair : pair.substring(0, equals);
                final String value = equals < 0 ? "" : pair.substring(equals + 1);
                parameters.computeIfAbsent(name, ignore -> new ArrayDeque<>()).add(value);
            }
        }
        return parameters;
    }

    @Test
    void defaultsToBothSidesForwardAndTheLargestPage()
    {
        out.setMemory(0, out.capacity(), (byte)0x33);
        AccountFilterParser.parse(7, 9, query(""), out, 0);
        assertThat(out.getLong(Wire.FILTER_ACCOUNT_ID, Wire.ORDER)).isEqualTo(7);
        assertThat(out.getLong(Wire.FILTER_ACCOUNT_ID + 8, Wire.ORDER)).isEqualTo(9);
        assertThat(out.getInt(Wire.FILTER_LIMIT, Wire.ORDER)).isEqualTo(LedgerLimits.QUERY_ROWS_MAX);
        assertThat(out.getInt(Wire.FILTER_FLAGS, Wire.ORDER)).isEqualTo(Wire.FILTER_DEBITS | Wire.FILTER_CREDITS);
        for (int i = Wire.FILTER_USER_DATA_128; i < Wire.FILTER_LIMIT; i++)
        {
            assertThat(out.getByte(i)).as("byte %d", i).isZero();
        }
    }

    @Test
    void decodesEveryParameter()
    {
        AccountFilterParser.parse(1, 0, query(
            "limit=10&timestamp_min=5&timestamp_max=9223372036854775807&debits=false&credits=true&reversed=true"),
            out, 0);
        assertThat(out.getInt(Wire.FILTER_LIMIT, Wire.ORDER)).isEqualTo(10);
        assertThat(out.getLong(Wire.FILTER_TIMESTAMP_MIN, Wire.ORDER)).isEqualTo(5);
        assertThat(out.getLong(Wire.FILTER_TIMESTAMP_MAX, Wire.ORDER)).isEqualTo(Long.MAX_VALUE);
        assertThat(out.getInt(Wire.FILTER_FLAGS, Wire.ORDER)).isEqualTo(Wire.FILTER_CREDITS | Wire.FILTER_REVERSED);
        AccountFilterParser.parse(1, 0, query("debits=true&credits=false&reversed=false&limit=1"), out, 0);
        assertThat(out.getInt(Wire.FILTER_FLAGS, Wire.ORDER)).isEqualTo(Wire.FILTER_DEBITS);
        assertThat(out.getInt(Wire.FILTER_LIMIT, Wire.ORDER)).isEqualTo(1);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "limit=0|invalid_limit|limit",
        "limit=8190|invalid_limit|limit",
        "limit=99999999999999999999999999999999999999999|invalid_limit|limit",
        "limit=|invalid_number|limit",
        "limit=-1|invalid_number|limit",
        "limit=1.0|invalid_number|limit",
        "limit=ten|invalid_number|limit",
        "limit=1&limit=2|repeated_parameter|limit",
        "timestamp_min=x|invalid_number|timestamp_min",
        "timestamp_min=18446744073709551616|invalid_number|timestamp_min",
        "timestamp_max=+1|invalid_number|timestamp_max",
        "timestamp_min=9223372036854775808|invalid_timestamp_range|timestamp_min",
        "timestamp_min=6&timestamp_max=5|invalid_timestamp_range|timestamp_min",
        "debits=yes|invalid_boolean|debits",
        "credits=TRUE|invalid_boolean|credits",
        "reversed=1|invalid_boolean|reversed",
        "reversed=|invalid_boolean|reversed",
        "debits=false&credits=false|invalid_filter|debits",
        "debits=true&debits=true|repeated_parameter|debits",
        "ledger=1|unknown_parameter|ledger",
        "zeta=1&alpha=2&limit=0|unknown_parameter|alpha",
    })
    void refusesBadParameters(final String text, final String error, final String field)
    {
        assertApiError(() -> AccountFilterParser.parse(1, 0, query(text), out, 0), 400, error, field);
    }

    @Test
    void reportsTheSameErrorWhateverTheMapOrder()
    {
        final Map<String, List<String>> forward = new LinkedHashMap<>();
        forward.put("b", List.of("1"));
        forward.put("a", List.of("1"));
        final Map<String, List<String>> sorted = new TreeMap<>(forward);
        assertApiError(() -> AccountFilterParser.parse(1, 0, forward, out, 0), 400, "unknown_parameter", "a");
        assertApiError(() -> AccountFilterParser.parse(1, 0, sorted, out, 0), 400, "unknown_parameter", "a");
    }
}
