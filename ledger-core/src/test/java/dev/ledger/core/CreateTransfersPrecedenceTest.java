package dev.ledger.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.ledger.core.CreateTransferResult.*;
import static dev.ledger.core.LedgerEvents.post;
import static dev.ledger.core.LedgerEvents.transfer;
import static dev.ledger.core.LedgerEvents.voidPending;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The precedence table of {@code create_transfers}: one row (or a few) per result code, highest precedence
 * first, on the normal path and on the post/void path. Each row applies its own setup to a fresh ledger holding
 * {@link #fixture(LedgerDriver)}, then one batch; the event under test also breaks rules of lower precedence
 * wherever that is possible, so that the row proves the order. Every row checks the result of every event of
 * its batch, that failed events changed nothing, and that transient failures burned their ids.
 */
class CreateTransfersPrecedenceTest
{
    static final long T0 = 1_000_000_000_000L;
    /** The fixture's transfers: 100 at T1, 200 at T1 + 1, ..., 205 at T1 + 6. */
    static final long T1 = T0 + 1_000_000L;
    /** The fixture expires transfer 205 (deadline T1 + 6 + 1 s) at T2. */
    static final long T2 = T1 + 2_000_000_000L;
    /** Rows' setups run at SETUP, SETUP + 1000, ... */
    static final long SETUP = T2 + 1_000L;
    /** Rows' batches run at NOW unless they say otherwise. */
    static final long NOW = T1 + 3_000_000_000L;
    static final long SECOND_NS = 1_000_000_000L;

    static final BigInteger MAX = UInt128.MAX;
    static final BigInteger TWO_127 = BigInteger.ONE.shiftLeft(127);
    static final int RESERVED_FLAG_BIT = 1 << 9;
    static final int LINKED = TransferFlags.LINKED;
    static final int PENDING = TransferFlags.PENDING;
    static final int POST = TransferFlags.POST_PENDING_TRANSFER;
    static final int VOID = TransferFlags.VOID_PENDING_TRANSFER;
    static final int IMPORTED = TransferFlags.IMPORTED;

    static final long[] FIXTURE_ACCOUNTS = { 1, 2, 3, 4, 5, 6, 10, 11, 12, 13 };
    static final long[] FIXTURE_TRANSFERS = { 100, 200, 201, 202, 203, 204, 205 };

    /** A row: setup beyond the fixture, one batch at {@code clusterTimeNs}, the expected results. */
    record Row(
        String name,
        Consumer<LedgerDriver> setup,
        long clusterTimeNs,
        List<TransferRecord> events,
        List<CreateTransferResult> expected,
        int focus)
    {
        CreateTransferResult code()
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
     * Accounts at T0..T0 + 9: 1, 2 (ledger 1), 3 (ledger 2), 4 (debits_must_not_exceed_credits),
     * 5 (credits_must_not_exceed_debits), 6 (history), 10..13 (ledger 1, for overflows). Transfers from 1 to 2
     * at T1..T1 + 6: 100 single-phase 10; 200 pending 50; 201 pending 30, posted in full by 202; 203 pending 20,
     * voided by 204; 205 pending 5 with a 1 s timeout, expired at T2. Account 1 then has debits 50 pending and
     * 40 posted, account 2 the same credits.
     */
    static void fixture(final LedgerDriver driver)
    {
        final List<AccountRecord> accounts = new ArrayList<>();
        for (final long id : FIXTURE_ACCOUNTS)
        {
            final int flags = id == 4 ? AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS :
                id == 5 ? AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS : id == 6 ? AccountFlags.HISTORY : 0;
            accounts.add(AccountRecord.of(id, id == 3 ? 2 : 1, 1, flags));
        }
        assertThat(driver.createAccounts(T0, accounts)).containsOnly(CreateAccountResult.OK);
        apply(driver, T1,
            transfer(100, 1, 2, 10, t ->
            {
                t.userData128 = BigInteger.valueOf(7);
                t.userData64 = 8;
                t.userData32 = 9;
            }),
            transfer(200, 1, 2, 50, t ->
            {
                t.flags = PENDING;
                t.userData128 = BigInteger.valueOf(70);
                t.userData64 = 80;
                t.userData32 = 90;
            }),
            transfer(201, 1, 2, 30, t -> t.flags = PENDING),
            post(202, 201, MAX, t -> { }),
            transfer(203, 1, 2, 20, t -> t.flags = PENDING),
            voidPending(204, 203, t -> { }),
            transfer(205, 1, 2, 5, t ->
            {
                t.flags = PENDING;
                t.timeout = 1;
            }));
        assertThat(driver.ledger().expirePendingTransfers(T2)).isEqualTo(1);
    }

    /** Applies a setup batch that must succeed in full. */
    static void apply(final LedgerDriver driver, final long clusterTimeNs, final TransferRecord... transfers)
    {
        assertThat(driver.createTransfers(clusterTimeNs, List.of(transfers))).as("setup batch").containsOnly(OK);
    }

    static Consumer<LedgerDriver> setup(final TransferRecord... transfers)
    {
        return driver -> apply(driver, SETUP, transfers);
    }

    static Consumer<LedgerDriver> createAccounts(final long... ids)
    {
        return driver ->
        {
            for (int i = 0; i < ids.length; i++)
            {
                assertThat(driver.createAccounts(SETUP + i * 1000L, List.of(AccountRecord.of(ids[i], 1, 1, 0))))
                    .containsExactly(CreateAccountResult.OK);
            }
        };
    }

    static final Consumer<LedgerDriver> NO_SETUP = driver -> { };

    static Row row(final String name, final TransferRecord event, final CreateTransferResult expected)
    {
        return new Row(name, NO_SETUP, NOW, List.of(event), List.of(expected), 0);
    }

    static Row row(
        final String name,
        final Consumer<LedgerDriver> setup,
        final TransferRecord event,
        final CreateTransferResult expected)
    {
        return new Row(name, setup, NOW, List.of(event), List.of(expected), 0);
    }

    static Row row(
        final String name,
        final Consumer<LedgerDriver> setup,
        final long clusterTimeNs,
        final List<TransferRecord> events,
        final int focus,
        final CreateTransferResult... expected)
    {
        return new Row(name, setup, clusterTimeNs, events, List.of(expected), focus);
    }

    static Stream<Row> rows()
    {
        return Stream.of(chainRows(), timestampRows(), idRows(), existsRows(), fieldRows(), accountRows(),
            pendingRows(), importedRows(), balanceRows()).flatMap(s -> s);
    }

    static Stream<Row> chainRows()
    {
        return Stream.of(
            row("a failed chain fails its later events first (id 0, timestamp, reserved flag)", NO_SETUP, NOW,
                List.of(
                    transfer(300, 1, 2, 1, t -> t.flags = LINKED),
                    transfer(0, 1, 2, 1, t -> t.flags = LINKED),
                    transfer(0, 1, 2, 1, t ->
                    {
                        t.timestamp = 5;
                        t.flags = RESERVED_FLAG_BIT;
                    })),
                2, LINKED_EVENT_FAILED, ID_MUST_NOT_BE_ZERO, LINKED_EVENT_FAILED),
            row("a valid transfer before a transient failure is rolled back", NO_SETUP, NOW,
                List.of(transfer(300, 1, 2, 1, t -> t.flags = LINKED), transfer(301, 4, 2, 1, t -> { })),
                0, LINKED_EVENT_FAILED, EXCEEDS_CREDITS),
            row("a post and a closing transfer before the failure are rolled back", NO_SETUP, NOW,
                List.of(
                    post(300, 200, MAX, t -> t.flags |= LINKED),
                    transfer(301, 10, 11, 0, t -> t.flags = LINKED | PENDING | TransferFlags.CLOSING_DEBIT),
                    transfer(302, 1, 2, 1, t -> t.ledger = 0)),
                1, LINKED_EVENT_FAILED, LINKED_EVENT_FAILED, LEDGER_MUST_NOT_BE_ZERO),
            row("linked last event, also id 0 and timestamp 5", NO_SETUP, NOW,
                List.of(transfer(0, 1, 2, 1, t ->
                {
                    t.flags = LINKED;
                    t.timestamp = 5;
                })),
                0, LINKED_EVENT_CHAIN_OPEN),
            row("valid chain left open: the open event fails the chain", NO_SETUP, NOW,
                List.of(transfer(300, 1, 2, 1, t -> t.flags = LINKED), transfer(301, 1, 2, 1, t -> t.flags = LINKED)),
                1, LINKED_EVENT_FAILED, LINKED_EVENT_CHAIN_OPEN),
            row("chain already broken: chain_open is still checked first (sm.zig execute_create)", NO_SETUP, NOW,
                List.of(transfer(300, 4, 2, 1, t -> t.flags = LINKED), transfer(301, 1, 2, 1, t -> t.flags = LINKED)),
                1, EXCEEDS_CREDITS, LINKED_EVENT_CHAIN_OPEN));
    }

    static Stream<Row> timestampRows()
    {
        return Stream.of(
            row("first event imported, this one not (also timestamp 5, id 0)", NO_SETUP, NOW,
                List.of(transfer(0, 1, 2, 1, t -> t.flags = IMPORTED), transfer(0, 1, 2, 1, t -> t.timestamp = 5)),
                1, IMPORTED_EVENT_TIMESTAMP_OUT_OF_RANGE, IMPORTED_EVENT_EXPECTED),
            row("first event not imported, this one is (also timestamp 0, reserved flag)", NO_SETUP, NOW,
                List.of(
                    transfer(0, 1, 2, 1, t -> { }),
                    transfer(300, 1, 2, 1, t -> t.flags = IMPORTED | RESERVED_FLAG_BIT)),
                1, ID_MUST_NOT_BE_ZERO, IMPORTED_EVENT_NOT_EXPECTED),
            row("timestamp 1 without imported (also reserved flag, id 0)",
                transfer(0, 1, 2, 1, t ->
                {
                    t.timestamp = 1;
                    t.flags = RESERVED_FLAG_BIT;
                }),
                TIMESTAMP_MUST_BE_ZERO),
            row("imported with timestamp 0 (also reserved flag)",
                transfer(300, 1, 2, 1, t -> t.flags = IMPORTED | RESERVED_FLAG_BIT),
                IMPORTED_EVENT_TIMESTAMP_OUT_OF_RANGE),
            row("imported with timestamp 2^63 (also id 0)",
                transfer(0, 1, 2, 1, t ->
                {
                    t.flags = IMPORTED;
                    t.timestamp = Long.MIN_VALUE;
                }),
                IMPORTED_EVENT_TIMESTAMP_OUT_OF_RANGE),
            row("imported with the batch's timestamp (also reserved flag)",
                transfer(300, 1, 2, 1, t ->
                {
                    t.flags = IMPORTED | RESERVED_FLAG_BIT;
                    t.timestamp = NOW;
                }),
                IMPORTED_EVENT_TIMESTAMP_MUST_NOT_ADVANCE));
    }

    static Stream<Row> idRows()
    {
        return Stream.of(
            row("reserved flag bit 9 (also id 0)", transfer(0, 1, 2, 1, t -> t.flags = RESERVED_FLAG_BIT),
                RESERVED_FLAG),
            row("reserved flag bit 15 on an existing id", transfer(100, 1, 2, 10, t -> t.flags = 1 << 15),
                RESERVED_FLAG),
            row("id 0 (also debit account 0)", transfer(0, 0, 2, 1, t -> { }), ID_MUST_NOT_BE_ZERO),
            row("id 2^128-1 (also debit account 0)",
                transfer(0, 0, 2, 1, t -> t.id = MAX), ID_MUST_NOT_BE_INT_MAX));
    }

    static TransferRecord resubmitted100(final Consumer<TransferRecord> change)
    {
        return transfer(100, 1, 2, 10, t ->
        {
            t.userData128 = BigInteger.valueOf(7);
            t.userData64 = 8;
            t.userData32 = 9;
            change.accept(t);
        });
    }

    static Stream<Row> existsRows()
    {
        return Stream.of(
            row("existing id, flags (also pending_id, amount, ledger 0)",
                resubmitted100(t ->
                {
                    t.flags = PENDING;
                    t.pendingId = BigInteger.ONE;
                    t.amount = BigInteger.ONE;
                    t.ledger = 0;
                }),
                EXISTS_WITH_DIFFERENT_FLAGS),
            row("existing post, flags: void instead of post", voidPending(202, 201, t -> { }),
                EXISTS_WITH_DIFFERENT_FLAGS),
            row("existing id, pending_id (also timeout)",
                resubmitted100(t ->
                {
                    t.pendingId = BigInteger.valueOf(5);
                    t.timeout = 7;
                }),
                EXISTS_WITH_DIFFERENT_PENDING_ID),
            row("existing post, pending_id of another pending transfer", post(202, 200, MAX, t -> { }),
                EXISTS_WITH_DIFFERENT_PENDING_ID),
            row("existing id, timeout (also debit account)",
                resubmitted100(t ->
                {
                    t.timeout = 7;
                    t.debitAccountId = BigInteger.valueOf(3);
                }),
                EXISTS_WITH_DIFFERENT_TIMEOUT),
            row("existing id, debit account equal to credit (also credit account)",
                resubmitted100(t ->
                {
                    t.debitAccountId = BigInteger.TWO;
                    t.creditAccountId = BigInteger.ONE;
                }),
                EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT_ID),
            row("existing post, debit account (also credit, amount, code)",
                post(202, 201, 1, t ->
                {
                    t.debitAccountId = BigInteger.TWO;
                    t.creditAccountId = BigInteger.ONE;
                    t.code = 9;
                }),
                EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT_ID),
            row("existing id, credit account (also amount)",
                resubmitted100(t ->
                {
                    t.creditAccountId = BigInteger.valueOf(4);
                    t.amount = BigInteger.valueOf(11);
                }),
                EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT_ID),
            row("existing id, amount (also user_data_128)",
                resubmitted100(t ->
                {
                    t.amount = BigInteger.valueOf(11);
                    t.userData128 = BigInteger.ONE;
                }),
                EXISTS_WITH_DIFFERENT_AMOUNT),
            row("existing full post, amount 29 (also ledger)",
                post(202, 201, 29, t -> t.ledger = 2),
                EXISTS_WITH_DIFFERENT_AMOUNT),
            row("existing id, user_data_128 (also user_data_64)",
                resubmitted100(t ->
                {
                    t.userData128 = BigInteger.ONE.shiftLeft(64).add(BigInteger.valueOf(7));
                    t.userData64 = 1;
                }),
                EXISTS_WITH_DIFFERENT_USER_DATA_128),
            row("existing id, user_data_64 (also user_data_32)",
                resubmitted100(t ->
                {
                    t.userData64 = 0;
                    t.userData32 = 0;
                }),
                EXISTS_WITH_DIFFERENT_USER_DATA_64),
            row("existing id, user_data_32 (also ledger)",
                resubmitted100(t ->
                {
                    t.userData32 = 1;
                    t.ledger = 2;
                }),
                EXISTS_WITH_DIFFERENT_USER_DATA_32),
            row("existing id, ledger 0 (also code 0)",
                resubmitted100(t ->
                {
                    t.ledger = 0;
                    t.code = 0;
                }),
                EXISTS_WITH_DIFFERENT_LEDGER),
            row("existing id, code", resubmitted100(t -> t.code = 2), EXISTS_WITH_DIFFERENT_CODE),
            row("existing post, code", post(202, 201, MAX, t -> t.code = 2), EXISTS_WITH_DIFFERENT_CODE),
            row("existing id, every field equal", resubmitted100(t -> { }), EXISTS),
            row("existing post, zero fields filled from the pending transfer", post(202, 201, MAX, t -> { }), EXISTS),
            row("existing post, explicit fields equal to the recorded ones",
                post(202, 201, 30, t ->
                {
                    t.debitAccountId = BigInteger.ONE;
                    t.creditAccountId = BigInteger.TWO;
                    t.ledger = 1;
                    t.code = 1;
                }),
                EXISTS),
            row("an id that failed with exceeds_credits is retried after the account was funded",
                burn400ThenFund4(),
                transfer(400, 4, 2, 1, t -> { }),
                ID_ALREADY_FAILED),
            row("burned id (also mutually exclusive flags)",
                burn400ThenFund4(),
                post(400, 200, 1, t -> t.flags = POST | VOID),
                ID_ALREADY_FAILED));
    }

    static Consumer<LedgerDriver> burn400ThenFund4()
    {
        return driver ->
        {
            assertThat(driver.createTransfers(SETUP, List.of(transfer(400, 4, 2, 1, t -> { }))))
                .containsExactly(EXCEEDS_CREDITS);
            apply(driver, SETUP + 1000, transfer(401, 2, 4, 100, t -> { }));
        };
    }

    static Stream<Row> fieldRows()
    {
        return Stream.of(
            row("post and void (also pending_id 0)", post(300, 0, 1, t -> t.flags = POST | VOID),
                FLAGS_ARE_MUTUALLY_EXCLUSIVE),
            row("post and pending (also pending_id 0)", post(300, 0, 1, t -> t.flags = POST | PENDING),
                FLAGS_ARE_MUTUALLY_EXCLUSIVE),
            row("void and balancing_debit", voidPending(300, 200, t -> t.flags |= TransferFlags.BALANCING_DEBIT),
                FLAGS_ARE_MUTUALLY_EXCLUSIVE),
            row("post and balancing_credit", post(300, 200, 1, t -> t.flags |= TransferFlags.BALANCING_CREDIT),
                FLAGS_ARE_MUTUALLY_EXCLUSIVE),
            row("post and closing_debit", post(300, 200, 1, t -> t.flags |= TransferFlags.CLOSING_DEBIT),
                FLAGS_ARE_MUTUALLY_EXCLUSIVE),
            row("void and closing_credit", voidPending(300, 200, t -> t.flags |= TransferFlags.CLOSING_CREDIT),
                FLAGS_ARE_MUTUALLY_EXCLUSIVE),
            row("debit account 0 (also credit account 0)", transfer(300, 0, 0, 1, t -> { }),
                DEBIT_ACCOUNT_ID_MUST_NOT_BE_ZERO),
            row("debit account 2^128-1 (also credit account 0)",
                transfer(300, 0, 0, 1, t -> t.debitAccountId = MAX), DEBIT_ACCOUNT_ID_MUST_NOT_BE_INT_MAX),
            row("credit account 0 (also pending_id)",
                transfer(300, 1, 0, 1, t -> t.pendingId = BigInteger.valueOf(200)),
                CREDIT_ACCOUNT_ID_MUST_NOT_BE_ZERO),
            row("credit account 2^128-1 (also pending_id)",
                transfer(300, 1, 0, 1, t ->
                {
                    t.creditAccountId = MAX;
                    t.pendingId = BigInteger.valueOf(200);
                }),
                CREDIT_ACCOUNT_ID_MUST_NOT_BE_INT_MAX),
            row("debit equals credit (also pending_id, ledger 0)",
                transfer(300, 1, 1, 1, t ->
                {
                    t.pendingId = BigInteger.valueOf(200);
                    t.ledger = 0;
                }),
                ACCOUNTS_MUST_BE_DIFFERENT),
            row("pending_id on a normal transfer (also timeout without pending)",
                transfer(300, 1, 2, 1, t ->
                {
                    t.pendingId = BigInteger.valueOf(200);
                    t.timeout = 5;
                }),
                PENDING_ID_MUST_BE_ZERO),
            row("post with pending_id 0 (also timeout)", post(300, 0, 1, t -> t.timeout = 5),
                PENDING_ID_MUST_NOT_BE_ZERO),
            row("void with pending_id 2^128-1 (also timeout)",
                voidPending(300, 0, t ->
                {
                    t.pendingId = MAX;
                    t.timeout = 5;
                }),
                PENDING_ID_MUST_NOT_BE_INT_MAX),
            row("post naming itself (also timeout)", post(300, 300, 1, t -> t.timeout = 5),
                PENDING_ID_MUST_BE_DIFFERENT),
            row("timeout without pending (also closing without pending, ledger 0)",
                transfer(300, 1, 2, 1, t ->
                {
                    t.timeout = 5;
                    t.flags = TransferFlags.CLOSING_DEBIT;
                    t.ledger = 0;
                }),
                TIMEOUT_RESERVED_FOR_PENDING_TRANSFER),
            row("post with a timeout (also a missing pending transfer)", post(300, 999, 1, t -> t.timeout = 5),
                TIMEOUT_RESERVED_FOR_PENDING_TRANSFER),
            row("closing_credit without pending (also ledger 0)",
                transfer(300, 1, 2, 1, t ->
                {
                    t.flags = TransferFlags.CLOSING_CREDIT;
                    t.ledger = 0;
                }),
                CLOSING_TRANSFER_MUST_BE_PENDING),
            row("ledger 0 (also code 0)",
                transfer(300, 1, 2, 1, t ->
                {
                    t.ledger = 0;
                    t.code = 0;
                }),
                LEDGER_MUST_NOT_BE_ZERO),
            row("code 0 (also a missing debit account)", transfer(300, 99, 2, 1, t -> t.code = 0),
                CODE_MUST_NOT_BE_ZERO));
    }

    static Stream<Row> accountRows()
    {
        return Stream.of(
            row("missing debit account (also missing credit account)", transfer(300, 99, 98, 1, t -> { }),
                DEBIT_ACCOUNT_NOT_FOUND),
            row("missing credit account (also a ledger mismatch)", transfer(300, 1, 99, 1, t -> t.ledger = 2),
                CREDIT_ACCOUNT_NOT_FOUND),
            row("accounts on ledgers 1 and 2 (also transfer ledger 3)", transfer(300, 1, 3, 1, t -> t.ledger = 3),
                ACCOUNTS_MUST_HAVE_THE_SAME_LEDGER),
            row("transfer ledger 2, accounts ledger 1 (also exceeds_credits)",
                transfer(300, 4, 2, 1, t -> t.ledger = 2),
                TRANSFER_MUST_HAVE_THE_SAME_LEDGER_AS_ACCOUNTS));
    }

    static Stream<Row> pendingRows()
    {
        return Stream.of(
            row("post of a missing pending transfer", post(300, 999, 1, t -> { }), PENDING_TRANSFER_NOT_FOUND),
            row("post naming a burned id",
                driver -> assertThat(driver.createTransfers(SETUP, List.of(transfer(450, 99, 2, 1, t -> { }))))
                    .containsExactly(DEBIT_ACCOUNT_NOT_FOUND),
                post(300, 450, 1, t -> { }),
                PENDING_TRANSFER_NOT_FOUND),
            row("post of a single-phase transfer (also a different debit account)",
                post(300, 100, 1, t -> t.debitAccountId = BigInteger.TWO), PENDING_TRANSFER_NOT_PENDING),
            row("post with another debit account (also credit account)",
                post(300, 200, 1, t ->
                {
                    t.debitAccountId = BigInteger.TWO;
                    t.creditAccountId = BigInteger.ONE;
                }),
                PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT_ID),
            row("void with another credit account (also ledger)",
                voidPending(300, 200, t ->
                {
                    t.creditAccountId = BigInteger.valueOf(5);
                    t.ledger = 2;
                }),
                PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT_ID),
            row("post with another ledger (also code)",
                post(300, 200, 1, t ->
                {
                    t.ledger = 2;
                    t.code = 9;
                }),
                PENDING_TRANSFER_HAS_DIFFERENT_LEDGER),
            row("post with another code (also an amount above the pending one)",
                post(300, 200, 51, t -> t.code = 9), PENDING_TRANSFER_HAS_DIFFERENT_CODE),
            row("post of more than pending", post(300, 200, 51, t -> { }), EXCEEDS_PENDING_TRANSFER_AMOUNT),
            row("post of more than pending on an already posted transfer", post(300, 201, 31, t -> { }),
                EXCEEDS_PENDING_TRANSFER_AMOUNT),
            row("void of less than pending", voidPending(300, 200, t -> t.amount = BigInteger.valueOf(49)),
                PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT),
            row("void of less than pending on an already voided transfer",
                voidPending(300, 203, t -> t.amount = BigInteger.valueOf(19)), PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT),
            row("post of a posted transfer", post(300, 201, 0, t -> { }), PENDING_TRANSFER_ALREADY_POSTED),
            row("void of a posted transfer", voidPending(300, 201, t -> { }), PENDING_TRANSFER_ALREADY_POSTED),
            row("post of a voided transfer", post(300, 203, 5, t -> { }), PENDING_TRANSFER_ALREADY_VOIDED),
            row("post of an expired transfer", post(300, 205, MAX, t -> { }), PENDING_TRANSFER_EXPIRED),
            row("void of an expired transfer", voidPending(300, 205, t -> { }), PENDING_TRANSFER_EXPIRED),
            row("post of an expired transfer whose debit account was closed since (also closed)",
                setup(transfer(500, 1, 2, 0, t -> t.flags = PENDING | TransferFlags.CLOSING_DEBIT)),
                post(300, 205, 1, t -> { }),
                PENDING_TRANSFER_EXPIRED),
            row("post at an event timestamp at the deadline, before the expiry step reached it",
                setup(transfer(206, 1, 2, 1, t ->
                {
                    t.flags = PENDING;
                    t.timeout = 1;
                })),
                SETUP + SECOND_NS - 1,
                List.of(transfer(0, 1, 2, 1, t -> { }), post(300, 206, MAX, t -> { })),
                1, ID_MUST_NOT_BE_ZERO, PENDING_TRANSFER_EXPIRED));
    }

    static Stream<Row> importedRows()
    {
        return Stream.of(
            row("imported at timestamp 1 (also before both accounts, with a timeout)",
                transfer(300, 1, 2, 1, t ->
                {
                    t.flags = IMPORTED | PENDING;
                    t.timestamp = 1;
                    t.timeout = 5;
                }),
                IMPORTED_EVENT_TIMESTAMP_MUST_NOT_REGRESS),
            row("imported at the last transfer's timestamp",
                transfer(300, 1, 2, 1, t ->
                {
                    t.flags = IMPORTED;
                    t.timestamp = T1 + 6;
                }),
                IMPORTED_EVENT_TIMESTAMP_MUST_NOT_REGRESS),
            row("imported at an account's timestamp (after every transfer)",
                createAccounts(7),
                transfer(300, 1, 2, 1, t ->
                {
                    t.flags = IMPORTED;
                    t.timestamp = SETUP;
                }),
                IMPORTED_EVENT_TIMESTAMP_MUST_NOT_REGRESS),
            row("imported post at the pending transfer's timestamp (also a closed debit account)",
                setup(transfer(500, 1, 2, 0, t -> t.flags = PENDING | TransferFlags.CLOSING_DEBIT)),
                post(300, 200, MAX, t ->
                {
                    t.flags |= IMPORTED;
                    t.timestamp = T1 + 1;
                }),
                IMPORTED_EVENT_TIMESTAMP_MUST_NOT_REGRESS),
            row("imported before both accounts were created (also a timeout)",
                createAccounts(8, 9),
                transfer(300, 8, 9, 1, t ->
                {
                    t.flags = IMPORTED | PENDING;
                    t.timestamp = SETUP - 1;
                    t.timeout = 5;
                }),
                IMPORTED_EVENT_TIMESTAMP_MUST_POSTDATE_DEBIT_ACCOUNT),
            row("imported before the credit account was created (also a timeout)",
                createAccounts(8, 9),
                transfer(300, 1, 9, 1, t ->
                {
                    t.flags = IMPORTED | PENDING;
                    t.timestamp = SETUP + 999;
                    t.timeout = 5;
                }),
                IMPORTED_EVENT_TIMESTAMP_MUST_POSTDATE_CREDIT_ACCOUNT),
            row("imported pending with a timeout (also exceeds_credits)",
                transfer(300, 4, 2, 1, t ->
                {
                    t.flags = IMPORTED | PENDING;
                    t.timestamp = NOW - 1;
                    t.timeout = 5;
                }),
                IMPORTED_EVENT_TIMEOUT_MUST_BE_ZERO));
    }

    static Stream<Row> balanceRows()
    {
        final int closing = TransferFlags.CLOSING_DEBIT | TransferFlags.CLOSING_CREDIT;
        final TransferRecord closeBoth = transfer(500, 1, 2, 0, t -> t.flags = PENDING | closing);
        final TransferRecord closeCredit =
            transfer(500, 1, 2, 0, t -> t.flags = PENDING | TransferFlags.CLOSING_CREDIT);
        return Stream.of(
            row("debit account closed (also credit account closed)", setup(closeBoth),
                transfer(300, 1, 2, 1, t -> { }),
                DEBIT_ACCOUNT_ALREADY_CLOSED),
            row("post into a closed debit account", setup(closeBoth), post(300, 200, MAX, t -> { }),
                DEBIT_ACCOUNT_ALREADY_CLOSED),
            row("post of the closing transfer itself", setup(closeBoth), post(300, 500, MAX, t -> { }),
                DEBIT_ACCOUNT_ALREADY_CLOSED),
            row("credit account closed (also exceeds_credits)", setup(closeCredit), transfer(300, 4, 2, 1, t -> { }),
                CREDIT_ACCOUNT_ALREADY_CLOSED),
            row("post into a closed credit account", setup(closeCredit), post(300, 200, 1, t -> { }),
                CREDIT_ACCOUNT_ALREADY_CLOSED),
            row("debits_pending at 2^128-1 (also credits_pending)",
                setup(transfer(600, 10, 11, MAX, t -> t.flags = PENDING)),
                transfer(300, 10, 11, 1, t -> t.flags = PENDING),
                OVERFLOWS_DEBITS_PENDING),
            row("credits_pending at 2^128-1",
                setup(transfer(600, 10, 11, MAX, t -> t.flags = PENDING)),
                transfer(300, 12, 11, 1, t -> t.flags = PENDING),
                OVERFLOWS_CREDITS_PENDING),
            row("pending transfer from an account with debits_posted at 2^128-1 (also credits_posted)",
                setup(transfer(600, 10, 11, MAX, t -> { })),
                transfer(300, 10, 11, 1, t -> t.flags = PENDING),
                OVERFLOWS_DEBITS_POSTED),
            row("credits_posted at 2^128-1",
                setup(transfer(600, 10, 11, MAX, t -> { })),
                transfer(300, 12, 11, 1, t -> { }),
                OVERFLOWS_CREDITS_POSTED),
            row("debits_pending + debits_posted at 2^128-1",
                setup(transfer(600, 10, 11, TWO_127, t -> t.flags = PENDING),
                    transfer(601, 10, 12, TWO_127.subtract(BigInteger.ONE), t -> { })),
                transfer(300, 10, 13, 1, t -> { }),
                OVERFLOWS_DEBITS),
            row("credits_pending + credits_posted at 2^128-1",
                setup(transfer(600, 10, 11, TWO_127, t -> t.flags = PENDING),
                    transfer(601, 12, 11, TWO_127.subtract(BigInteger.ONE), t -> { })),
                transfer(300, 13, 11, 1, t -> { }),
                OVERFLOWS_CREDITS),
            row("timeout past 2^63-1 ns (also exceeds_credits and exceeds_debits)", NO_SETUP,
                Long.MAX_VALUE - SECOND_NS,
                List.of(transfer(300, 4, 5, 1, t ->
                {
                    t.flags = PENDING;
                    t.timeout = 2;
                })),
                0, OVERFLOWS_TIMEOUT),
            row("debits would exceed credits (also credits exceed debits)", transfer(300, 4, 5, 1, t -> { }),
                EXCEEDS_CREDITS),
            row("pending debits would exceed credits", transfer(300, 4, 2, 1, t -> t.flags = PENDING),
                EXCEEDS_CREDITS),
            row("credits would exceed debits", transfer(300, 1, 5, 1, t -> { }), EXCEEDS_DEBITS),
            row("a valid transfer", transfer(300, 1, 2, 1, t -> { }), OK),
            row("a valid post (zero fields filled from the pending transfer)", post(300, 200, MAX, t -> { }), OK),
            row("a valid void of the closing transfer reopens the accounts", setup(closeBoth),
                voidPending(300, 500, t -> { }), OK));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void shouldAnswerTheFirstApplicableCode(final Row row)
    {
        final LedgerDriver driver = new LedgerDriver(new LedgerConfig(64, 64, LedgerConfig.HISTORY_MIN));
        fixture(driver);
        row.setup().accept(driver);
        final List<BigInteger> accountIds = LongStream.range(1, 20).mapToObj(BigInteger::valueOf).toList();
        final List<BigInteger> transferIds = LongStream.range(100, 1000).mapToObj(BigInteger::valueOf).toList();
        final List<AccountRecord> accountsBefore = driver.lookupAccounts(accountIds);
        final List<TransferRecord> transfersBefore = driver.lookupTransfers(transferIds);
        final int accountCount = driver.ledger().accountCount();
        final int transferCount = driver.ledger().transferCount();

        final List<CreateTransferResult> results = driver.createTransfers(row.clusterTimeNs(), row.events());

        assertThat(driver.lastBatchStatus()).isEqualTo(BatchStatus.OK);
        assertThat(results).as(row.toString()).containsExactlyElementsOf(row.expected());
        assertThat(driver.ledger().accountCount()).isEqualTo(accountCount);
        if (!results.contains(OK))
        {
            assertThat(driver.ledger().transferCount()).as("transfer count").isEqualTo(transferCount);
            assertThat(driver.lookupAccounts(accountIds)).as("accounts").containsExactlyElementsOf(accountsBefore);
            assertThat(driver.lookupTransfers(transferIds)).as("transfers").containsExactlyElementsOf(transfersBefore);
            for (final TransferRecord event : row.events())
            {
                if (!transferIds.contains(event.id))
                {
                    assertThat(driver.transfer(event.id)).isNull();
                }
            }
        }
        else
        {
            assertThat(driver.ledger().transferCount()).isEqualTo(transferCount + 1);
            final TransferRecord created = driver.transfer(row.events().get(0).id);
            assertThat(created).isNotNull();
            assertThat(created.timestamp).isEqualTo(row.clusterTimeNs());
        }
        assertTransientIdsBurned(driver, row, results);
    }

    /** An id that failed with a transient code answers id_already_failed from then on, whatever the event. */
    private static void assertTransientIdsBurned(
        final LedgerDriver driver, final Row row, final List<CreateTransferResult> results)
    {
        for (int i = 0; i < results.size(); i++)
        {
            if (results.get(i).isTransient())
            {
                final TransferRecord retry = row.events().get(i).copy();
                retry.flags &= ~LINKED;
                assertThat(driver.createTransfers(NOW + SECOND_NS, List.of(retry))).containsExactly(ID_ALREADY_FAILED);
                assertThat(driver.transfer(retry.id)).isNull();
            }
        }
    }

    @Test
    void shouldHoldTheFixtureBalances()
    {
        final LedgerDriver driver = new LedgerDriver(new LedgerConfig(64, 64, LedgerConfig.HISTORY_MIN));
        fixture(driver);
        final AccountRecord debit = driver.account(1);
        assertThat(debit.debitsPending).isEqualTo(50);
        assertThat(debit.debitsPosted).isEqualTo(40);
        assertThat(debit.timestamp).isEqualTo(T0);
        final AccountRecord credit = driver.account(2);
        assertThat(credit.creditsPending).isEqualTo(50);
        assertThat(credit.creditsPosted).isEqualTo(40);
        assertThat(driver.transfer(205).timestamp).isEqualTo(T1 + 6);
        assertThat(driver.ledger().lastTimestampNs()).isEqualTo(T2);
        assertThat(driver.ledger().transferCount()).isEqualTo(FIXTURE_TRANSFERS.length);
    }

    @Test
    void shouldCoverEveryResultCodeInPrecedenceOrder()
    {
        LedgerEvents.assertCoversInPrecedenceOrder(rows().map(Row::code).toList(), CreateTransferResult.class, OK);
    }

    @Test
    void shouldMarkExactlyTheTransientCodes()
    {
        assertThat(CreateTransferResult.values()).hasSize(68);
        final Set<CreateTransferResult> transientCodes = EnumSet.noneOf(CreateTransferResult.class);
        for (final CreateTransferResult result : CreateTransferResult.values())
        {
            assertThat(CreateTransferResult.of(result.code())).isSameAs(result);
            assertThat(result.code()).isEqualTo(result.ordinal());
            if (result.isTransient())
            {
                transientCodes.add(result);
            }
        }
        assertThat(transientCodes).containsExactlyInAnyOrder(DEBIT_ACCOUNT_NOT_FOUND, CREDIT_ACCOUNT_NOT_FOUND,
            PENDING_TRANSFER_NOT_FOUND, DEBIT_ACCOUNT_ALREADY_CLOSED, CREDIT_ACCOUNT_ALREADY_CLOSED, EXCEEDS_CREDITS,
            EXCEEDS_DEBITS);
    }
}
