package dev.ledger.server.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PageCursorTest
{
    @ParameterizedTest(name = "count {0} limit {1} reversed {2} last {3} min {4} max {5} -> {6}")
    @CsvSource({
        "0, 1, false, 0, 0, 0, 0",
        "2, 3, false, 10, 0, 0, 0",
        "3, 3, false, 10, 0, 0, 11",
        "3, 3, true, 10, 0, 0, 9",
        "3, 3, false, 10, 0, 11, 11",
        "3, 3, false, 10, 0, 10, 0",
        "3, 3, true, 10, 9, 0, 9",
        "3, 3, true, 10, 10, 0, 0",
        "3, 3, true, 1, 0, 0, 0",
        "3, 3, true, 2, 0, 0, 1",
        "3, 3, false, 9223372036854775807, 0, 0, 0",
        "3, 3, false, 9223372036854775806, 0, 0, 9223372036854775807",
        "3, 3, false, -1, 0, 0, 0",
        "3, 3, true, -1, 0, 0, 0",
        "8189, 10000, false, 10, 0, 0, 11",
        "8188, 10000, false, 10, 0, 0, 0",
    })
    void computesTheCursor(
        final int count, final long limit, final boolean reversed, final long last, final long min, final long max,
        final long next)
    {
        assertThat(PageCursor.next(count, limit, reversed, last, min, max)).isEqualTo(next);
    }
}
