package dev.ledger.core;

import java.math.BigInteger;
import java.util.List;
import java.util.function.Consumer;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static dev.ledger.core.CreateTransferResult.*;
import static dev.ledger.core.LedgerEvents.MAX;
import static dev.ledger.core.LedgerEvents.account;
import static dev.ledger.core.LedgerEvents.post;
import static dev.ledger.core.LedgerEvents.transfer;
import static dev.ledger.core.LedgerEvents.u128;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario tests of the read side: {@code get_account_transfers}, {@code get_account_balances},
 * {@code query_accounts}, {@code query_transfers} and lookups, with TigerBeetle's filter validation (an invalid
 * filter yields no rows) and the ordering, limit and range rules of the ledger-core README.
 */
class LedgerQuerySemanticsTest
{
    static final long T0 = 1_000_000_000_000L;
    static final long T1 = T0 + 1_000_000L;
    static final long SECOND = 1_000_000_000L;

    private final LedgerDriver driver = new LedgerDriver(new LedgerConfig(64, 256, LedgerConfig.HISTORY_MIN));
    private final UnsafeBuffer raw = new UnsafeBuffer(new byte[LedgerLimits.RECORD_LENGTH]);
    private final UnsafeBuffer rows =
        new UnsafeBuffer(new byte[LedgerLimits.QUERY_ROWS_MAX * LedgerLimits.RECORD_LENGTH]);

    private void ok(final long clusterTimeNs, final TransferRecord... transfers)
    {
        assertThat(driver.createTransfers(clusterTimeNs, List.of(transfers))).containsOnly(OK);
    }

    private void openAccounts(final long clusterTimeNs, final AccountRecord... accounts)
    {
        assertThat(driver.createAccounts(clusterTimeNs, List.of(accounts))).containsOnly(CreateAccountResult.OK);
    }

    // ---------------------------------------------------------------------------------------------------------
    // get_account_transfers

    /** Accounts 1, 2, 3; transfers 10..15 at T1..T1 + 5, all but 14 involving account 1. */
    private void accountTransfersFixture()
    {
        openAccounts(T0, AccountRecord.of(1, 1, 1, 0), AccountRecord.of(2, 1, 1, 0), AccountRecord.of(3, 1, 1, 0));
        ok(T1,
            transfer(10, 1, 2, 1),
            transfer(11, 2, 1, 2),
            transfer(12, 1, 3, 3, t ->
            {
                t.code = 5;
                t.userData128 = u128(7);
            }),
            transfer(13, 3, 1, 4, t ->
            {
                t.userData64 = 9;
                t.userData32 = 11;
            }),
            transfer(14, 2, 3, 5),
            transfer(15, 1, 2, 6, t -> t.flags = TransferFlags.PENDING));
    }

    private List<Long> accountTransfers(final long accountId, final Consumer<LedgerDriver.AccountFilter> change)
    {
        final LedgerDriver.AccountFilter filter = LedgerDriver.AccountFilter.of(u128(accountId));
        change.accept(filter);
        return driver.accountTransfers(filter).stream().map(t -> t.id.longValueExact()).toList();
    }

    @Test
    void shouldListAnAccountsTransfersBySide()
    {
        accountTransfersFixture();
        assertThat(accountTransfers(1, f -> { })).containsExactly(10L, 11L, 12L, 13L, 15L);
        assertThat(accountTransfers(1, f -> f.flags = Wire.FILTER_DEBITS)).containsExactly(10L, 12L, 15L);
        assertThat(accountTransfers(1, f -> f.flags = Wire.FILTER_CREDITS)).containsExactly(11L, 13L);
        assertThat(accountTransfers(3, f -> f.flags = Wire.FILTER_CREDITS)).containsExactly(12L, 14L);
        assertThat(accountTransfers(1, f -> f.flags |= Wire.FILTER_REVERSED)).containsExactly(15L, 13L, 12L, 11L, 10L);
        assertThat(accountTransfers(1, f -> f.flags = Wire.FILTER_CREDITS | Wire.FILTER_REVERSED))
            .containsExactly(13L, 11L);

        final List<TransferRecord> full = driver.accountTransfers(LedgerDriver.AccountFilter.of(u128(3)));
        assertThat(full).extracting(t -> t.timestamp).containsExactly(T1 + 2, T1 + 3, T1 + 4);
        assertThat(full.get(0)).isEqualTo(driver.transfer(12));
    }

