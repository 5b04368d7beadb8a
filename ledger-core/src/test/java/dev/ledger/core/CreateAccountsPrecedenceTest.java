package dev.ledger.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.ledger.core.CreateAccountResult.*;
import static dev.ledger.core.LedgerEvents.account;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The precedence table of {@code create_accounts}: one row per result code, highest precedence first. Each row
 * is a batch applied at {@link #NOW} to a fresh ledger holding {@link #fixture(LedgerDriver)}; the event under
 * test also breaks rules of lower precedence wherever that is possible, so that the row proves the order.
 * Every row checks the result of every event of its batch, and that failed events changed nothing.
 */
class CreateAccountsPrecedenceTest
{
    static final long T0 = 1_000_000_000_000L;
    static final long T1 = T0 + 1_000_000L;
    static final long NOW = T0 + 1_000_000_000L;
    static final BigInteger MAX = UInt128.MAX;
    static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    static final BigInteger UD128 = TWO_64.add(BigInteger.valueOf(5));
    static final int RESERVED_FLAG_BIT = 1 << 6;
    static final int LIMIT_FLAGS =
        AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS | AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS;

    /** One batch and the result expected for each of its events; {@code focus} is the event the row is about. */
    record Row(String name, List<AccountRecord> events, List<CreateAccountResult> expected, int focus)
    {
        CreateAccountResult code()
        {
            return expected.get(focus);
        }

        @Override
        public String toString()
        {
            return code().wireName() + ": " + name;
        }
    }

    /**
     * Account 1 (ledger 1, code 10, history, user data with both 64-bit halves set) at T0, account 2 at T0 + 1,
     * and transfer 100 between them at T1, so that a timestamp can collide with a transfer.
     */
    static void fixture(final LedgerDriver driver)
    {
        assertThat(driver.createAccounts(T0, List.of(account1(), account(2, a -> { }))))
            .containsExactly(OK, OK);
        assertThat(driver.createTransfers(T1, List.of(TransferRecord.of(100, 1, 2, 5, 1, 1, 0))))
            .containsExactly(CreateTransferResult.OK);
    }

    static AccountRecord account1()
    {
        return account(1, a ->
        {
            a.code = 10;
            a.flags = AccountFlags.HISTORY;
            a.userData128 = UD128;
            a.userData64 = -1L;
            a.userData32 = 7;
        });
    }

    static AccountRecord existing(final Consumer<AccountRecord> change)
    {
        final AccountRecord account = account1();
        change.accept(account);
        return account;
    }

    static Row row(final String name, final List<AccountRecord> events, final CreateAccountResult... expected)
    {
        return row(name, events, expected.length - 1, expected);
    }

    static Row row(
        final String name, final List<AccountRecord> events, final int focus, final CreateAccountResult... expected)
    {
        return new Row(name, events, List.of(expected), focus);
    }

    static Stream<Row> rows()
    {
        return Stream.of(
            row("a failed chain fails its later events before any other check (id 0, timestamp, ledger 0)",
                List.of(
                    account(50, a -> a.flags = AccountFlags.LINKED),
                    account(0, a -> a.flags = AccountFlags.LINKED),
                    account(0, a ->
                    {
                        a.ledger = 0;
                        a.timestamp = 9;
                        a.reserved = 1;
                    })),
                LINKED_EVENT_FAILED, ID_MUST_NOT_BE_ZERO, LINKED_EVENT_FAILED),
            row("a valid event before the failing one is rolled back",
                List.of(account(50, a -> a.flags = AccountFlags.LINKED), account(51, a -> a.ledger = 0)),
                0, LINKED_EVENT_FAILED, LEDGER_MUST_NOT_BE_ZERO),
            row("linked last event, also id 0, ledger 0, timestamp and reserved field",
                List.of(account(0, a ->
                {
                    a.flags = AccountFlags.LINKED;
                    a.ledger = 0;
                    a.timestamp = 9;
                    a.reserved = 1;
                })),
                LINKED_EVENT_CHAIN_OPEN),
            row("valid chain left open: the open event fails the chain",
                List.of(
                    account(50, a -> a.flags = AccountFlags.LINKED),
                    account(51, a -> a.flags = AccountFlags.LINKED)),
                LINKED_EVENT_FAILED, LINKED_EVENT_CHAIN_OPEN),
            row("chain already broken: chain_open is still checked first (sm.zig execute_create)",
                List.of(
                    account(0, a -> a.flags = AccountFlags.LINKED),
                    account(51, a -> a.flags = AccountFlags.LINKED)),
                ID_MUST_NOT_BE_ZERO, LINKED_EVENT_CHAIN_OPEN),
            row("first event imported, this one not (also timestamp 9, reserved field)",
                List.of(
                    account(0, a -> a.flags = AccountFlags.IMPORTED),
                    account(52, a ->
                    {
                        a.timestamp = 9;
                        a.reserved = 1;
                    })),
                IMPORTED_EVENT_TIMESTAMP_OUT_OF_RANGE, IMPORTED_EVENT_EXPECTED),
            row("first event not imported, this one is (also timestamp 0, reserved field)",
                List.of(
                    account(0, a -> { }),
                    account(52, a ->
                    {
                        a.flags = AccountFlags.IMPORTED;
                        a.reserved = 1;
                    })),
                ID_MUST_NOT_BE_ZERO, IMPORTED_EVENT_NOT_EXPECTED),
            row("timestamp 9 without imported (also reserved field and flag, id 0)",
                List.of(account(0, a ->
                {
                    a.timestamp = 9;
                    a.reserved = 1;
                    a.flags = RESERVED_FLAG_BIT;
                })),
                TIMESTAMP_MUST_BE_ZERO),
            row("imported with timestamp 0 (also reserved field)",
                List.of(account(52, a ->
                {
                    a.flags = AccountFlags.IMPORTED;
                    a.reserved = 1;
                })),
                IMPORTED_EVENT_TIMESTAMP_OUT_OF_RANGE),
            row("imported with timestamp 2^63 (also id 0)",
                List.of(account(0, a ->
                {
                    a.flags = AccountFlags.IMPORTED;
                    a.timestamp = Long.MIN_VALUE;
                })),
                IMPORTED_EVENT_TIMESTAMP_OUT_OF_RANGE),
            row("imported with timestamp 2^64-1",
                List.of(account(52, a ->
                {
                    a.flags = AccountFlags.IMPORTED;
                    a.timestamp = -1L;
                })),
                IMPORTED_EVENT_TIMESTAMP_OUT_OF_RANGE),
            row("imported with the batch's own timestamp (also reserved field)",
                List.of(account(52, a ->
                {
                    a.flags = AccountFlags.IMPORTED;
                    a.timestamp = NOW;
                    a.reserved = 1;
                })),
                IMPORTED_EVENT_TIMESTAMP_MUST_NOT_ADVANCE),
            row("imported with the last event's timestamp of a two-event batch",
                List.of(
                    account(0, a ->
                    {
                        a.flags = AccountFlags.IMPORTED;
                        a.timestamp = NOW - 1;
                    }),
                    account(52, a ->
                    {
                        a.flags = AccountFlags.IMPORTED;
                        a.timestamp = NOW + 1;
                    })),
                ID_MUST_NOT_BE_ZERO, IMPORTED_EVENT_TIMESTAMP_MUST_NOT_ADVANCE),
            row("reserved field (also reserved flag, id 0)",
                List.of(account(0, a ->
                {
                    a.reserved = 1;
                    a.flags = RESERVED_FLAG_BIT;
                })),
                RESERVED_FIELD),
            row("reserved flag bit 6 (also id 0, ledger 0)",
                List.of(account(0, a ->
                {
                    a.flags = RESERVED_FLAG_BIT;
                    a.ledger = 0;
                })),
                RESERVED_FLAG),
            row("reserved flag bit 15 on an existing id",
                List.of(existing(a -> a.flags = 1 << 15)),
                RESERVED_FLAG),
            row("id 0 (also mutually exclusive flags, ledger 0)",
                List.of(account(0, a ->
                {
                    a.flags = LIMIT_FLAGS;
                    a.ledger = 0;
                })),
                ID_MUST_NOT_BE_ZERO),
            row("id 2^128-1 (also ledger 0, debits_pending)",
                List.of(account(MAX, a ->
                {
                    a.ledger = 0;
                    a.debitsPending = BigInteger.ONE;
                })),
                ID_MUST_NOT_BE_INT_MAX),
            row("existing id, different flags (also user data, ledger 0, balances, mutually exclusive flags)",
                List.of(existing(a ->
                {
                    a.flags = LIMIT_FLAGS;
                    a.userData128 = BigInteger.ONE;
                    a.ledger = 0;
                    a.debitsPending = BigInteger.ONE;
                })),
                EXISTS_WITH_DIFFERENT_FLAGS),
            row("existing id, user_data_128 differs in the high half only (also user_data_64)",
                List.of(existing(a ->
                {
                    a.userData128 = BigInteger.valueOf(5);
                    a.userData64 = 1;
                })),
                EXISTS_WITH_DIFFERENT_USER_DATA_128),
            row("existing id, user_data_64 (also user_data_32)",
                List.of(existing(a ->
                {
                    a.userData64 = Long.MAX_VALUE;
                    a.userData32 = 8;
                })),
                EXISTS_WITH_DIFFERENT_USER_DATA_64),
            row("existing id, user_data_32 (also ledger)",
                List.of(existing(a ->
                {
                    a.userData32 = 0;
                    a.ledger = 2;
                })),
                EXISTS_WITH_DIFFERENT_USER_DATA_32),
            row("existing id, ledger 0 (also code 0)",
                List.of(existing(a ->
                {
                    a.ledger = 0;
                    a.code = 0;
                })),
                EXISTS_WITH_DIFFERENT_LEDGER),
            row("existing id, code 0 (also credits_posted)",
                List.of(existing(a ->
                {
                    a.code = 0;
                    a.creditsPosted = BigInteger.TEN;
                })),
                EXISTS_WITH_DIFFERENT_CODE),
            row("existing id, every compared field equal (balances are not compared)",
                List.of(existing(a ->
                {
                    a.debitsPending = BigInteger.valueOf(7);
                    a.creditsPosted = MAX;
                })),
                EXISTS),
            row("new id, both limit flags (also debits_pending, ledger 0)",
                List.of(account(60, a ->
                {
                    a.flags = LIMIT_FLAGS | AccountFlags.HISTORY;
                    a.debitsPending = BigInteger.ONE;
                    a.ledger = 0;
                })),
                FLAGS_ARE_MUTUALLY_EXCLUSIVE),
            row("debits_pending 2^64, high half only (also debits_posted)",
                List.of(account(60, a ->
                {
                    a.debitsPending = TWO_64;
                    a.debitsPosted = BigInteger.ONE;
                })),
                DEBITS_PENDING_MUST_BE_ZERO),
            row("debits_posted 2^64 (also credits_pending)",
                List.of(account(60, a ->
                {
                    a.debitsPosted = TWO_64;
                    a.creditsPending = BigInteger.ONE;
                })),
                DEBITS_POSTED_MUST_BE_ZERO),
            row("credits_pending 1 (also credits_posted)",
                List.of(account(60, a ->
                {
                    a.creditsPending = BigInteger.ONE;
                    a.creditsPosted = BigInteger.ONE;
                })),
                CREDITS_PENDING_MUST_BE_ZERO),
            row("credits_posted 2^127 (also ledger 0)",
                List.of(account(60, a ->
                {
                    a.creditsPosted = BigInteger.ONE.shiftLeft(127);
                    a.ledger = 0;
                })),
                CREDITS_POSTED_MUST_BE_ZERO),
            row("ledger 0 (also code 0)",
                List.of(account(60, a ->
                {
                    a.ledger = 0;
                    a.code = 0;
                })),
                LEDGER_MUST_NOT_BE_ZERO),
            row("code 0 (also an imported timestamp that regresses)",
                List.of(account(60, a ->
                {
                    a.code = 0;
                    a.flags = AccountFlags.IMPORTED;
                    a.timestamp = T0;
                })),
                CODE_MUST_NOT_BE_ZERO),
            row("imported at the last account's timestamp",
                List.of(account(60, a ->
                {
                    a.flags = AccountFlags.IMPORTED;
                    a.timestamp = T0 + 1;
                })),
                IMPORTED_EVENT_TIMESTAMP_MUST_NOT_REGRESS),
            row("imported at a transfer's timestamp (after every account)",
                List.of(account(60, a ->
                {
                    a.flags = AccountFlags.IMPORTED;
                    a.timestamp = T1;
                })),
                IMPORTED_EVENT_TIMESTAMP_MUST_NOT_REGRESS),
            row("imported, and a second imported event below the first",
                List.of(
                    account(60, a ->
                    {
                        a.flags = AccountFlags.IMPORTED;
                        a.timestamp = T1 + 2;
                    }),
                    account(61, a ->
                    {
                        a.flags = AccountFlags.IMPORTED;
                        a.timestamp = T1 + 1;
                    })),
                OK, IMPORTED_EVENT_TIMESTAMP_MUST_NOT_REGRESS),
            row("a valid account",
                List.of(account(60, a -> a.flags = AccountFlags.CLOSED | AccountFlags.HISTORY)),
                OK),
            row("a valid imported account just after the last account, just below the batch timestamp",
                List.of(
                    account(60, a ->
                    {
                        a.flags = AccountFlags.IMPORTED;
                        a.timestamp = T0 + 2;
                    }),
                    account(61, a ->
                    {
                        a.flags = AccountFlags.IMPORTED;
                        a.timestamp = NOW;
                    })),
                OK, OK));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void shouldAnswerTheFirstApplicableCode(final Row row)
    {
        final LedgerDriver driver = new LedgerDriver(new LedgerConfig(64, 64, LedgerConfig.HISTORY_MIN));
        fixture(driver);
        final List<BigInteger> ids = new ArrayList<>(List.of(BigInteger.ONE, BigInteger.TWO));
        final List<AccountRecord> before = driver.lookupAccounts(ids);
        final int countBefore = driver.ledger().accountCount();
        final int transfersBefore = driver.ledger().transferCount();

        final List<CreateAccountResult> results = driver.createAccounts(NOW, row.events());

        assertThat(driver.lastBatchStatus()).isEqualTo(BatchStatus.OK);
        assertThat(results).as(row.toString()).containsExactlyElementsOf(row.expected());
        assertThat(driver.lookupAccounts(ids)).as("pre-existing accounts").containsExactlyElementsOf(before);
        assertThat(driver.ledger().transferCount()).isEqualTo(transfersBefore);
        final long created = results.stream().filter(r -> r == OK).count();
        assertThat(driver.ledger().accountCount()).isEqualTo(countBefore + (int)created);
        for (int i = 0; i < results.size(); i++)
        {
            final AccountRecord event = row.events().get(i);
            final AccountRecord found = driver.account(event.id);
            if (results.get(i) == OK)
            {
                final AccountRecord expected = event.copy();
                expected.timestamp = (event.flags & AccountFlags.IMPORTED) != 0 ? event.timestamp : NOW + i;
                assertThat(found).isEqualTo(expected);
            }
            else if (!ids.contains(event.id))
            {
                assertThat(found).as("event %d failed and must leave no account", i).isNull();
            }
        }
    }

    @Test
    void shouldCoverEveryResultCodeInPrecedenceOrder()
    {
        LedgerEvents.assertCoversInPrecedenceOrder(rows().map(Row::code).toList(), CreateAccountResult.class, OK);
    }

    @Test
    void shouldNumberTheCodesAsResultCodesMd()
    {
        assertThat(CreateAccountResult.values()).hasSize(27);
        for (final CreateAccountResult result : CreateAccountResult.values())
        {
            assertThat(CreateAccountResult.of(result.code())).isSameAs(result);
            assertThat(result.code()).isEqualTo(result.ordinal());
            assertThat(result.isTransient()).isFalse();
        }
    }
}
