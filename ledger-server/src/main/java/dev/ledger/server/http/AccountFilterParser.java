package dev.ledger.server.http;

import java.util.Collection;
import java.util.Map;

import dev.ledger.core.LedgerLimits;
import dev.ledger.core.Wire;
import org.agrona.MutableDirectBuffer;

/**
 * The query parameters of {@code GET /v1/accounts/{id}/transfers} and {@code GET /v1/accounts/{id}/balances}:
 * {@code limit} (1 to {@link LedgerLimits#QUERY_ROWS_MAX}, the default), {@code timestamp_min},
 * {@code timestamp_max} (decimal u64; 0 or absent: no bound), and the booleans {@code debits}, {@code credits}
 * (both default true; not both false) and {@code reversed} (default false), written as {@code true} or
 * {@code false}. Decoded into the 128-byte AccountFilter of {@link Wire}.
 * <p>
 * Errors are found in a fixed order whatever the map's iteration order: the alphabetically first unknown
 * parameter, then the known parameters in the order above ({@link QueryParameters}).
 */
final class AccountFilterParser
{
    private static final String LIMIT = "limit";
    private static final String TIMESTAMP_MIN = "timestamp_min";
    private static final String TIMESTAMP_MAX = "timestamp_max";
    private static final String DEBITS = "debits";
    private static final String CREDITS = "credits";
    private static final String REVERSED = "reversed";
    private static final String[] KNOWN = { LIMIT, TIMESTAMP_MIN, TIMESTAMP_MAX, DEBITS, CREDITS, REVERSED };

    private AccountFilterParser()
    {
    }

    /**
     * Decodes the parameters into an AccountFilter for one account.
     *
     * @param accountIdLo bits 0..63 of the account id (from the path).
     * @param accountIdHi bits 64..127 of the account id.
     * @param parameters  query parameters, name to values (Undertow's {@code Map<String, Deque<String>>}).
     * @param out         receives the 128-byte filter.
     * @param outOffset   where it goes.
     * @throws ApiError 400 naming the parameter when one is unknown, repeated or has a bad value.
     */
    static void parse(
        final long accountIdLo,
        final long accountIdHi,
        final Map<String, ? extends Collection<String>> parameters,
        final MutableDirectBuffer out,
        final int outOffset)
    {
        QueryParameters.check(parameters, KNOWN);
        final Decimal decimal = new Decimal();
        final int limit = QueryParameters.limit(parameters, LIMIT, LedgerLimits.QUERY_ROWS_MAX, decimal);
        final long timestampMin = timestamp(parameters, TIMESTAMP_MIN, decimal);
        final long timestampMax = timestamp(parameters, TIMESTAMP_MAX, decimal);
        final boolean debits = bool(parameters, DEBITS, true);
        final boolean credits = bool(parameters, CREDITS, true);
        final boolean reversed = bool(parameters, REVERSED, false);
        if (!debits && !credits)
        {
            throw ApiError.badRequest("invalid_filter", DEBITS, "debits and credits must not both be false");
        }
        QueryFilterParser.checkRange(timestampMin, timestampMax, TIMESTAMP_MIN, TIMESTAMP_MAX);

        out.setMemory(outOffset, LedgerLimits.RECORD_LENGTH, (byte)0);
        out.putLong(outOffset + Wire.FILTER_ACCOUNT_ID, accountIdLo, Wire.ORDER);
        out.putLong(outOffset + Wire.FILTER_ACCOUNT_ID + 8, accountIdHi, Wire.ORDER);
        out.putLong(outOffset + Wire.FILTER_TIMESTAMP_MIN, timestampMin, Wire.ORDER);
        out.putLong(outOffset + Wire.FILTER_TIMESTAMP_MAX, timestampMax, Wire.ORDER);
        out.putInt(outOffset + Wire.FILTER_LIMIT, limit, Wire.ORDER);
        out.putInt(outOffset + Wire.FILTER_FLAGS, (debits ? Wire.FILTER_DEBITS : 0) |
            (credits ? Wire.FILTER_CREDITS : 0) | (reversed ? Wire.FILTER_REVERSED : 0), Wire.ORDER);
    }

    private static long timestamp(
        final Map<String, ? extends Collection<String>> parameters, final String name, final Decimal decimal)
    {
        final String text = QueryParameters.single(parameters, name);
        if (text == null)
        {
            return 0;
        }
        if (decimal.parse(text) != Decimal.OK || decimal.hi != 0)
        {
            throw ApiError.badRequest("invalid_number", name, name + " must be 1 to 20 decimal digits up to 2^64-1");
        }
        return decimal.lo;
    }

    private static boolean bool(
        final Map<String, ? extends Collection<String>> parameters, final String name, final boolean absent)
    {
        final String text = QueryParameters.single(parameters, name);
        if (text == null)
        {
            return absent;
        }
        if ("true".equals(text))
        {
            return true;
        }
        if ("false".equals(text))
        {
            return false;
        }
        throw ApiError.badRequest("invalid_boolean", name, name + " must be true or false");
    }
}