    @Test
    void shouldLimitAndBoundAnAccountsTransfers()
    {
        accountTransfersFixture();
        assertThat(accountTransfers(1, f -> f.limit = 2)).containsExactly(10L, 11L);
        assertThat(accountTransfers(1, f ->
        {
            f.limit = 2;
            f.flags |= Wire.FILTER_REVERSED;
        })).containsExactly(15L, 13L);
        assertThat(accountTransfers(1, f -> f.limit = -1)).as("limit 2^32-1").containsExactly(10L, 11L, 12L, 13L, 15L);
        assertThat(accountTransfers(1, f ->
        {
            f.timestampMin = T1 + 1;
            f.timestampMax = T1 + 3;
        })).containsExactly(11L, 12L, 13L);
        assertThat(accountTransfers(1, f ->
        {
            f.timestampMin = T1 + 1;
            f.timestampMax = T1 + 3;
            f.flags |= Wire.FILTER_REVERSED;
        })).containsExactly(13L, 12L, 11L);
        assertThat(accountTransfers(1, f ->
        {
            f.timestampMin = T1 + 2;
            f.timestampMax = T1 + 2;
        })).containsExactly(12L);
        assertThat(accountTransfers(1, f -> f.timestampMin = T1 + 4)).containsExactly(15L);
        assertThat(accountTransfers(1, f -> f.timestampMax = T1)).containsExactly(10L);
        assertThat(accountTransfers(1, f ->
        {
            f.timestampMin = T1 + 1;
            f.limit = 1;
            f.flags |= Wire.FILTER_REVERSED;
        })).containsExactly(15L);
    }

    @Test
    void shouldFilterAnAccountsTransfersByUserDataAndCode()
    {
        accountTransfersFixture();
        assertThat(accountTransfers(1, f -> f.userData128 = u128(7))).containsExactly(12L);
        assertThat(accountTransfers(1, f -> f.userData128 = u128(7).add(BigInteger.ONE.shiftLeft(64)))).isEmpty();
        assertThat(accountTransfers(1, f -> f.code = 5)).containsExactly(12L);
        assertThat(accountTransfers(1, f -> f.userData64 = 9)).containsExactly(13L);
        assertThat(accountTransfers(1, f -> f.userData32 = 11)).containsExactly(13L);
        assertThat(accountTransfers(1, f ->
        {
            f.userData64 = 9;
            f.code = 5;
        })).isEmpty();
        assertThat(accountTransfers(1, f ->
        {
            f.userData64 = 9;
            f.userData32 = 11;
            f.flags = Wire.FILTER_CREDITS;
        })).containsExactly(13L);
        assertThat(accountTransfers(1, f ->
        {
            f.code = 5;
            f.flags = Wire.FILTER_CREDITS;
        })).isEmpty();
    }

