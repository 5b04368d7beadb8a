package dev.ledger.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

import dev.ledger.core.LedgerDriver.AccountFilter;
import dev.ledger.core.LedgerDriver.Balance;
import dev.ledger.core.LedgerDriver.QueryFilter;
import dev.ledger.core.ReferenceLedger.State;
import dev.ledger.core.ReferenceLedger.TransferEntry;

/**
 * The queries of the {@link ReferenceLedger}: TigerBeetle's {@code get_scan_from_account_filter} and
 * {@code get_scan_from_query_filter} as filters over every record, sorted by timestamp. An invalid filter
 * yields no rows (README "Queries").
 */
final class ReferenceQueries
{
    private static final int ACCOUNT_FILTER_FLAGS = Wire.FILTER_DEBITS | Wire.FILTER_CREDITS | Wire.FILTER_REVERSED;

    private ReferenceQueries()
    {
    }

    static List<TransferRecord> accountTransfers(final State state, final AccountFilter filter)
    {
        if (!valid(filter))
        {
            return List.of();
        }
        final List<TransferRecord> rows = new ArrayList<>();
        for (final TransferEntry entry : select(state, filter))
        {
            rows.add(entry.transfer().copy());
        }
        return rows;
    }

    /** The account's balances after each matching transfer; only for an existing account with history. */
    static List<Balance> accountBalances(final State state, final AccountFilter filter)
    {
        final AccountRecord account = state.accounts.get(filter.accountId);
        if (!valid(filter) || account == null || (account.flags & AccountFlags.HISTORY) == 0)
        {
            return List.of();
        }
        final List<Balance> rows = new ArrayList<>();
        for (final TransferEntry entry : select(state, filter))
        {
            final boolean debit = entry.transfer().debitAccountId.equals(filter.accountId);
            rows.add(debit ? entry.debitAfter() : entry.creditAfter());
        }
        return rows;
    }

    static List<AccountRecord> queryAccounts(final State state, final QueryFilter filter)
    {
        if (!valid(filter))
        {
            return List.of();
        }
        final Predicate<AccountRecord> matches = account ->
            matches(filter.userData128, account.userData128) &&
            matches(filter.userData64, account.userData64) &&
            matches(filter.userData32, account.userData32) &&
            matches(filter.ledger, account.ledger) &&
            matches(filter.code, account.code) &&
            inRange(filter.timestampMin, filter.timestampMax, account.timestamp);
        final List<AccountRecord> rows = new ArrayList<>();
        for (final AccountRecord account : page(
            state.accounts.values(), matches, account -> account.timestamp, reversed(filter), filter.limit))
        {
            rows.add(account.copy());
        }
        return rows;
    }

    static List<TransferRecord> queryTransfers(final State state, final QueryFilter filter)
    {
        if (!valid(filter))
        {
            return List.of();
        }
        final Predicate<TransferEntry> matches = entry ->
        {
            final TransferRecord transfer = entry.transfer();
            return matches(filter.userData128, transfer.userData128) &&
                matches(filter.userData64, transfer.userData64) &&
                matches(filter.userData32, transfer.userData32) &&
                matches(filter.ledger, transfer.ledger) &&
                matches(filter.code, transfer.code) &&
                inRange(filter.timestampMin, filter.timestampMax, transfer.timestamp);
        };
        final List<TransferRecord> rows = new ArrayList<>();
        for (final TransferEntry entry : page(
            state.transfers.values(), matches, entry -> entry.transfer().timestamp, reversed(filter), filter.limit))
        {
            rows.add(entry.transfer().copy());
        }
        return rows;
    }

    /** The transfers of the filter's account (as debit and/or credit) matching its other fields, one page. */
    private static List<TransferEntry> select(final State state, final AccountFilter filter)
    {
        final boolean debits = (filter.flags & Wire.FILTER_DEBITS) != 0;
        final boolean credits = (filter.flags & Wire.FILTER_CREDITS) != 0;
        final Predicate<TransferEntry> matches = entry ->
        {
            final TransferRecord transfer = entry.transfer();
            return ((debits && transfer.debitAccountId.equals(filter.accountId)) ||
                (credits && transfer.creditAccountId.equals(filter.accountId))) &&
                matches(filter.userData128, transfer.userData128) &&
                matches(filter.userData64, transfer.userData64) &&
                matches(filter.userData32, transfer.userData32) &&
                matches(filter.code, transfer.code) &&
                inRange(filter.timestampMin, filter.timestampMax, transfer.timestamp);
        };
        final boolean reversed = (filter.flags & Wire.FILTER_REVERSED) != 0;
        return page(state.transfers.values(), matches, entry -> entry.transfer().timestamp, reversed, filter.limit);
    }

    /** Matching rows in timestamp order (or reversed), at most {@code min(limit, QUERY_ROWS_MAX)}. */
    private static <T> List<T> page(
        final Iterable<T> all,
        final Predicate<T> matches,
        final ToLongFunction<T> timestamp,
        final boolean reversed,
        final int limit)
    {
        final List<T> rows = new ArrayList<>();
        for (final T row : all)
        {
            if (matches.test(row))
            {
                rows.add(row);
            }
        }
        final Comparator<T> order = Comparator.comparingLong(timestamp);
        rows.sort(reversed ? order.reversed() : order);
        final long max = Math.min(Integer.toUnsignedLong(limit), LedgerLimits.QUERY_ROWS_MAX);
        return new ArrayList<>(rows.subList(0, (int)Math.min(max, rows.size())));
    }

    /** TigerBeetle's {@code get_scan_from_account_filter} validity. */
    static boolean valid(final AccountFilter filter)
    {
        return filter.accountId.signum() != 0 && !filter.accountId.equals(ReferenceLedger.U128_MAX) &&
            validRange(filter.timestampMin, filter.timestampMax) &&
            filter.limit != 0 &&
            (filter.flags & (Wire.FILTER_DEBITS | Wire.FILTER_CREDITS)) != 0 &&
            (filter.flags & ~ACCOUNT_FILTER_FLAGS) == 0 &&
            filter.reservedByte == 0;
    }

    /** TigerBeetle's {@code get_scan_from_query_filter} validity. */
    static boolean valid(final QueryFilter filter)
    {
        return validRange(filter.timestampMin, filter.timestampMax) &&
            filter.limit != 0 &&
            (filter.flags & ~Wire.QUERY_REVERSED) == 0 &&
            filter.reservedByte == 0;
    }

    /** Each bound 0 (none) or a valid timestamp (1..2^63-1), and min <= max when max is set. */
    private static boolean validRange(final long min, final long max)
    {
        return min >= 0 && max >= 0 && (max == 0 || min <= max);
    }

    private static boolean inRange(final long min, final long max, final long timestamp)
    {
        return timestamp >= (min == 0 ? LedgerLimits.TIMESTAMP_MIN : min) &&
            timestamp <= (max == 0 ? LedgerLimits.TIMESTAMP_MAX : max);
    }

    private static boolean reversed(final QueryFilter filter)
    {
        return (filter.flags & Wire.QUERY_REVERSED) != 0;
    }

    private static boolean matches(final BigInteger wanted, final BigInteger value)
    {
        return wanted.signum() == 0 || wanted.equals(value);
    }

    private static boolean matches(final long wanted, final long value)
    {
        return wanted == 0 || wanted == value;
    }
}
