package dev.ledger.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import static dev.ledger.core.CreateTransferResult.*;
import static dev.ledger.core.LedgerEvents.MAX;
import static dev.ledger.core.LedgerEvents.account;
import static dev.ledger.core.LedgerEvents.post;
import static dev.ledger.core.LedgerEvents.transfer;
import static dev.ledger.core.LedgerEvents.voidPending;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Ledger#stateHash()}: replicas fed the same calls agree after every call; every accepted batch changes
 * the hash, a refused one does not; a failed linked chain leaves only its results in the hash.
 */
class LedgerStateHashTest
{
    static final long T0 = 1_000_000_000_000L;
    static final long SECOND = 1_000_000_000L;

    /** A call on a ledger, and whether it must change the hash. */
    record Step(String name, Consumer<LedgerDriver> call, boolean changesHash)
    {
    }

    private static LedgerDriver newDriver()
    {
        return new LedgerDriver(new LedgerConfig(8, 32, LedgerConfig.HISTORY_MIN));
    }

    private static Step accounts(final String name, final long time, final AccountRecord... accounts)
    {
        return new Step(name, driver -> driver.createAccounts(time, List.of(accounts)), true);
    }

    private static Step transfers(final String name, final long time, final TransferRecord... transfers)
    {
        return new Step(name, driver -> driver.createTransfers(time, List.of(transfers)), true);
    }

    private static List<Step> script()
    {
        final List<Step> steps = new ArrayList<>();
        steps.add(accounts("accounts", T0, account(1, a -> { }), account(2, a -> a.flags = AccountFlags.HISTORY),
            account(4, a -> a.flags = AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS)));
        steps.add(accounts("accounts that all fail", T0 + 10, account(0, a -> { }), account(3, a -> a.ledger = 0)));
        steps.add(accounts("resubmitted accounts", T0 + 20, account(1, a -> { })));
        steps.add(transfers("single-phase and pending", T0 + 1000, transfer(10, 1, 2, 5),
            transfer(11, 1, 2, 7, t ->
            {
                t.flags = TransferFlags.PENDING;
                t.timeout = 1;
            }),
            transfer(12, 2, 1, 3, t -> t.flags = TransferFlags.PENDING)));
        steps.add(transfers("transient failure", T0 + 2000, transfer(13, 4, 1, 1)));
        steps.add(transfers("retry of the burned id", T0 + 3000, transfer(13, 4, 1, 1)));
        steps.add(transfers("failed chain", T0 + 4000, transfer(14, 1, 2, 1, t -> t.flags = TransferFlags.LINKED),
            transfer(15, 1, 2, 1, t -> t.code = 0)));
        steps.add(transfers("resubmission answering exists", T0 + 5000, transfer(10, 1, 2, 5)));
        steps.add(new Step("expiry with nothing due", driver -> driver.ledger().expirePendingTransfers(T0 + 6000),
            false));
        steps.add(new Step("refused batch", driver -> driver.createAccounts(T0 + 7000, List.of(
            account(20, a -> { }), account(21, a -> { }), account(22, a -> { }), account(23, a -> { }),
            account(24, a -> { }), account(25, a -> { }))), false));
        steps.add(new Step("expiry of transfer 11", driver -> driver.ledger().expirePendingTransfers(T0 + 2 * SECOND),
            true));
        steps.add(transfers("post and void", T0 + 3 * SECOND, post(16, 12, MAX), voidPending(17, 11)));
        steps.add(accounts("imported account", T0 + 4 * SECOND, account(5, a ->
        {
            a.flags = AccountFlags.IMPORTED;
            a.timestamp = T0 + 3;
        })));
        return steps;
    }

    @Test
    void shouldAgreeOnReplicasFedTheSameCallsAndChangeWithEveryAcceptedBatch()
    {
        final LedgerDriver first = newDriver();
        final LedgerDriver second = newDriver();
        assertThat(first.ledger().stateHash()).isEqualTo(second.ledger().stateHash());
        final Set<Long> seen = new HashSet<>();
        seen.add(first.ledger().stateHash());
        for (final Step step : script())
        {
            final long before = first.ledger().stateHash();
            step.call().accept(first);
            step.call().accept(second);
            final long after = first.ledger().stateHash();
            assertThat(second.ledger().stateHash()).as(step.name()).isEqualTo(after);
            if (step.changesHash())
            {
                assertThat(seen.add(after)).as("%s gives a hash never seen before", step.name()).isTrue();
            }
            else
            {
                assertThat(after).as("%s leaves the hash", step.name()).isEqualTo(before);
            }
        }
    }

