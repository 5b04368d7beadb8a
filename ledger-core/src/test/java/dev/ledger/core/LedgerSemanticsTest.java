package dev.ledger.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.ledger.core.CreateTransferResult.*;
import static dev.ledger.core.LedgerEvents.MAX;
import static dev.ledger.core.LedgerEvents.account;
import static dev.ledger.core.LedgerEvents.post;
import static dev.ledger.core.LedgerEvents.transfer;
import static dev.ledger.core.LedgerEvents.u128;
import static dev.ledger.core.LedgerEvents.voidPending;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario tests of the state machine's semantics (API.md, result-codes.md and the ledger-core README), each
 * with exact codes, balances and timestamps: two-phase transfers, expiry, linked chains, balancing and
 * closing transfers, balance limits, 128-bit arithmetic and idempotency of posts and voids. Timestamps, imported
 * events and capacity are in {@link LedgerTimestampsAndCapacityTest}; reads (listings, balances, queries,
 * lookups) in {@link LedgerQuerySemanticsTest}.
 */
class LedgerSemanticsTest extends LedgerScenarioSupport
{
    // ---------------------------------------------------------------------------------------------------------
    // Two-phase transfers

    @Test
    void shouldPostAPendingTransferInFullWithAmountMax()
    {
        openAccounts(1, 2);
        ok(T1, pending(10, 1, 2, 100));
        assertBalances(1, 100, 0, 0, 0);
        assertBalances(2, 0, 0, 100, 0);

        ok(T1 + 1000, post(11, 10, MAX));

        final TransferRecord expected = TransferRecord.of(11, 1, 2, 100, 1, 1, TransferFlags.POST_PENDING_TRANSFER);
        expected.pendingId = u128(10);
        expected.timestamp = T1 + 1000;
        assertThat(driver.transfer(11)).isEqualTo(expected);
        assertBalances(1, 0, 100, 0, 0);
        assertBalances(2, 0, 0, 0, 100);
        final TransferRecord original = driver.transfer(10);
        assertThat(original.flags).isEqualTo(PENDING);
        assertThat(original.amount).isEqualTo(100);
        assertThat(original.timestamp).isEqualTo(T1);
    }

    @Test
    void shouldPostAPendingTransferWithItsExactAmount()
    {
        openAccounts(1, 2);
        ok(T1, pending(10, 1, 2, 100));
        ok(T1 + 1000, post(11, 10, u128(100)));
        assertThat(driver.transfer(11).amount).isEqualTo(100);
        assertBalances(1, 0, 100, 0, 0);
        assertBalances(2, 0, 0, 0, 100);
    }

    @Test
    void shouldPostPartiallyAndReleaseTheRemainder()
    {
        openAccounts(1, 2);
        ok(T1, pending(10, 1, 2, 100));
        ok(T1 + 1000, post(11, 10, u128(40)));
        assertThat(driver.transfer(11).amount).isEqualTo(40);
        assertBalances(1, 0, 40, 0, 0);
        assertBalances(2, 0, 0, 0, 40);

        assertThat(submit(T1 + 2000, post(12, 10, u128(60)), voidPending(13, 10), post(14, 10, MAX)))
            .containsExactly(PENDING_TRANSFER_ALREADY_POSTED, PENDING_TRANSFER_ALREADY_POSTED,
                PENDING_TRANSFER_ALREADY_POSTED);
        assertBalances(1, 0, 40, 0, 0);
        assertThat(driver.ledger().transferCount()).isEqualTo(2);
    }

    @Test
    void shouldPostAmountZeroAsZeroAndReleaseTheReservation()
    {
        openAccounts(1, 2);
        ok(T1, pending(10, 1, 2, 100));
        ok(T1 + 1000, post(11, 10, BigInteger.ZERO));
        assertThat(driver.transfer(11).amount).isZero();
        assertBalances(1, 0, 0, 0, 0);
        assertBalances(2, 0, 0, 0, 0);
    }

