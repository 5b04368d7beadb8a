package dev.ledger.server.http;

import dev.ledger.core.LedgerLimits;
import dev.ledger.core.Wire;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.ledger.server.http.CodecTestSupport.assertApiError;
import static dev.ledger.server.http.CodecTestSupport.u128;
import static dev.ledger.server.http.CodecTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

class QueryFilterParserTest
{
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[LedgerLimits.QUERY_FILTER_LENGTH + 8]);

    private void parse(final String body)
    {
        final byte[] bytes = utf8(body);
        QueryFilterParser.parse(bytes, 0, bytes.length, out, 8);
    }

    @Test
    void decodesEveryField()
    {
        out.setMemory(0, out.capacity(), (byte)0x77);
        parse("{\"user_data_128\":\"340282366920938463463374607431768211455\",\"user_data_64\":\"2\"," +
            "\"user_data_32\":3,\"ledger\":4,\"code\":5,\"timestamp_min\":\"6\",\"timestamp_max\":7,\"limit\":8," +
            "\"reversed\":true}");
        assertThat(u128(out, 8 + Wire.QUERY_USER_DATA_128)).isEqualTo(dev.ledger.core.UInt128.MAX);
        assertThat(out.getLong(8 + Wire.QUERY_USER_DATA_64, Wire.ORDER)).isEqualTo(2);
        assertThat(out.getInt(8 + Wire.QUERY_USER_DATA_32, Wire.ORDER)).isEqualTo(3);
        assertThat(out.getInt(8 + Wire.QUERY_LEDGER, Wire.ORDER)).isEqualTo(4);
        assertThat(out.getShort(8 + Wire.QUERY_CODE, Wire.ORDER)).isEqualTo((short)5);
        for (int i = 0; i < Wire.QUERY_RESERVED_LENGTH; i++)
        {
            assertThat(out.getByte(8 + Wire.QUERY_RESERVED + i)).isZero();
        }
        assertThat(out.getLong(8 + Wire.QUERY_TIMESTAMP_MIN, Wire.ORDER)).isEqualTo(6);
        assertThat(out.getLong(8 + Wire.QUERY_TIMESTAMP_MAX, Wire.ORDER)).isEqualTo(7);
        assertThat(out.getInt(8 + Wire.QUERY_LIMIT, Wire.ORDER)).isEqualTo(8);
        assertThat(out.getInt(8 + Wire.QUERY_FLAGS, Wire.ORDER)).isEqualTo(Wire.QUERY_REVERSED);
        assertThat(out.getLong(0, Wire.ORDER)).as("nothing before the offset").isEqualTo(0x7777777777777777L);
    }

    @Test
    void defaultsEverythingButTheLimitToZero()
    {
        out.setMemory(0, out.capacity(), (byte)0x77);
        parse(" { } ");
        for (int i = 0; i < LedgerLimits.QUERY_FILTER_LENGTH; i++)
        {
            if (i < Wire.QUERY_LIMIT || i >= Wire.QUERY_LIMIT + 4)
            {
                assertThat(out.getByte(8 + i)).as("byte %d", i).isZero();
            }
        }
        assertThat(out.getInt(8 + Wire.QUERY_LIMIT, Wire.ORDER)).isEqualTo(LedgerLimits.QUERY_ROWS_MAX);
        parse("{\"reversed\":false,\"limit\":8189,\"timestamp_min\":\"5\",\"timestamp_max\":\"0\"}");
        assertThat(out.getInt(8 + Wire.QUERY_FLAGS, Wire.ORDER)).isZero();
        assertThat(out.getInt(8 + Wire.QUERY_LIMIT, Wire.ORDER)).isEqualTo(8189);
        parse("{\"timestamp_min\":\"5\",\"timestamp_max\":\"5\",\"limit\":1}");
        assertThat(out.getInt(8 + Wire.QUERY_LIMIT, Wire.ORDER)).isEqualTo(1);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"limit\":0}|invalid_limit|$.limit",
        "{\"limit\":8190}|invalid_limit|$.limit",
        "{\"limit\":4294967296}|invalid_limit|$.limit",
        "{\"limit\":123456789012345678901234567890}|invalid_limit|$.limit",
        "{\"limit\":\"10\"}|invalid_number|$.limit",
        "{\"limit\":-1}|invalid_number|$.limit",
        "{\"limit\":1.5}|invalid_number|$.limit",
        "{\"limit\":null}|invalid_number|$.limit",
        "{\"reversed\":\"true\"}|invalid_boolean|$.reversed",
        "{\"reversed\":1}|invalid_boolean|$.reversed",
        "{\"reversed\":null}|invalid_boolean|$.reversed",
        "{\"reversed\":[true]}|invalid_boolean|$.reversed",
        "{\"timestamp_min\":\"6\",\"timestamp_max\":\"5\"}|invalid_timestamp_range|$.timestamp_min",
        "{\"timestamp_min\":\"9223372036854775808\"}|invalid_timestamp_range|$.timestamp_min",
        "{\"timestamp_max\":\"18446744073709551615\"}|invalid_timestamp_range|$.timestamp_max",
        "{\"timestamp_min\":\"18446744073709551616\"}|invalid_number|$.timestamp_min",
        "{\"timestamp_min\":-5}|invalid_number|$.timestamp_min",
        "{\"user_data_128\":\"x\"}|invalid_number|$.user_data_128",
        "{\"user_data_64\":1e2}|invalid_number|$.user_data_64",
        "{\"user_data_32\":\"1\"}|invalid_number|$.user_data_32",
        "{\"ledger\":4294967296}|invalid_number|$.ledger",
        "{\"code\":65536}|invalid_number|$.code",
        "{\"id\":\"1\"}|unknown_field|$.id",
        "{\"flags\":[]}|unknown_field|$.flags",
        "{\"limit\":1,\"limit\":2}|duplicate_field|$.limit",
        "[]|invalid_type|$",
        "''|malformed_json|",
        "{\"limit\":1|malformed_json|",
    })
    void refusesBadFilters(final String body, final String error, final String field)
    {
        assertApiError(() -> parse(body), 400, error, field);
    }
}
