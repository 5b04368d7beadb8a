package dev.ledger.server.http;

import java.util.Collection;
import java.util.Map;

import dev.ledger.core.LedgerLimits;

/**
 * The rules every route's query parameters share, on the map Undertow hands over (name to values): only the
 * route's names, each at most once, and a page {@code limit} of decimal digits from 1 to
 * {@link LedgerLimits#QUERY_ROWS_MAX}. Errors are found in a fixed order whatever the map's iteration order: the
 * alphabetically first unknown parameter, then the first repeated one in the route's order.
 */
final class QueryParameters
{
    private QueryParameters()
    {
    }

    /**
     * Checks the names.
     *
     * @param parameters query parameters, name to values.
     * @param known      the route's parameters, in the order its documentation lists them.
     * @throws ApiError 400 {@code unknown_parameter} or {@code repeated_parameter}, naming the parameter.
     */
    static void check(final Map<String, ? extends Collection<String>> parameters, final String... known)
    {
        String unknown = null;
        for (final String name : parameters.keySet())
        {
            if (!known(name, known) && (unknown == null || name.compareTo(unknown) < 0))
            {
                unknown = name;
            }
        }
        if (unknown != null)
        {
            throw ApiError.badRequest("unknown_parameter", unknown, unknown + " is not a parameter here (" +
                String.join(", ", known) + ")");
        }
        for (final String name : known)
        {
            final Collection<String> values = parameters.get(name);
            if (values != null && values.size() > 1)
            {
                throw ApiError.badRequest("repeated_parameter", name, name + " must be given at most once");
            }
        }
    }

    /**
     * @param parameters query parameters, checked by {@link #check}.
     * @param name       a parameter.
     * @return its value, or null when it is absent.
     */
    static String single(final Map<String, ? extends Collection<String>> parameters, final String name)
    {
        final Collection<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.iterator().next();
    }

    /**
     * Reads a page limit.
     *
     * @param parameters query parameters, checked by {@link #check}.
     * @param name       the parameter, {@code limit}.
     * @param absent     the value when it is absent.
     * @param decimal    a reusable parser.
     * @return the limit, 1 to {@link LedgerLimits#QUERY_ROWS_MAX}.
     * @throws ApiError 400 {@code invalid_number} when it is not decimal digits, {@code invalid_limit} when it is
     *     out of range.
     */
    static int limit(final Map<String, ? extends Collection<String>> parameters, final String name, final int absent,
        final Decimal decimal)
    {
        final String text = single(parameters, name);
        if (text == null)
        {
            return absent;
        }
        final int status = decimal.parse(text);
        if (status == Decimal.EMPTY || status == Decimal.NOT_DIGIT)
        {
            throw ApiError.badRequest("invalid_number", name, name + " must be decimal digits");
        }
        final long limit = status == Decimal.OK && decimal.hi == 0 && decimal.lo >= 0 ? decimal.lo : Long.MAX_VALUE;
        if (limit < 1 || limit > LedgerLimits.QUERY_ROWS_MAX)
        {
            throw QueryFilterParser.invalidLimit(name);
        }
        return (int)limit;
    }

    private static boolean known(final String name, final String[] known)
    {
        for (final String candidate : known)
        {
            if (candidate.equals(name))
            {
                return true;
            }
        }
        return false;
    }
}