    @Test
    void shouldAnswerNoTransfersForAnInvalidFilterOrAMissingAccount()
    {
        accountTransfersFixture();
        assertThat(accountTransfers(0, f -> { })).isEmpty();
        assertThat(accountTransfers(99, f -> { })).isEmpty();
        assertThat(accountTransfers(1, f -> f.accountId = MAX)).isEmpty();
        assertThat(accountTransfers(1, f -> f.limit = 0)).isEmpty();
        assertThat(accountTransfers(1, f -> f.flags = 0)).as("neither debits nor credits").isEmpty();
        assertThat(accountTransfers(1, f -> f.flags = Wire.FILTER_REVERSED)).isEmpty();
        assertThat(accountTransfers(1, f -> f.flags |= 8)).as("unknown flag").isEmpty();
        assertThat(accountTransfers(1, f ->
        {
            f.timestampMin = T1 + 3;
            f.timestampMax = T1 + 2;
        })).isEmpty();
        assertThat(accountTransfers(1, f -> f.timestampMin = Long.MIN_VALUE)).as("2^63").isEmpty();
        assertThat(accountTransfers(1, f -> f.timestampMax = -1L)).as("2^64-1").isEmpty();

        final LedgerDriver.AccountFilter filter = LedgerDriver.AccountFilter.of(u128(1));
        filter.encode(raw, 0);
        assertThat(driver.ledger().getAccountTransfers(raw, 0, rows, 0)).isEqualTo(5);
        raw.putByte(Wire.FILTER_RESERVED + Wire.FILTER_RESERVED_LENGTH - 1, (byte)1);
        assertThat(driver.ledger().getAccountTransfers(raw, 0, rows, 0)).as("reserved bytes").isZero();
    }

    // ---------------------------------------------------------------------------------------------------------
    // get_account_balances

    @Test
    void shouldListTheBalancesOfAHistoryAccountAfterEachOfItsTransfers()
    {
        openAccounts(T0, AccountRecord.of(1, 1, 1, 0), AccountRecord.of(2, 1, 1, 0),
            AccountRecord.of(6, 1, 1, AccountFlags.HISTORY));
        final long t5 = T1 + 5000;
        ok(T1, transfer(20, 1, 6, 10));
        ok(T1 + 1000, transfer(21, 6, 2, 3, t -> t.flags = TransferFlags.PENDING));
        ok(T1 + 2000, post(22, 21, 2, t -> { }));
        ok(T1 + 3000, transfer(23, 1, 2, 7));
        ok(t5, transfer(24, 6, 1, 4, t ->
        {
            t.flags = TransferFlags.PENDING;
            t.timeout = 1;
        }));
        assertThat(driver.ledger().expirePendingTransfers(t5 + SECOND)).isEqualTo(1);
        ok(t5 + 2 * SECOND, transfer(25, 2, 6, 1));

        final List<LedgerDriver.Balance> expected = List.of(
            balance(0, 0, 0, 10, T1),
            balance(3, 0, 0, 10, T1 + 1000),
            balance(0, 2, 0, 10, T1 + 2000),
            balance(4, 2, 0, 10, t5),
            balance(0, 2, 0, 11, t5 + 2 * SECOND));
        assertThat(balances(6, f -> { })).as("the expiry adds no row").containsExactlyElementsOf(expected);
        assertThat(balances(6, f -> f.flags = Wire.FILTER_DEBITS))
            .containsExactly(expected.get(1), expected.get(2), expected.get(3));
        assertThat(balances(6, f -> f.flags = Wire.FILTER_CREDITS)).containsExactly(expected.get(0), expected.get(4));
        assertThat(balances(6, f ->
        {
            f.limit = 1;
            f.flags |= Wire.FILTER_REVERSED;
        })).containsExactly(expected.get(4));
        assertThat(balances(6, f ->
        {
            f.timestampMin = T1 + 1000;
            f.timestampMax = T1 + 2000;
        })).containsExactly(expected.get(1), expected.get(2));
        assertThat(balances(6, f -> f.code = 9)).isEmpty();
        assertThat(balances(6, f -> f.limit = 0)).isEmpty();

        assertThat(balances(1, f -> { })).as("account 1 keeps no history").isEmpty();
        assertThat(accountTransfers(1, f -> { })).containsExactly(20L, 23L, 24L);
        assertThat(balances(99, f -> { })).isEmpty();
    }

    private static LedgerDriver.Balance balance(
        final long debitsPending, final long debitsPosted, final long creditsPending, final long creditsPosted,
        final long timestamp)
    {
        return new LedgerDriver.Balance(u128(debitsPending), u128(debitsPosted), u128(creditsPending),
            u128(creditsPosted), timestamp);
    }

