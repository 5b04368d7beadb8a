package dev.ledger.server.http;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import dev.ledger.core.AccountFlags;
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.TransferFlags;
import dev.ledger.core.UInt128;
import dev.ledger.core.Wire;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.ledger.server.http.CodecTestSupport.assertApiError;
import static dev.ledger.server.http.CodecTestSupport.u128;
import static dev.ledger.server.http.CodecTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class EventsParserTest
{
    private final UnsafeBuffer out =
        new UnsafeBuffer(new byte[LedgerLimits.BATCH_EVENTS_MAX * LedgerLimits.RECORD_LENGTH]);

    private int accounts(final String body)
    {
        final byte[] bytes = utf8(body);
        return EventsParser.accounts(bytes, 0, bytes.length, out, 0);
    }

    private int transfers(final String body)
    {
        final byte[] bytes = utf8(body);
        return EventsParser.transfers(bytes, 0, bytes.length, out, 0);
    }

    @Test
    void decodesEveryAccountFieldAtItsOffset()
    {
        out.setMemory(0, 256, (byte)0x5A);
        final int count = accounts("[{\"id\":\"340282366920938463463374607431768211455\",\"debits_pending\":\"2\"," +
            "\"debits_posted\":3,\"credits_pending\":\"18446744073709551616\",\"credits_posted\":\"5\"," +
            "\"user_data_128\":\"6\",\"user_data_64\":\"18446744073709551615\",\"user_data_32\":4294967295," +
            "\"ledger\":9,\"code\":65535,\"flags\":[\"linked\",\"history\",\"closed\"],\"timestamp\":\"12\"}, {}]");
        assertThat(count).isEqualTo(2);
        assertThat(u128(out, Wire.ID)).isEqualTo(UInt128.MAX);
        assertThat(u128(out, Wire.ACCOUNT_DEBITS_PENDING)).isEqualTo(2);
        assertThat(u128(out, Wire.ACCOUNT_DEBITS_POSTED)).isEqualTo(3);
        assertThat(u128(out, Wire.ACCOUNT_CREDITS_PENDING)).isEqualTo(BigInteger.ONE.shiftLeft(64));
        assertThat(u128(out, Wire.ACCOUNT_CREDITS_POSTED)).isEqualTo(5);
        assertThat(u128(out, Wire.USER_DATA_128)).isEqualTo(6);
        assertThat(out.getLong(Wire.USER_DATA_64, Wire.ORDER)).isEqualTo(-1L);
        assertThat(out.getInt(Wire.USER_DATA_32, Wire.ORDER)).isEqualTo(-1);
        assertThat(out.getInt(Wire.ACCOUNT_RESERVED, Wire.ORDER)).isZero();
        assertThat(out.getInt(Wire.LEDGER, Wire.ORDER)).isEqualTo(9);
        assertThat(out.getShort(Wire.CODE, Wire.ORDER) & 0xFFFF).isEqualTo(65535);
        assertThat(out.getShort(Wire.FLAGS, Wire.ORDER))
            .isEqualTo((short)(AccountFlags.LINKED | AccountFlags.HISTORY | AccountFlags.CLOSED));
        assertThat(out.getLong(Wire.TIMESTAMP, Wire.ORDER)).isEqualTo(12);
        // The second, empty event is all zeros although the buffer held garbage.
        for (int i = 0; i < LedgerLimits.RECORD_LENGTH; i++)
        {
            assertThat(out.getByte(LedgerLimits.RECORD_LENGTH + i)).as("byte %d", i).isZero();
        }
    }

    @Test
    void decodesEveryTransferFieldAtItsOffset()
    {
        final int count = transfers("[{\"id\":\"1\",\"debit_account_id\":\"2\",\"credit_account_id\":\"3\"," +
            "\"amount\":\"4\",\"pending_id\":\"5\",\"user_data_128\":\"6\",\"user_data_64\":\"7\"," +
            "\"user_data_32\":8,\"timeout\":4294967295,\"ledger\":10,\"code\":11," +
            "\"flags\":[\"pending\",\"imported\",\"pending\"],\"timestamp\":\"13\"}]");
        assertThat(count).isEqualTo(1);
        assertThat(u128(out, Wire.ID)).isEqualTo(1);
        assertThat(u128(out, Wire.TRANSFER_DEBIT_ACCOUNT_ID)).isEqualTo(2);
        assertThat(u128(out, Wire.TRANSFER_CREDIT_ACCOUNT_ID)).isEqualTo(3);
        assertThat(u128(out, Wire.TRANSFER_AMOUNT)).isEqualTo(4);
        assertThat(u128(out, Wire.TRANSFER_PENDING_ID)).isEqualTo(5);
        assertThat(u128(out, Wire.USER_DATA_128)).isEqualTo(6);
        assertThat(out.getLong(Wire.USER_DATA_64, Wire.ORDER)).isEqualTo(7);
        assertThat(out.getInt(Wire.USER_DATA_32, Wire.ORDER)).isEqualTo(8);
        assertThat(out.getInt(Wire.TRANSFER_TIMEOUT, Wire.ORDER)).isEqualTo(-1);
        assertThat(out.getInt(Wire.LEDGER, Wire.ORDER)).isEqualTo(10);
        assertThat(out.getShort(Wire.CODE, Wire.ORDER)).isEqualTo((short)11);
        assertThat(out.getShort(Wire.FLAGS, Wire.ORDER))
            .isEqualTo((short)(TransferFlags.PENDING | TransferFlags.IMPORTED));
        assertThat(out.getLong(Wire.TIMESTAMP, Wire.ORDER)).isEqualTo(13);
    }

    @ParameterizedTest(name = "amount {0}")
    @CsvSource(delimiter = '|', value = {
        "'\"0\"'|0",
        "0|0",
        "1|1",
        "'\"007\"'|7",
        "9007199254740991|9007199254740991",
        "'\"9007199254740992\"'|9007199254740992",
        "'\"18446744073709551616\"'|18446744073709551616",
        "'\"340282366920938463463374607431768211455\"'|340282366920938463463374607431768211455",
        "' 42 '|42",
    })
    void acceptsU128Forms(final String json, final String expected)
    {
        transfers("[{\"amount\":" + json + "}]");
        assertThat(u128(out, Wire.TRANSFER_AMOUNT)).isEqualTo(new BigInteger(expected));
    }

    @ParameterizedTest(name = "amount {0}")
    @CsvSource(delimiter = '|', value = {
        "-1", "-0", "'\"-1\"'", "1.0", "0.5", "1e3", "1E3", "'\"1e3\"'", "'\"1.0\"'", "9007199254740992",
        "99999999999999999999", "'\"340282366920938463463374607431768211456\"'",
        "'\"1000000000000000000000000000000000000000\"'", "'\"+1\"'", "'\"0x10\"'", "'\"\"'", "'\" 1\"'",
        "'\"1 \"'", "'\"1a\"'", "'\"\u0661\"'", "null", "true", "false", "{}", "[]", "[1]", "{\"a\":1}",
        "1234567890123456789012345678901234567890",
    })
    void refusesOtherU128Forms(final String json)
    {
        final ApiError error = assertApiError(() -> transfers("[{\"id\":\"1\"},{\"amount\":" + json + "}]"),
            400, "invalid_number", "$[1].amount");
        assertThat(error.detail()).startsWith("$[1].amount must be an unsigned 128-bit integer");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "user_data_64|'\"18446744073709551615\"'|-1",
        "user_data_64|9007199254740991|9007199254740991",
        "timestamp|'\"9223372036854775808\"'|-9223372036854775808",
        "timestamp|0|0",
    })
    void acceptsU64Forms(final String field, final String json, final long expected)
    {
        accounts("[{\"" + field + "\":" + json + "}]");
        assertThat(out.getLong(field.equals("timestamp") ? Wire.TIMESTAMP : Wire.USER_DATA_64, Wire.ORDER))
            .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "user_data_64|'\"18446744073709551616\"'",
        "user_data_64|'\"340282366920938463463374607431768211455\"'",
        "user_data_64|-1",
        "user_data_64|9007199254740992",
        "timestamp|1.5",
        "timestamp|'\"\"'",
        "timestamp|null",
    })
    void refusesOtherU64Forms(final String field, final String json)
    {
        final ApiError error = assertApiError(() -> accounts("[{\"" + field + "\":" + json + "}]"),
            400, "invalid_number", "$[0]." + field);
        assertThat(error.detail()).contains("unsigned 64-bit integer");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "user_data_32|0|104|0",
        "user_data_32|4294967295|104|-1",
        "timeout|4294967295|108|-1",
        "ledger|1|112|1",
        "ledger|4294967295|112|-1",
    })
    void acceptsU32Forms(final String field, final String json, final int offset, final int expected)
    {
        transfers("[{\"" + field + "\":" + json + "}]");
        assertThat(out.getInt(offset, Wire.ORDER)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "user_data_32|4294967296", "timeout|-1", "ledger|'\"1\"'", "ledger|1.0", "ledger|1e2", "ledger|null",
        "ledger|true", "ledger|[]", "ledger|99999999999999999999", "code|65536", "code|'\"1\"'", "code|-1",
        "code|{}",
    })
    void refusesOtherU32AndU16Forms(final String field, final String json)
    {
        final ApiError error = assertApiError(() -> transfers("[{\"" + field + "\":" + json + "}]"),
            400, "invalid_number", "$[0]." + field);
        assertThat(error.detail()).contains("must be a JSON integer from 0 to");
    }

    @Test
    void acceptsEveryFlagByNameAndRepeats()
    {
        for (int bit = 0; AccountFlags.name(bit) != null; bit++)
        {
            accounts("[{\"flags\":[\"" + AccountFlags.name(bit) + "\",\"" + AccountFlags.name(bit) + "\"]}]");
            assertThat(out.getShort(Wire.FLAGS, Wire.ORDER)).isEqualTo((short)(1 << bit));
        }
        for (int bit = 0; TransferFlags.name(bit) != null; bit++)
        {
            transfers("[{\"flags\":[\"" + TransferFlags.name(bit) + "\"]}]");
            assertThat(out.getShort(Wire.FLAGS, Wire.ORDER)).isEqualTo((short)(1 << bit));
        }
        transfers("[{\"flags\":[]}]");
        assertThat(out.getShort(Wire.FLAGS, Wire.ORDER)).isZero();
        transfers("[{\"flags\":[\"linked\",\"pending\",\"post_pending_transfer\",\"void_pending_transfer\"," +
            "\"balancing_debit\",\"balancing_credit\",\"closing_debit\",\"closing_credit\",\"imported\"]}]");
        assertThat(out.getShort(Wire.FLAGS, Wire.ORDER)).isEqualTo((short)TransferFlags.ALL);
    }

    static Stream<Arguments> refusedBodies()
    {
        return Stream.of(
            // Flags.
            arguments(true, "[{\"flags\":[\"LINKED\"]}]", "unknown_flag", "$[0].flags[0]"),
            arguments(true, "[{},{\"flags\":[\"linked\",\"nope\"]}]", "unknown_flag", "$[1].flags[1]"),
            arguments(true, "[{\"flags\":[\"history\"]}]", "unknown_flag", "$[0].flags[0]"),
            arguments(false, "[{\"flags\":[\"pending\"]}]", "unknown_flag", "$[0].flags[0]"),
            arguments(true, "[{\"flags\":[\" linked\"]}]", "unknown_flag", "$[0].flags[0]"),
            arguments(true, "[{\"flags\":\"linked\"}]", "invalid_type", "$[0].flags"),
            arguments(true, "[{\"flags\":null}]", "invalid_type", "$[0].flags"),
            arguments(true, "[{\"flags\":3}]", "invalid_type", "$[0].flags"),
            arguments(true, "[{\"flags\":{\"linked\":true}}]", "invalid_type", "$[0].flags"),
            arguments(true, "[{\"flags\":[1]}]", "invalid_type", "$[0].flags[0]"),
            arguments(true, "[{\"flags\":[\"linked\",[\"linked\"]]}]", "invalid_type", "$[0].flags[1]"),
            // Fields.
            arguments(false, "[{\"id\":\"1\",\"amount\":\"1\"}]", "unknown_field", "$[0].amount"),
            arguments(true, "[{\"debits_pending\":\"1\"}]", "unknown_field", "$[0].debits_pending"),
            arguments(true, "[{},{},{\"Id\":\"1\"}]", "unknown_field", "$[2].Id"),
            arguments(true, "[{\"id\":\"1\",\"id\":\"2\"}]", "duplicate_field", "$[0].id"),
            arguments(true, "[{\"amount\":\"1\",\"flags\":[],\"amount\":\"1\"}]", "duplicate_field", "$[0].amount"),
            // Shape.
            arguments(true, "[]", "batch_empty", "$"),
            arguments(true, " [ ] ", "batch_empty", "$"),
            arguments(true, "{}", "invalid_type", "$"),
            arguments(true, "{\"id\":\"1\"}", "invalid_type", "$"),
            arguments(true, "\"accounts\"", "invalid_type", "$"),
            arguments(true, "null", "invalid_type", "$"),
            arguments(true, "[1]", "invalid_type", "$[0]"),
            arguments(true, "[{},null]", "invalid_type", "$[1]"),
            arguments(true, "[[{}]]", "invalid_type", "$[0]"),
            // Malformed JSON.
            arguments(true, "", "malformed_json", null),
            arguments(true, "   ", "malformed_json", null),
            arguments(true, "[", "malformed_json", null),
            arguments(true, "[{\"id\":\"1\"}", "malformed_json", null),
            arguments(true, "[{\"id\":\"1\"", "malformed_json", null),
            arguments(true, "[{\"id\":\"1}]", "malformed_json", null),
            arguments(true, "[{\"id\":\"1\",}]", "malformed_json", null),
            arguments(true, "[{},]", "malformed_json", null),
            arguments(true, "[{id:1}]", "malformed_json", null),
            arguments(true, "[{'id':'1'}]", "malformed_json", null),
            arguments(true, "[{\"id\":+1}]", "malformed_json", "$[0].id"),
            arguments(true, "[{\"id\":01}]", "malformed_json", "$[0].id"),
            arguments(true, "[{\"id\":0x10}]", "malformed_json", "$[0].id"),
            arguments(true, "[{\"id\":NaN}]", "malformed_json", "$[0].id"),
            arguments(true, "[{\"id\":1}] x", "malformed_json", null),
            arguments(true, "[{\"id\":1}]]", "malformed_json", null),
            arguments(true, "[{}] [{}]", "malformed_json", null),
            arguments(true, "[{}] // comment", "malformed_json", null),
            arguments(true, "nul", "malformed_json", null),
            // Limits.
            arguments(true, "[{\"amount\":12345678901234567890123456789012345678901}]", "number_too_long", null),
            arguments(true, "[" + "[".repeat(40) + "]".repeat(40) + "]", "json_too_deep", null),
            arguments(true, "[{\"id\":" + "[".repeat(40) + "]".repeat(40) + "}]", "json_too_deep", null),
            arguments(true, "[{\"id\":\"" + "1".repeat(5000) + "\"}]", "string_too_long", null),
            arguments(true, "[{\"" + "a".repeat(300) + "\":1}]", "name_too_long", null));
    }

    @ParameterizedTest(name = "[{index}] {1} -> {2}")
    @MethodSource("refusedBodies")
    void refusesBodiesWithTheFirstOffence(
        final boolean transfers, final String body, final String error, final String field)
    {
        assertApiError(() ->
        {
            if (transfers)
            {
                transfers(body);
            }
            else
            {
                accounts(body);
            }
        }, 400, error, field);
    }

    @Test
    void saysWhereJsonIsMalformed()
    {
        final ApiError error = assertApiError(() -> accounts("[{\"id\":\"1\"},\n {\"id\" \"2\"}]"),
            400, "malformed_json", null);
        assertThat(error.detail()).contains("line 2, column").doesNotContain("Exception").doesNotContain("\tat ");
        final ApiError deep = assertApiError(() -> accounts("[" + "[".repeat(40) + "]".repeat(40) + "]"),
            400, "json_too_deep", null);
        assertThat(deep.detail()).contains("32 levels").contains("line 1, column");
        final ApiError end = assertApiError(() -> accounts("[{\"id\":\"1\"}"), 400, "malformed_json", null);
        assertThat(end.detail()).contains("ends before the JSON value is complete").contains("line 1, column 12")
            .doesNotContain("Source").doesNotContain("StreamReadFeature");
        final ApiError plus = assertApiError(() -> accounts("[{\"id\":\"1\"},{\"amount\":+7}]"),
            400, "malformed_json", "$[1].amount");
        assertThat(plus.detail()).contains("in the value of $[1].amount").contains("plus signs")
            .doesNotContain("JsonReadFeature").doesNotContain("enable");
        final ApiError unclosed = assertApiError(() -> accounts("[{\"id\":\"1\"}, {\"id\" \"2\"}"),
            400, "malformed_json", null);
        assertThat(unclosed.detail()).doesNotContain("Source").doesNotContain("StreamReadFeature");
    }

    @Test
    void refusesBodiesThatAreNotUtf8()
    {
        for (final byte[] body : new byte[][]{
            "[{}]".getBytes(StandardCharsets.UTF_16BE), "[{}]".getBytes(StandardCharsets.UTF_16LE),
            "[{}]".getBytes(StandardCharsets.UTF_16), { '[', '{', '"', (byte)0xC3, '"', ':', '1', '}', ']' } })
        {
            assertApiError(() -> EventsParser.accounts(body, 0, body.length, out, 0), 400, "malformed_json", null);
        }
    }

    @Test
    void decodesFromAnOffsetIntoAnOffset()
    {
        final byte[] body = utf8("xx[{\"id\":\"77\"}]yy");
        final UnsafeBuffer larger =
            new UnsafeBuffer(new byte[128 + LedgerLimits.BATCH_EVENTS_MAX * LedgerLimits.RECORD_LENGTH]);
        assertThat(EventsParser.accounts(body, 2, body.length - 4, larger, 128)).isEqualTo(1);
        assertThat(u128(larger, 128 + Wire.ID)).isEqualTo(77);
    }

    @Test
    void acceptsTheLargestBatchAndRefusesOneMoreWithoutWritingPastTheBuffer()
    {
        final StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < LedgerLimits.BATCH_EVENTS_MAX; i++)
        {
            body.append(i == 0 ? "" : ",").append("{\"id\":\"").append(i + 1).append("\",\"amount\":").append(i)
                .append('}');
        }
        assertThat(transfers(body + "]")).isEqualTo(LedgerLimits.BATCH_EVENTS_MAX);
        final int last = (LedgerLimits.BATCH_EVENTS_MAX - 1) * LedgerLimits.RECORD_LENGTH;
        assertThat(u128(out, last + Wire.ID)).isEqualTo(LedgerLimits.BATCH_EVENTS_MAX);
        assertThat(u128(out, last + Wire.TRANSFER_AMOUNT)).isEqualTo(LedgerLimits.BATCH_EVENTS_MAX - 1);

        // The buffer holds exactly 8189 records: writing the 8190th would throw IndexOutOfBounds instead.
        final ApiError error = assertApiError(() -> transfers(body + ",{\"id\":\"8190\"}]"),
            400, "batch_too_large", "$");
        assertThat(error.detail()).contains("8189").contains("$[8189]");
        assertApiError(() -> transfers(body + ",{\"id\":\"8190\"},{}]"), 400, "batch_too_large", "$");
        assertApiError(() -> transfers(body + ",[1]]"), 400, "batch_too_large", "$");
    }

    @Test
    void refusesAnOutputBufferTooSmallForABatch()
    {
        final byte[] body = utf8("[{}]");
        final UnsafeBuffer small = new UnsafeBuffer(new byte[LedgerLimits.RECORD_LENGTH]);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventsParser.accounts(body, 0, body.length, small, 0))
            .isInstanceOf(IllegalArgumentException.class);
        final org.agrona.ExpandableArrayBuffer expandable = new org.agrona.ExpandableArrayBuffer(16);
        assertThat(EventsParser.accounts(body, 0, body.length, expandable, 0)).isEqualTo(1);
    }
}