    @Test
    void shouldDivergeForGoodAfterOneDifferentCall()
    {
        final LedgerDriver first = newDriver();
        final LedgerDriver second = newDriver();
        final List<Step> steps = script();
        steps.get(0).call().accept(first);
        steps.get(0).call().accept(second);
        first.createTransfers(T0 + 100, List.of(transfer(30, 1, 2, 1)));
        second.createTransfers(T0 + 100, List.of(transfer(30, 1, 2, 2)));
        for (final Step step : steps.subList(1, steps.size()))
        {
            step.call().accept(first);
            step.call().accept(second);
            assertThat(first.ledger().stateHash()).as(step.name()).isNotEqualTo(second.ledger().stateHash());
        }
    }

    @Test
    void shouldHashAFailedChainAsOnlyItsResults()
    {
        final LedgerDriver first = newDriver();
        final LedgerDriver second = newDriver();
        final LedgerDriver third = newDriver();
        final LedgerDriver fourth = newDriver();
        for (final LedgerDriver driver : List.of(first, second, third, fourth))
        {
            script().get(0).call().accept(driver);
        }
        final long before = first.ledger().stateHash();

        // Different linked events that would have succeeded, the same results: the same hash.
        assertThat(first.createTransfers(T0 + 1000, List.of(
            transfer(20, 1, 2, 5, t -> t.flags = TransferFlags.LINKED),
            transfer(21, 1, 2, 1, t -> t.ledger = 0))))
            .containsExactly(LINKED_EVENT_FAILED, LEDGER_MUST_NOT_BE_ZERO);
        assertThat(second.createTransfers(T0 + 1000, List.of(
            transfer(30, 2, 1, 9, t ->
            {
                t.flags = TransferFlags.LINKED | TransferFlags.PENDING;
                t.timeout = 5;
            }),
            transfer(31, 2, 1, 2, t -> t.ledger = 0))))
            .containsExactly(LINKED_EVENT_FAILED, LEDGER_MUST_NOT_BE_ZERO);
        assertThat(first.ledger().stateHash()).isEqualTo(second.ledger().stateHash()).isNotEqualTo(before);

        // Another failure code, or the first event not linked (so it is created), gives another hash.
        assertThat(third.createTransfers(T0 + 1000, List.of(
            transfer(20, 1, 2, 5, t -> t.flags = TransferFlags.LINKED),
            transfer(21, 1, 2, 1, t -> t.code = 0))))
            .containsExactly(LINKED_EVENT_FAILED, CODE_MUST_NOT_BE_ZERO);
        assertThat(fourth.createTransfers(T0 + 1000, List.of(
            transfer(20, 1, 2, 5),
            transfer(21, 1, 2, 1, t -> t.ledger = 0))))
            .containsExactly(OK, LEDGER_MUST_NOT_BE_ZERO);
        assertThat(Set.of(first.ledger().stateHash(), third.ledger().stateHash(), fourth.ledger().stateHash()))
            .hasSize(3);

        // From here on the two ledgers with equal hashes are equal in state: the same batch gives the same results.
        final List<TransferRecord> next = List.of(transfer(20, 1, 2, 5), transfer(30, 2, 1, 9), transfer(21, 1, 2, 1));
        assertThat(first.createTransfers(T0 + 2000, next)).containsOnly(OK);
        assertThat(second.createTransfers(T0 + 2000, next)).containsOnly(OK);
        assertThat(first.ledger().stateHash()).isEqualTo(second.ledger().stateHash());
        assertThat(first.account(1)).isEqualTo(second.account(1));
    }

    @Test
    void shouldChangeTheHashButNoStateWhenABatchIsResubmitted()
    {
        final LedgerDriver driver = newDriver();
        script().get(0).call().accept(driver);
        final List<TransferRecord> batch = List.of(transfer(10, 1, 2, 5), transfer(11, 2, 1, 3));
        assertThat(driver.createTransfers(T0 + 1000, batch)).containsOnly(OK);
        final AccountRecord account = driver.account(1);
        final long hash = driver.ledger().stateHash();
        assertThat(driver.createTransfers(T0 + 2000, batch)).containsOnly(EXISTS);
        assertThat(driver.account(1)).isEqualTo(account);
        assertThat(driver.ledger().transferCount()).isEqualTo(2);
        assertThat(driver.ledger().stateHash()).isNotEqualTo(hash);
    }
}