    private List<LedgerDriver.Balance> balances(
        final long accountId, final Consumer<LedgerDriver.AccountFilter> change)
    {
        final LedgerDriver.AccountFilter filter = LedgerDriver.AccountFilter.of(u128(accountId));
        change.accept(filter);
        return driver.accountBalances(filter);
    }

    // ---------------------------------------------------------------------------------------------------------
    // query_accounts

    /** Accounts 1..4 at T0..T0 + 3 and account 5 (a twin of 1) at T1. */
    private void queryAccountsFixture()
    {
        openAccounts(T0,
            account(1, a -> userData(a, 7, 8, 9)),
            account(2, a ->
            {
                userData(a, 7, 0, 0);
                a.code = 2;
            }),
            account(3, a ->
            {
                userData(a, 0, 8, 9);
                a.ledger = 2;
            }),
            account(4, a ->
            {
                userData(a, 7, 8, 10);
                a.ledger = 2;
                a.code = 2;
            }));
        openAccounts(T1, account(5, a -> userData(a, 7, 8, 9)));
    }

    private static void userData(
        final AccountRecord account, final long userData128, final long userData64, final int userData32)
    {
        account.userData128 = u128(userData128);
        account.userData64 = userData64;
        account.userData32 = userData32;
    }

    private List<Long> queryAccounts(final Consumer<LedgerDriver.QueryFilter> change)
    {
        final LedgerDriver.QueryFilter filter = new LedgerDriver.QueryFilter();
        change.accept(filter);
        return driver.queryAccounts(filter).stream().map(a -> a.id.longValueExact()).toList();
    }

    @Test
    void shouldQueryAccountsByEachFieldAndByAllOfThem()
    {
        queryAccountsFixture();
        assertThat(queryAccounts(f -> { })).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(queryAccounts(f -> f.userData128 = u128(7))).containsExactly(1L, 2L, 4L, 5L);
        assertThat(queryAccounts(f -> f.userData128 = u128(7).shiftLeft(64))).isEmpty();
        assertThat(queryAccounts(f -> f.userData64 = 8)).containsExactly(1L, 3L, 4L, 5L);
        assertThat(queryAccounts(f -> f.userData32 = 9)).containsExactly(1L, 3L, 5L);
        assertThat(queryAccounts(f -> f.ledger = 2)).containsExactly(3L, 4L);
        assertThat(queryAccounts(f -> f.code = 2)).containsExactly(2L, 4L);
        assertThat(queryAccounts(f ->
        {
            f.userData128 = u128(7);
            f.ledger = 1;
            f.code = 1;
        })).containsExactly(1L, 5L);
        assertThat(queryAccounts(f ->
        {
            f.userData64 = 8;
            f.userData32 = 10;
        })).containsExactly(4L);
        assertThat(queryAccounts(f ->
        {
            f.ledger = 2;
            f.code = 1;
            f.userData32 = 10;
        })).isEmpty();
        assertThat(driver.queryAccounts(new LedgerDriver.QueryFilter()).get(4)).isEqualTo(driver.account(5));
    }

