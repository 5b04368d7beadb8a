package dev.ledger.server.http;

import java.util.Collection;
import java.util.Map;

import dev.ledger.core.LedgerLimits;

/**
 * The query parameters of {@code GET /v1/journal}: {@code from}, the journal index of the first entry (decimal
 * digits up to 2^63-1; default 0, the index of the first entry a journal holds), and {@code limit}, how many
 * indexes the page covers (1 to {@link LedgerLimits#QUERY_ROWS_MAX}; default {@link #LIMIT_DEFAULT}). Errors are
 * found in the order of {@link QueryParameters}, then {@code from}, then {@code limit}.
 *
 * @param from  the first index of the page.
 * @param limit how many indexes it covers.
 */
record JournalQuery(long from, int limit)
{
    /** Indexes a page covers when {@code limit} is absent; small, because one entry may hold 8189 events. */
    static final int LIMIT_DEFAULT = 100;
    static final String FROM = "from";
    static final String LIMIT = "limit";

    /**
     * @param parameters query parameters, name to values (Undertow's {@code Map<String, Deque<String>>}).
     * @return the page asked for.
     * @throws ApiError 400 naming the parameter when one is unknown, repeated or has a bad value.
     */
    static JournalQuery parse(final Map<String, ? extends Collection<String>> parameters)
    {
        QueryParameters.check(parameters, FROM, LIMIT);
        final Decimal decimal = new Decimal();
        long from = 0;
        final String fromText = QueryParameters.single(parameters, FROM);
        if (fromText != null)
        {
            if (decimal.parse(fromText) != Decimal.OK || decimal.hi != 0 || decimal.lo < 0)
            {
                throw ApiError.badRequest("invalid_number", FROM,
                    "from must be a journal index: decimal digits up to 2^63-1");
            }
            from = decimal.lo;
        }
        return new JournalQuery(from, QueryParameters.limit(parameters, LIMIT, LIMIT_DEFAULT, decimal));
    }

    /**
     * @param end the index after the last entry that may be read.
     * @return the index after the page: where the next page starts ({@code from} itself when it is at or past
     *     {@code end}, so that a client following the journal asks there again).
     */
    long next(final long end)
    {
        return from >= end ? from : from + Math.min(end - from, limit);
    }
}
