package dev.ledger.server.http;

import static dev.ledger.server.http.CodecTestSupport.assertApiError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.ledger.core.LedgerLimits;

class JournalQueryTest
{
    private static Map<String, Deque<String>> query(final String name, final String... values)
    {
        return Map.of(name, new ArrayDeque<>(List.of(values)));
    }

    @Test
    void shouldStartAtTheFirstIndexWithAPageOf100ByDefault()
    {
        assertThat(JournalQuery.parse(Map.of())).isEqualTo(new JournalQuery(0, JournalQuery.LIMIT_DEFAULT));
        assertThat(JournalQuery.LIMIT_DEFAULT).isEqualTo(100);
    }

    @Test
    void shouldReadFromAndLimitUpToTheirMaxima()
    {
        assertThat(JournalQuery.parse(query("from", "9223372036854775807")).from()).isEqualTo(Long.MAX_VALUE);
        assertThat(JournalQuery.parse(query("from", "007")).from()).isEqualTo(7);
        assertThat(JournalQuery.parse(query("limit", "8189")).limit()).isEqualTo(LedgerLimits.QUERY_ROWS_MAX);
        assertThat(JournalQuery.parse(query("limit", "1")).limit()).isEqualTo(1);
    }

    @Test
    void shouldRefuseAValueGivenTwiceOrBad()
    {
        assertApiError(() -> JournalQuery.parse(query("from", "1", "2")), 400, "repeated_parameter", "from");
        assertApiError(() -> JournalQuery.parse(query("from", "9223372036854775808")), 400, "invalid_number", "from");
        assertApiError(() -> JournalQuery.parse(query("from", " 1")), 400, "invalid_number", "from");
        assertApiError(() -> JournalQuery.parse(query("limit", "8190")), 400, "invalid_limit", "limit");
        assertApiError(() -> JournalQuery.parse(query("to", "5")), 400, "unknown_parameter", "to");
    }

    /** The next page starts after the indexes this one covers, and never before {@code from}. */
    @ParameterizedTest
    @CsvSource({
        "0, 100, 0, 0",
        "0, 100, 4, 4",
        "0, 3, 4, 3",
        "3, 3, 4, 4",
        "4, 3, 4, 4",
        "1000, 3, 4, 1000",
        "9223372036854775807, 8189, 4, 9223372036854775807",
        "9223372036854775000, 8189, 9223372036854775807, 9223372036854775807" })
    void shouldNameTheIndexAfterThePage(final long from, final int limit, final long end, final long next)
    {
        assertThat(new JournalQuery(from, limit).next(end)).isEqualTo(next);
    }
}