    @Test
    void shouldQueryAccountsByTimestampRangeReversedAndLimited()
    {
        queryAccountsFixture();
        assertThat(queryAccounts(f -> f.flags = Wire.QUERY_REVERSED)).containsExactly(5L, 4L, 3L, 2L, 1L);
        assertThat(queryAccounts(f -> f.limit = 2)).containsExactly(1L, 2L);
        assertThat(queryAccounts(f ->
        {
            f.limit = 2;
            f.flags = Wire.QUERY_REVERSED;
        })).containsExactly(5L, 4L);
        assertThat(queryAccounts(f ->
        {
            f.timestampMin = T0 + 1;
            f.timestampMax = T0 + 3;
        })).containsExactly(2L, 3L, 4L);
        assertThat(queryAccounts(f ->
        {
            f.timestampMin = T0 + 1;
            f.timestampMax = T0 + 3;
            f.flags = Wire.QUERY_REVERSED;
        })).containsExactly(4L, 3L, 2L);
        assertThat(queryAccounts(f -> f.timestampMin = T0 + 4)).containsExactly(5L);
        assertThat(queryAccounts(f -> f.timestampMax = T0)).containsExactly(1L);
        assertThat(queryAccounts(f ->
        {
            f.timestampMin = T0 + 2;
            f.timestampMax = T0 + 2;
        })).containsExactly(3L);
        assertThat(queryAccounts(f ->
        {
            f.ledger = 1;
            f.timestampMin = T0 + 1;
            f.flags = Wire.QUERY_REVERSED;
            f.limit = 1;
        })).containsExactly(5L);
        assertThat(queryAccounts(f -> f.timestampMin = T1 + 1)).isEmpty();
    }

    @Test
    void shouldAnswerNoRowsForAnInvalidQueryFilter()
    {
        queryAccountsFixture();
        ok(T1 + 1000, transfer(10, 1, 5, 1));
        for (final Consumer<LedgerDriver.QueryFilter> invalid : List.<Consumer<LedgerDriver.QueryFilter>>of(
            f -> f.limit = 0,
            f -> f.flags = 2,
            f ->
            {
                f.timestampMin = T0 + 2;
                f.timestampMax = T0 + 1;
            },
            f -> f.timestampMin = Long.MIN_VALUE,
            f -> f.timestampMax = -1L))
        {
            final LedgerDriver.QueryFilter filter = new LedgerDriver.QueryFilter();
            invalid.accept(filter);
            assertThat(driver.queryAccounts(filter)).isEmpty();
            assertThat(driver.queryTransfers(filter)).isEmpty();
        }
        new LedgerDriver.QueryFilter().encode(raw, 0);
        assertThat(driver.ledger().queryAccounts(raw, 0, rows, 0)).isEqualTo(5);
        assertThat(driver.ledger().queryTransfers(raw, 0, rows, 0)).isEqualTo(1);
        raw.putByte(Wire.QUERY_RESERVED, (byte)1);
        assertThat(driver.ledger().queryAccounts(raw, 0, rows, 0)).isZero();
        assertThat(driver.ledger().queryTransfers(raw, 0, rows, 0)).isZero();
    }

    // ---------------------------------------------------------------------------------------------------------
    // query_transfers

    /** Accounts 1, 2 (ledger 1) and 3, 4 (ledger 2); transfers 10..15 at T1..T1 + 5. */
    private void queryTransfersFixture()
    {
        openAccounts(T0, AccountRecord.of(1, 1, 1, 0), AccountRecord.of(2, 1, 1, 0), AccountRecord.of(3, 2, 1, 0),
            AccountRecord.of(4, 2, 1, 0));
        ok(T1,
            transfer(10, 1, 2, 1, t -> t.userData128 = u128(7)),
            transfer(11, 1, 2, 1, t ->
            {
                t.userData64 = 8;
                t.code = 2;
            }),
            transfer(12, 3, 4, 1, t ->
            {
                t.ledger = 2;
                t.userData128 = u128(7);
                t.userData32 = 9;
            }),
            transfer(13, 3, 4, 1, t ->
            {
                t.ledger = 2;
                t.code = 2;
                t.userData128 = u128(7);
                t.userData64 = 8;
            }),
            transfer(14, 1, 2, 1, t ->
            {
                t.flags = TransferFlags.PENDING;
                t.userData32 = 9;
            }),
            post(15, 14, MAX));
    }

    private List<Long> queryTransfers(final Consumer<LedgerDriver.QueryFilter> change)
    {
        final LedgerDriver.QueryFilter filter = new LedgerDriver.QueryFilter();
        change.accept(filter);
        return driver.queryTransfers(filter).stream().map(t -> t.id.longValueExact()).toList();
    }