    @Test
    void shouldVoidWithAmountZeroOrTheExactAmount()
    {
        openAccounts(1, 2);
        ok(T1, pending(10, 1, 2, 100), pending(20, 1, 2, 70), pending(30, 1, 2, 0));
        assertBalances(1, 170, 0, 0, 0);

        ok(T1 + 1000, voidPending(11, 10), voidPending(21, 20, t -> t.amount = u128(70)), voidPending(31, 30));

        assertThat(driver.transfer(11).amount).as("amount 0 voids the full amount").isEqualTo(100);
        assertThat(driver.transfer(21).amount).isEqualTo(70);
        assertThat(driver.transfer(31).amount).isZero();
        assertBalances(1, 0, 0, 0, 0);
        assertBalances(2, 0, 0, 0, 0);
        assertThat(submit(T1 + 2000, post(12, 10, MAX), voidPending(13, 10), post(22, 20, 1, t -> { })))
            .containsExactly(PENDING_TRANSFER_ALREADY_VOIDED, PENDING_TRANSFER_ALREADY_VOIDED,
                PENDING_TRANSFER_ALREADY_VOIDED);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Expiry

    @Test
    void shouldExpireWhenALaterBatchPassesTheDeadline()
    {
        openAccounts(1, 2);
        ok(T1, pending(10, 1, 2, 100, 2));
        final long deadline = T1 + 2 * SECOND;
        assertThat(driver.ledger().nextExpiryTimestampNs()).isEqualTo(deadline);

        assertThat(driver.createAccounts(deadline - 1, List.of(AccountRecord.of(3, 1, 1, 0))))
            .containsExactly(CreateAccountResult.OK);
        assertBalances(1, 100, 0, 0, 0);

        assertThat(submit(deadline, post(11, 10, MAX), voidPending(12, 10)))
            .containsExactly(PENDING_TRANSFER_EXPIRED, PENDING_TRANSFER_EXPIRED);
        assertBalances(1, 0, 0, 0, 0);
        assertBalances(2, 0, 0, 0, 0);
        assertThat(driver.ledger().lastTimestampNs()).as("the expiry took the deadline, the events after it")
            .isEqualTo(deadline + 2);
        assertThat(driver.ledger().nextExpiryTimestampNs()).isEqualTo(Long.MAX_VALUE);
        assertThat(driver.transfer(10).timestamp).isEqualTo(T1);
    }

    @Test
    void shouldAnswerExpiredAtTheDeadlineBeforeTheExpiryStepReachesIt()
    {
        openAccounts(1, 2);
        ok(T1, pending(10, 1, 2, 100, 1));
        final long deadline = T1 + SECOND;

        // The expiry step runs at deadline - 1; the post's own timestamp is the deadline.
        assertThat(submit(deadline - 1, transfer(20, 1, 2, 1), post(11, 10, MAX), voidPending(12, 10)))
            .containsExactly(OK, PENDING_TRANSFER_EXPIRED, PENDING_TRANSFER_EXPIRED);
        assertThat(driver.transfer(20).timestamp).isEqualTo(deadline - 1);
        assertBalances(1, 100, 1, 0, 0);

        assertThat(driver.ledger().expirePendingTransfers(deadline)).isEqualTo(1);
        assertBalances(1, 0, 1, 0, 0);
        assertThat(driver.ledger().lastTimestampNs()).isEqualTo(deadline + 2);
    }

    @Test
    void shouldPostJustBeforeTheDeadline()
    {
        openAccounts(1, 2);
        ok(T1, pending(10, 1, 2, 100, 1));
        ok(T1 + SECOND - 1, post(11, 10, MAX));
        assertBalances(1, 0, 100, 0, 0);
        assertThat(driver.ledger().expirePendingTransfers(T1 + 5 * SECOND)).isZero();
        assertBalances(1, 0, 100, 0, 0);
        assertThat(driver.ledger().nextExpiryTimestampNs()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void shouldAcceptATimeoutEndingExactlyAtTheLargestTimestamp()
    {
        openAccounts(1, 2);
        final long start = Long.MAX_VALUE - 3 * SECOND;
        assertThat(submit(start, pending(10, 1, 2, 1, 3), pending(11, 1, 2, 1, 3)))
            .containsExactly(OK, OVERFLOWS_TIMEOUT);
        assertThat(driver.ledger().nextExpiryTimestampNs()).isEqualTo(Long.MAX_VALUE);
        assertThat(submit(start + 2, pending(12, 1, 2, 1, 2), pending(13, 1, 2, 1, 4_294_967_295L)))
            .containsExactly(OK, OVERFLOWS_TIMEOUT);
        assertBalances(1, 2, 0, 0, 0);
        assertThat(driver.ledger().expirePendingTransfers(start + 2 + 2 * SECOND)).isEqualTo(1);
        assertBalances(1, 1, 0, 0, 0);
    }

    @Test
    void shouldCountExpiriesAndGiveEachItsOwnTimestamp()
    {
        openAccounts(1, 2);
        ok(T1, pending(10, 1, 2, 1, 1), pending(11, 1, 2, 2, 1), pending(12, 1, 2, 4, 2));
        final Ledger ledger = driver.ledger();
        assertThat(ledger.nextExpiryTimestampNs()).isEqualTo(T1 + SECOND);

        // The second deadline (T1 + 1 + 1 s) is reached by the second expiry's own timestamp.
        assertThat(ledger.expirePendingTransfers(T1 + SECOND)).isEqualTo(2);
        assertThat(ledger.lastTimestampNs()).isEqualTo(T1 + SECOND + 1);
        assertBalances(1, 4, 0, 0, 0);
        assertThat(ledger.nextExpiryTimestampNs()).isEqualTo(T1 + 2 + 2 * SECOND);

        assertThat(ledger.expirePendingTransfers(T1 + 2 * SECOND + 1)).isZero();
        assertThat(ledger.lastTimestampNs()).as("no expiry, no timestamp").isEqualTo(T1 + SECOND + 1);
        assertThat(ledger.expirePendingTransfers(T1 + 2 * SECOND + 2)).isEqualTo(1);
        assertThat(ledger.lastTimestampNs()).isEqualTo(T1 + 2 * SECOND + 2);
        assertBalances(1, 0, 0, 0, 0);
        assertThat(ledger.nextExpiryTimestampNs()).isEqualTo(Long.MAX_VALUE);
        assertThat(ledger.expirePendingTransfers(Long.MAX_VALUE - 1)).isZero();
    }

    @Test
    void shouldExpireAtMostOneBatchPerStep()
    {
        final LedgerDriver big =
            new LedgerDriver(new LedgerConfig(2, 2 * LedgerLimits.BATCH_EVENTS_MAX, LedgerConfig.HISTORY_MIN));
        assertThat(big.createAccounts(T0, List.of(AccountRecord.of(1, 1, 1, 0), AccountRecord.of(2, 1, 1, 0))))
            .containsOnly(CreateAccountResult.OK);
        final List<TransferRecord> batch = new ArrayList<>();
        for (int i = 0; i < LedgerLimits.BATCH_EVENTS_MAX; i++)
        {
            batch.add(pending(1000 + i, 1, 2, 1, 1));
        }
        assertThat(big.createTransfers(T1, batch)).containsOnly(OK);
        assertThat(big.createTransfers(T1 + LedgerLimits.BATCH_EVENTS_MAX, List.of(pending(999, 1, 2, 1, 1))))
            .containsExactly(OK);
        assertThat(big.account(1).debitsPending).isEqualTo(LedgerLimits.BATCH_EVENTS_MAX + 1);

        assertThat(big.ledger().expirePendingTransfers(T1 + 10 * SECOND))
            .isEqualTo(LedgerLimits.EXPIRIES_PER_STEP_MAX);
        assertThat(big.account(1).debitsPending).isEqualTo(1);
        assertThat(big.createTransfers(T1 + 11 * SECOND, List.of(post(998, 999, MAX))))
            .as("the expiry step of the batch comes first").containsExactly(PENDING_TRANSFER_EXPIRED);
        assertThat(big.account(1).debitsPending).isZero();
    }

    @Test
    void shouldNotExpireAPostedOrVoidedTransfer()
    {
        openAccounts(1, 2);
        ok(T1, pending(10, 1, 2, 100, 1), pending(20, 1, 2, 50, 1));
        ok(T1 + 1000, post(11, 10, u128(30)), voidPending(21, 20));
        assertThat(driver.ledger().expirePendingTransfers(T1 + 2 * SECOND)).isZero();
        assertBalances(1, 0, 30, 0, 0);
        assertThat(driver.ledger().nextExpiryTimestampNs()).isEqualTo(Long.MAX_VALUE);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Linked chains

    @Test
    void shouldRollBackEveryEffectOfAFailedChain()
    {
        openAccounts(1, 2, 6);
        ok(T1, pending(10, 1, 2, 100));
        final List<AccountRecord> accountsBefore = driver.lookupAccounts(List.of(u128(1), u128(2), u128(6)));

        assertThat(submit(T1 + 1000,
            linked(post(11, 10, MAX)),
            linked(transfer(12, 1, 6, 50)),
            linked(transfer(13, 2, 6, 5, t ->
            {
                t.flags = PENDING | TransferFlags.CLOSING_CREDIT;
                t.timeout = 10;
            })),
            transfer(14, 1, 2, 1, t -> t.ledger = 0)))
            .containsExactly(LINKED_EVENT_FAILED, LINKED_EVENT_FAILED, LINKED_EVENT_FAILED, LEDGER_MUST_NOT_BE_ZERO);

        assertThat(driver.lookupAccounts(List.of(u128(1), u128(2), u128(6))))
            .containsExactlyElementsOf(accountsBefore);
        assertThat(driver.lookupTransfers(List.of(u128(11), u128(12), u128(13), u128(14)))).isEmpty();
        assertThat(driver.ledger().transferCount()).isEqualTo(1);
        assertThat(driver.ledger().nextExpiryTimestampNs()).isEqualTo(Long.MAX_VALUE);
        assertThat(driver.accountBalances(LedgerDriver.AccountFilter.of(u128(6)))).isEmpty();
        assertThat(driver.accountTransfers(LedgerDriver.AccountFilter.of(u128(6)))).isEmpty();
        // The links the chain set past the transfer count (1 -> 2 on account 1, 2 -> 3 on account 6) are cut again:
        // a transfer created there starts as its lists' end without writing its own links.
        final TransferStore transfers = driver.ledger().transfers();
        for (int reference = transfers.count(); reference < transfers.count() + 4; reference++)
        {
            assertThat(transfers.nextDebit[reference]).as("next debit of %d", reference).isEqualTo(AccountHistory.NONE);
            assertThat(transfers.nextCredit[reference]).as("next credit of %d", reference).isEqualTo(AccountHistory.NONE);
        }

        // The pending transfer is still pending and every id is free again.
        ok(T1 + 2000, post(11, 10, u128(60)), transfer(12, 1, 6, 50), pending(13, 2, 6, 5, 10), transfer(14, 1, 2, 1));
        assertBalances(1, 0, 111, 0, 0);
        assertBalances(2, 5, 0, 0, 61);
        assertBalances(6, 0, 0, 5, 50);
        assertThat(driver.ledger().nextExpiryTimestampNs()).isEqualTo(T1 + 2002 + 10 * SECOND);
    }

    @Test
    void shouldLeaveNoTraceOfAChainThatCreatedAnAccount()
    {
        openAccounts(1);
        assertThat(driver.createAccounts(T1, List.of(
            account(3, a -> a.flags = AccountFlags.LINKED),
            account(4, a -> a.flags = AccountFlags.LINKED | AccountFlags.HISTORY),
            account(5, a -> a.code = 0))))
            .containsExactly(CreateAccountResult.LINKED_EVENT_FAILED, CreateAccountResult.LINKED_EVENT_FAILED,
                CreateAccountResult.CODE_MUST_NOT_BE_ZERO);
        assertThat(driver.ledger().accountCount()).isEqualTo(1);
        assertThat(driver.lookupAccounts(List.of(u128(3), u128(4), u128(5)))).isEmpty();
        assertThat(driver.queryAccounts(new LedgerDriver.QueryFilter())).extracting(a -> a.id)
            .containsExactly(u128(1));

        // Transfers from the rolled-back account fail as if it had never existed.
        assertThat(submit(T1 + 1000, transfer(20, 3, 1, 5))).containsExactly(DEBIT_ACCOUNT_NOT_FOUND);

        // Its id and its timestamp are free: an imported account may take both.
        assertThat(driver.createAccounts(T1 + 2000, List.of(
            account(3, a ->
            {
                a.flags = AccountFlags.IMPORTED;
                a.timestamp = T1;
            }),
            account(4, a ->
            {
                a.flags = AccountFlags.IMPORTED;
                a.timestamp = T1 + 1;
            }))))
            .containsExactly(CreateAccountResult.OK, CreateAccountResult.OK);
        assertThat(driver.account(3).timestamp).isEqualTo(T1);
        assertThat(driver.account(4).timestamp).isEqualTo(T1 + 1);
    }

    @Test
    void shouldFreeTheTimestampsOfARolledBackTransferChain()
    {
        openAccounts(1, 2);
        assertThat(submit(T1, linked(transfer(10, 1, 2, 1)), transfer(11, 1, 2, 1, t -> t.code = 0)))
            .containsExactly(LINKED_EVENT_FAILED, CODE_MUST_NOT_BE_ZERO);
        final TransferRecord imported = transfer(10, 1, 2, 7, t ->
        {
            t.flags = TransferFlags.IMPORTED;
            t.timestamp = T1;
        });
        ok(T1 + 1000, imported);
        assertThat(driver.transfer(10)).isEqualTo(imported);
    }

    @Test
    void shouldFailAChainLeftOpenAtTheEndOfTheBatch()
    {
        openAccounts(1, 2);
        assertThat(submit(T1, transfer(20, 1, 2, 1), linked(transfer(21, 1, 2, 2)), linked(transfer(22, 1, 2, 4))))
            .containsExactly(OK, LINKED_EVENT_FAILED, LINKED_EVENT_CHAIN_OPEN);
        assertBalances(1, 0, 1, 0, 0);
        assertThat(driver.lookupTransfers(List.of(u128(20), u128(21), u128(22)))).extracting(t -> t.id)
            .containsExactly(u128(20));

        assertThat(driver.createAccounts(T1 + 1000, List.of(account(7, a -> { }), account(8, a -> a.flags = LINKED))))
            .containsExactly(CreateAccountResult.OK, CreateAccountResult.LINKED_EVENT_CHAIN_OPEN);
        assertThat(driver.account(8)).isNull();
    }

    @Test
    void shouldApplyTheChainsOfOneBatchIndependently()
    {
        openAccounts(1, 2, 4);
        assertThat(submit(T1,
            linked(transfer(20, 1, 2, 1)), transfer(21, 1, 2, 2),
            linked(transfer(22, 1, 2, 4)), transfer(23, 4, 2, 8),
            transfer(24, 1, 2, 16),
            linked(transfer(25, 1, 2, 32)), transfer(26, 1, 2, 64)))
            .containsExactly(OK, OK, LINKED_EVENT_FAILED, EXCEEDS_CREDITS, OK, OK, OK);
        assertBalances(1, 0, 115, 0, 0);
        assertBalances(2, 0, 0, 0, 115);
        assertBalances(4, 0, 0, 0, 0);
        assertThat(driver.lookupTransfers(List.of(u128(20), u128(21), u128(24), u128(25), u128(26))))
            .extracting(t -> t.timestamp).containsExactly(T1, T1 + 1, T1 + 4, T1 + 5, T1 + 6);
        assertThat(driver.lookupTransfers(List.of(u128(22), u128(23)))).isEmpty();
    }

    @Test
    void shouldExpireAPendingTransferCreatedInACommittedChain()
    {
        openAccounts(1, 2);
        ok(T1, linked(transfer(10, 1, 2, 1)), linked(pending(11, 1, 2, 5, 1)), transfer(12, 1, 2, 2));
        assertThat(driver.ledger().nextExpiryTimestampNs()).isEqualTo(T1 + 1 + SECOND);
        assertBalances(1, 5, 3, 0, 0);
        assertThat(driver.ledger().expirePendingTransfers(T1 + 1 + SECOND)).isEqualTo(1);
        assertBalances(1, 0, 3, 0, 0);
    }

    @Test
    void shouldBurnOnlyTheTransientlyFailedIdOfAChain()
    {
        openAccounts(1, 2, 4);
        assertThat(submit(T1, linked(transfer(20, 1, 2, 1)), transfer(21, 4, 2, 1)))
            .containsExactly(LINKED_EVENT_FAILED, EXCEEDS_CREDITS);
        ok(T1 + 1000, transfer(30, 1, 4, 10));
        assertThat(submit(T1 + 2000, transfer(20, 1, 2, 1), transfer(21, 4, 2, 1)))
            .containsExactly(OK, ID_ALREADY_FAILED);
        assertBalances(4, 0, 0, 0, 10);
    }

    @Test
    void shouldFailAChainWhoseEventAnswersExists()
    {
        openAccounts(1, 2);
        ok(T1, pending(10, 1, 2, 100));
        // exists is not ok (sm.zig: result != .created breaks the chain), so the chain rolls back.
        assertThat(submit(T1 + 1000,
            linked(transfer(20, 1, 2, 1)), linked(transfer(20, 1, 2, 1)), transfer(21, 1, 2, 1)))
            .containsExactly(LINKED_EVENT_FAILED, EXISTS, LINKED_EVENT_FAILED);
        assertThat(driver.lookupTransfers(List.of(u128(20), u128(21)))).isEmpty();
        assertThat(submit(T1 + 2000, linked(post(11, 10, u128(5))), voidPending(12, 10)))
            .containsExactly(LINKED_EVENT_FAILED, PENDING_TRANSFER_ALREADY_POSTED);
        assertBalances(1, 100, 0, 0, 0);
        ok(T1 + 3000, voidPending(12, 10));
        assertBalances(1, 0, 0, 0, 0);
    }

    @Test
    void shouldAnswerExistsThenLinkedEventFailedWhenACommittedChainIsResubmitted()
    {
        // sm.zig execute_create: any result other than created (exists included) breaks the chain.
        openAccounts(1, 2);
        final List<TransferRecord> chain = List.of(linked(transfer(20, 1, 2, 1)), transfer(21, 1, 2, 2));
        assertThat(driver.createTransfers(T1, chain)).containsExactly(OK, OK);
        assertThat(driver.createTransfers(T1 + 1000, chain)).containsExactly(EXISTS, LINKED_EVENT_FAILED);
        assertBalances(1, 0, 3, 0, 0);
        assertThat(driver.ledger().transferCount()).isEqualTo(2);
    }

    @Test
    void shouldRollBackAChainAsLongAsABatch()
    {
        final int n = LedgerLimits.BATCH_EVENTS_MAX;
        final LedgerDriver big = new LedgerDriver(new LedgerConfig(2, 3 * n, 8 * n));
        assertThat(big.createAccounts(T0, List.of(AccountRecord.of(1, 1, 1, AccountFlags.HISTORY),
            AccountRecord.of(2, 1, 1, AccountFlags.HISTORY))))
            .containsOnly(CreateAccountResult.OK);
        final List<TransferRecord> pendings = new ArrayList<>();
        final List<TransferRecord> posts = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            pendings.add(pending(100_000 + i, 1, 2, 1));
            posts.add(linked(post(200_000 + i, 100_000 + i, u128(1))));
        }
        assertThat(big.createTransfers(T1, pendings)).containsOnly(OK);
        final AccountRecord before = big.account(1);

        posts.get(n - 1).flags = TransferFlags.POST_PENDING_TRANSFER;
        posts.get(n - 1).amount = u128(2);
        final List<CreateTransferResult> failed = big.createTransfers(T1 + SECOND, posts);
        assertThat(failed.subList(0, n - 1)).containsOnly(LINKED_EVENT_FAILED);
        assertThat(failed.get(n - 1)).isEqualTo(EXCEEDS_PENDING_TRANSFER_AMOUNT);
        assertThat(big.account(1)).isEqualTo(before);
        assertThat(big.ledger().transferCount()).isEqualTo(n);

        posts.get(n - 1).amount = u128(1);
        assertThat(big.createTransfers(T1 + 2 * SECOND, posts)).containsOnly(OK);
        assertThat(big.account(1).debitsPosted).isEqualTo(n);
        assertThat(big.account(1).debitsPending).isZero();
        assertThat(big.accountBalances(LedgerDriver.AccountFilter.of(u128(2)))).as("capped at one page")
            .hasSize(LedgerLimits.QUERY_ROWS_MAX);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Balancing transfers

    @Test
    void shouldClampABalancingDebitToTheDebitAccountsCredits()
    {
        openAccounts(1, 2, 3);
        ok(T1, transfer(10, 3, 1, 100));
        ok(T1 + 1000, pending(11, 1, 2, 30));
        final TransferRecord balancing = transfer(12, 1, 2, 1000, t -> t.flags = TransferFlags.BALANCING_DEBIT);
        ok(T1 + 2000, balancing);
        assertThat(driver.transfer(12).amount).isEqualTo(70);
        assertBalances(1, 30, 70, 0, 100);

        // Resubmitted, the amount is an upper limit (0: none), so anything at or above 70 is the same transfer.
        final TransferRecord unlimited = balancing.copy();
        unlimited.amount = BigInteger.ZERO;
        final TransferRecord exact = balancing.copy();
        exact.amount = u128(70);
        final TransferRecord below = balancing.copy();
        below.amount = u128(69);
        assertThat(submit(T1 + 3000, balancing, unlimited, exact, below))
            .containsExactly(EXISTS, EXISTS, EXISTS, EXISTS_WITH_DIFFERENT_AMOUNT);

        // Nothing is left: amount 0 ("as much as possible") moves 0; once the pending 30 is voided, it moves 30.
        ok(T1 + 4000, transfer(13, 1, 2, 0, t -> t.flags = TransferFlags.BALANCING_DEBIT));
        assertThat(driver.transfer(13).amount).isZero();
        ok(T1 + 5000, voidPending(14, 11));
        ok(T1 + 6000, transfer(15, 1, 2, 0, t -> t.flags = TransferFlags.BALANCING_DEBIT));
        assertThat(driver.transfer(15).amount).isEqualTo(30);
        assertBalances(1, 0, 100, 0, 100);
    }

    @Test
    void shouldClampABalancingCreditToTheCreditAccountsDebits()
    {
        openAccounts(1, 2, 3);
        ok(T1, transfer(10, 2, 3, 100), pending(11, 1, 2, 25));
        ok(T1 + 1000, transfer(12, 1, 2, 0, t -> t.flags = TransferFlags.BALANCING_CREDIT));
        assertThat(driver.transfer(12).amount).isEqualTo(75);
        assertBalances(2, 0, 100, 25, 75);
        ok(T1 + 2000, transfer(13, 1, 2, 5, t -> t.flags = TransferFlags.BALANCING_CREDIT));
        assertThat(driver.transfer(13).amount).isZero();
    }

    @Test
    void shouldClampBothSidesOfAPendingBalancingTransfer()
    {
        openAccounts(1, 2, 3);
        ok(T1, transfer(10, 3, 1, 50), transfer(11, 2, 3, 20));
        ok(T1 + 1000, transfer(12, 1, 2, 0,
            t -> t.flags = PENDING | TransferFlags.BALANCING_DEBIT | TransferFlags.BALANCING_CREDIT));
        assertThat(driver.transfer(12).amount).isEqualTo(20);
        assertBalances(1, 20, 0, 0, 50);
        assertBalances(2, 0, 20, 20, 0);
    }

    @Test
    void shouldNeverExceedCreditsWithABalancingDebit()
    {
        openAccounts(1, 4);
        ok(T1, transfer(10, 1, 4, 40));
        ok(T1 + 1000, transfer(11, 4, 1, 1000, t -> t.flags = TransferFlags.BALANCING_DEBIT));
        assertThat(driver.transfer(11).amount).isEqualTo(40);
        assertBalances(4, 0, 40, 0, 40);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Closing transfers

    @Test
    void shouldCloseAccountsAndReopenThemOnVoid()
    {
        openAccounts(1, 2, 3);
        ok(T1, pending(9, 3, 1, 5));
        final int closing = TransferFlags.CLOSING_DEBIT | TransferFlags.CLOSING_CREDIT;
        ok(T1 + 1000, transfer(10, 1, 2, 0, t -> t.flags = PENDING | closing));
        assertThat(closed(1)).isTrue();
        assertThat(closed(2)).isTrue();
        assertThat(closed(3)).isFalse();

        assertThat(submit(T1 + 2000, transfer(11, 1, 3, 1), transfer(12, 3, 2, 1), transfer(13, 3, 1, 1),
            post(14, 10, MAX), post(15, 9, MAX)))
            .containsExactly(DEBIT_ACCOUNT_ALREADY_CLOSED, CREDIT_ACCOUNT_ALREADY_CLOSED,
                CREDIT_ACCOUNT_ALREADY_CLOSED, DEBIT_ACCOUNT_ALREADY_CLOSED, CREDIT_ACCOUNT_ALREADY_CLOSED);
        assertThat(driver.ledger().transferCount()).isEqualTo(2);
        assertThat(driver.createAccounts(T1 + 2500, List.of(AccountRecord.of(1, 1, 1, 0))))
            .as("the closed flag is part of the account's flags")
            .containsExactly(CreateAccountResult.EXISTS_WITH_DIFFERENT_FLAGS);

        // Voiding is the one movement a closed account allows: the pending 5 into account 1, and the closing one.
        ok(T1 + 3000, voidPending(16, 9), voidPending(17, 10));
        assertThat(closed(1)).isFalse();
        assertThat(closed(2)).isFalse();
        assertThat(submit(T1 + 4000, transfer(11, 1, 3, 1), transfer(18, 1, 3, 1)))
            .as("a transiently failed id stays burned").containsExactly(ID_ALREADY_FAILED, OK);
        assertBalances(1, 0, 1, 0, 0);
    }

    @Test
    void shouldReopenAnAccountWhenItsClosingTransferExpires()
    {
        openAccounts(1, 2);
        ok(T1, transfer(10, 1, 2, 5, t ->
        {
            t.flags = PENDING | TransferFlags.CLOSING_CREDIT;
            t.timeout = 1;
        }));
        assertThat(closed(2)).isTrue();
        assertThat(closed(1)).isFalse();
        assertBalances(2, 0, 0, 5, 0);

        assertThat(driver.ledger().expirePendingTransfers(T1 + SECOND)).isEqualTo(1);
        assertThat(closed(2)).isFalse();
        assertBalances(2, 0, 0, 0, 0);
        ok(T1 + SECOND + 1000, transfer(11, 1, 2, 1));
    }

    @Test
    void shouldRefuseTransfersOfAnAccountCreatedClosed()
    {
        assertThat(driver.createAccounts(T0, List.of(
            AccountRecord.of(1, 1, 1, 0), AccountRecord.of(2, 1, 1, AccountFlags.CLOSED))))
            .containsExactly(CreateAccountResult.OK, CreateAccountResult.OK);
        assertThat(submit(T1, transfer(10, 1, 2, 1), transfer(11, 2, 1, 1)))
            .containsExactly(CREDIT_ACCOUNT_ALREADY_CLOSED, DEBIT_ACCOUNT_ALREADY_CLOSED);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Balance limits

    @Test
    void shouldAllowDebitsUpToTheCreditsExactly()
    {
        openAccounts(1, 2, 4);
        ok(T1, transfer(10, 1, 4, 100));
        ok(T1 + 1000, transfer(11, 4, 2, 60), pending(12, 4, 2, 40));
        assertBalances(4, 40, 60, 0, 100);
        assertThat(submit(T1 + 2000, transfer(13, 4, 2, 1), pending(14, 4, 2, 1)))
            .containsExactly(EXCEEDS_CREDITS, EXCEEDS_CREDITS);
        ok(T1 + 3000, voidPending(15, 12));
        ok(T1 + 4000, transfer(16, 4, 2, 40));
        assertBalances(4, 0, 100, 0, 100);
    }

    @Test
    void shouldAllowCreditsUpToTheDebitsExactly()
    {
        openAccounts(1, 2, 5);
        ok(T1, transfer(10, 5, 1, 100));
        ok(T1 + 1000, transfer(11, 2, 5, 99));
        assertThat(submit(T1 + 2000, transfer(12, 2, 5, 2))).containsExactly(EXCEEDS_DEBITS);
        ok(T1 + 3000, pending(13, 2, 5, 1));
        assertBalances(5, 0, 100, 1, 99);
        assertThat(submit(T1 + 4000, transfer(14, 2, 5, 1))).containsExactly(EXCEEDS_DEBITS);
    }

    // ---------------------------------------------------------------------------------------------------------
    // 128-bit ids and amounts

    @Test
    void shouldKeepIdsThatDifferOnlyInOneHalfApart()
    {
        final BigInteger two64 = BigInteger.ONE.shiftLeft(64);
        final List<BigInteger> ids = List.of(u128(1), two64, two64.add(u128(1)), two64.subtract(u128(1)),
            MAX.subtract(u128(1)), two64.shiftLeft(63));
        final List<AccountRecord> accounts = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++)
        {
            final int code = i + 1;
            accounts.add(account(ids.get(i), a -> a.code = code));
        }
        assertThat(driver.createAccounts(T0, accounts)).containsOnly(CreateAccountResult.OK);
        assertThat(driver.lookupAccounts(ids)).extracting(a -> a.code).containsExactly(1, 2, 3, 4, 5, 6);

        final TransferRecord transfer = TransferRecord.of(0, 0, 0, 1, 1, 1, 0);
        transfer.id = two64.add(u128(10));
        transfer.debitAccountId = two64;
        transfer.creditAccountId = u128(1);
        ok(T1, transfer);
        assertThat(driver.transfer(10)).isNull();
        assertThat(driver.transfer(two64.add(u128(10))).debitAccountId).isEqualTo(two64);
        assertBalances(two64, BigInteger.ZERO, u128(1), BigInteger.ZERO, BigInteger.ZERO);
        assertBalances(u128(1), BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, u128(1));
        assertBalances(two64.add(u128(1)), BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO);
    }

    @Test
    void shouldCarryAndBorrowAcrossThe64BitHalves()
    {
        openAccounts(1, 2);
        final BigInteger two64 = BigInteger.ONE.shiftLeft(64);
        ok(T1, transfer(10, 1, 2, two64.subtract(u128(1)), t -> { }));
        ok(T1 + 1000, transfer(11, 1, 2, 1));
        assertBalances(u128(1), BigInteger.ZERO, two64, BigInteger.ZERO, BigInteger.ZERO);
        assertBalances(u128(2), BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, two64);

        final BigInteger big = two64.add(two64.subtract(u128(1)));
        ok(T1 + 2000, transfer(12, 1, 2, big, t -> { }));
        final BigInteger posted = two64.add(big);
        assertBalances(u128(1), BigInteger.ZERO, posted, BigInteger.ZERO, BigInteger.ZERO);

        ok(T1 + 3000, transfer(13, 1, 2, two64.add(u128(1)), t -> t.flags = PENDING));
        assertBalances(u128(1), two64.add(u128(1)), posted, BigInteger.ZERO, BigInteger.ZERO);
        ok(T1 + 4000, post(14, 13, u128(2)));
        assertBalances(u128(1), BigInteger.ZERO, posted.add(u128(2)), BigInteger.ZERO, BigInteger.ZERO);
        assertBalances(u128(2), BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, posted.add(u128(2)));
    }

    @Test
    void shouldPostAPendingTransferOfTheLargestAmount()
    {
        openAccounts(1, 2);
        ok(T1, transfer(10, 1, 2, MAX, t -> t.flags = PENDING));
        assertBalances(u128(1), MAX, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO);
        ok(T1 + 1000, post(11, 10, MAX));
        assertThat(driver.transfer(11).amount).isEqualTo(MAX);
        assertBalances(u128(1), BigInteger.ZERO, MAX, BigInteger.ZERO, BigInteger.ZERO);
        assertBalances(u128(2), BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, MAX);
        assertThat(submit(T1 + 2000, transfer(12, 1, 2, 1), transfer(13, 1, 2, 0)))
            .containsExactly(OVERFLOWS_DEBITS_POSTED, OK);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Idempotency of posts and voids

    @Test
    void shouldCompareAResubmittedPostWithWhatItResolvedTo()
    {
        openAccounts(1, 2, 3);
        ok(T1, transfer(10, 1, 2, 100, t ->
        {
            t.flags = PENDING;
            t.userData128 = u128(70);
            t.userData64 = 80;
            t.userData32 = 90;
        }));
        final TransferRecord sent = post(11, 10, MAX);
        ok(T1 + 1000, sent);
        final TransferRecord recorded = driver.transfer(11);
        assertThat(List.of(recorded.userData128, recorded.userData64, recorded.userData32, recorded.amount))
            .containsExactly(u128(70), 80L, 90, u128(100));

        final TransferRecord explicit = post(11, 10, 100, t ->
        {
            t.debitAccountId = u128(1);
            t.creditAccountId = u128(2);
            t.userData128 = u128(70);
            t.userData64 = 80;
            t.userData32 = 90;
            t.ledger = 1;
            t.code = 1;
        });
        assertThat(submit(T1 + 2000,
            sent,
            explicit,
            post(11, 10, MAX, t -> t.flags = TransferFlags.VOID_PENDING_TRANSFER),
            post(11, 12, MAX, t -> { }),
            post(11, 10, MAX, t -> t.timeout = 1),
            post(11, 10, MAX, t -> t.debitAccountId = u128(2)),
            post(11, 10, MAX, t -> t.creditAccountId = u128(3)),
            post(11, 10, 99, t -> { }),
            post(11, 10, 0, t -> { }),
            post(11, 10, MAX, t -> t.userData128 = u128(71)),
            post(11, 10, MAX, t -> t.userData64 = 81),
            post(11, 10, MAX, t -> t.userData32 = 91),
            post(11, 10, MAX, t -> t.ledger = 2),
            post(11, 10, MAX, t -> t.code = 2)))
            .containsExactly(EXISTS, EXISTS, EXISTS_WITH_DIFFERENT_FLAGS, EXISTS_WITH_DIFFERENT_PENDING_ID,
                EXISTS_WITH_DIFFERENT_TIMEOUT, EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT_ID,
                EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT_ID, EXISTS_WITH_DIFFERENT_AMOUNT, EXISTS_WITH_DIFFERENT_AMOUNT,
                EXISTS_WITH_DIFFERENT_USER_DATA_128, EXISTS_WITH_DIFFERENT_USER_DATA_64,
                EXISTS_WITH_DIFFERENT_USER_DATA_32, EXISTS_WITH_DIFFERENT_LEDGER, EXISTS_WITH_DIFFERENT_CODE);
        assertBalances(1, 0, 100, 0, 0);
        assertThat(driver.ledger().transferCount()).isEqualTo(2);
    }

    @Test
    void shouldCompareAResubmittedPartialPostAndVoid()
    {
        openAccounts(1, 2);
        ok(T1, transfer(10, 1, 2, 100, t ->
        {
            t.flags = PENDING;
            t.userData128 = u128(70);
        }), pending(20, 1, 2, 30));
        ok(T1 + 1000, post(11, 10, 40, t -> t.userData128 = u128(5)), voidPending(21, 20));
        assertThat(driver.transfer(11).userData128).isEqualTo(5);
        assertThat(driver.transfer(21).amount).isEqualTo(30);

        assertThat(submit(T1 + 2000,
            post(11, 10, 40, t -> t.userData128 = u128(5)),
            post(11, 10, MAX, t -> t.userData128 = u128(5)),
            post(11, 10, 40, t -> { }),
            voidPending(21, 20),
            voidPending(21, 20, t -> t.amount = u128(30)),
            voidPending(21, 20, t -> t.amount = u128(29))))
            .containsExactly(EXISTS, EXISTS_WITH_DIFFERENT_AMOUNT, EXISTS_WITH_DIFFERENT_USER_DATA_128, EXISTS, EXISTS,
                EXISTS_WITH_DIFFERENT_AMOUNT);
    }
}