    @Test
    void shouldQueryTransfersByEachFieldAndByAllOfThem()
    {
        queryTransfersFixture();
        assertThat(queryTransfers(f -> { })).containsExactly(10L, 11L, 12L, 13L, 14L, 15L);
        assertThat(queryTransfers(f -> f.ledger = 2)).containsExactly(12L, 13L);
        assertThat(queryTransfers(f -> f.code = 2)).containsExactly(11L, 13L);
        assertThat(queryTransfers(f -> f.userData128 = u128(7))).containsExactly(10L, 12L, 13L);
        assertThat(queryTransfers(f -> f.userData64 = 8)).containsExactly(11L, 13L);
        assertThat(queryTransfers(f -> f.userData32 = 9)).as("the post inherits user_data_32")
            .containsExactly(12L, 14L, 15L);
        assertThat(queryTransfers(f ->
        {
            f.userData128 = u128(7);
            f.code = 1;
        })).containsExactly(10L, 12L);
        assertThat(queryTransfers(f ->
        {
            f.ledger = 1;
            f.userData32 = 9;
        })).containsExactly(14L, 15L);
        assertThat(queryTransfers(f ->
        {
            f.ledger = 2;
            f.code = 2;
            f.userData64 = 8;
            f.userData128 = u128(7);
        })).containsExactly(13L);
        assertThat(driver.queryTransfers(new LedgerDriver.QueryFilter()).get(5)).isEqualTo(driver.transfer(15));
    }

    @Test
    void shouldQueryTransfersByTimestampRangeReversedAndLimited()
    {
        queryTransfersFixture();
        assertThat(queryTransfers(f -> f.flags = Wire.QUERY_REVERSED)).containsExactly(15L, 14L, 13L, 12L, 11L, 10L);
        assertThat(queryTransfers(f -> f.limit = 3)).containsExactly(10L, 11L, 12L);
        assertThat(queryTransfers(f ->
        {
            f.limit = 2;
            f.flags = Wire.QUERY_REVERSED;
        })).containsExactly(15L, 14L);
        assertThat(queryTransfers(f ->
        {
            f.timestampMin = T1 + 2;
            f.timestampMax = T1 + 4;
        })).containsExactly(12L, 13L, 14L);
        assertThat(queryTransfers(f ->
        {
            f.timestampMin = T1 + 2;
            f.timestampMax = T1 + 4;
            f.flags = Wire.QUERY_REVERSED;
            f.limit = 2;
        })).containsExactly(14L, 13L);
        assertThat(queryTransfers(f ->
        {
            f.ledger = 1;
            f.timestampMin = T1 + 1;
            f.timestampMax = T1 + 4;
        })).containsExactly(11L, 14L);
        assertThat(queryTransfers(f -> f.timestampMax = T1 - 1)).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Lookups

    @Test
    void shouldSkipMissingIdsInLookups()
    {
        openAccounts(T0, AccountRecord.of(1, 1, 1, 0), AccountRecord.of(2, 1, 1, 0));
        ok(T1, transfer(10, 1, 2, 1), transfer(11, 2, 1, 1));
        assertThat(driver.createTransfers(T1 + 1000, List.of(transfer(12, 9, 1, 1))))
            .containsExactly(DEBIT_ACCOUNT_NOT_FOUND);

        assertThat(driver.lookupAccounts(List.of(u128(2), u128(99), BigInteger.ZERO, MAX, u128(1))))
            .extracting(a -> a.id).containsExactly(u128(2), u128(1));
        assertThat(driver.lookupAccounts(List.of(u128(1).shiftLeft(64).add(u128(1))))).isEmpty();
        assertThat(driver.lookupTransfers(List.of(u128(12), u128(11), u128(999), u128(10))))
            .as("a burned id is not a transfer").extracting(t -> t.id).containsExactly(u128(11), u128(10));
        assertThat(driver.lookupTransfers(List.of(u128(12)))).isEmpty();
    }
}
