package dev.ledger.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static dev.ledger.core.CreateTransferResult.*;
import static dev.ledger.core.LedgerEvents.account;
import static dev.ledger.core.LedgerEvents.post;
import static dev.ledger.core.LedgerEvents.transfer;
import static dev.ledger.core.LedgerEvents.u128;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Scenario tests of timestamps (strictly increasing whatever the cluster time does), imported events
 * (historical timestamps and their rules) and capacity (a batch that does not fit is refused whole).
 */
class LedgerTimestampsAndCapacityTest extends LedgerScenarioSupport
{
    // ---------------------------------------------------------------------------------------------------------
    // Timestamps

    @Test
    void shouldKeepTimestampsStrictlyIncreasingWhenClusterTimeStandsStillOrGoesBack()
    {
        assertThat(driver.createAccounts(T1, List.of(AccountRecord.of(1, 1, 1, 0), AccountRecord.of(2, 1, 1, 0))))
            .containsOnly(CreateAccountResult.OK);
        assertThat(driver.createAccounts(T1, List.of(AccountRecord.of(3, 1, 1, 0))))
            .containsOnly(CreateAccountResult.OK);
        assertThat(driver.createAccounts(T1 - 1000, List.of(AccountRecord.of(4, 1, 1, 0))))
            .containsOnly(CreateAccountResult.OK);
        assertThat(driver.lookupAccounts(List.of(u128(1), u128(2), u128(3), u128(4)))).extracting(a -> a.timestamp)
            .containsExactly(T1, T1 + 1, T1 + 2, T1 + 3);

        assertThat(submit(T1 - 5, transfer(10, 1, 2, 1), transfer(0, 1, 2, 1), transfer(12, 1, 2, 1)))
            .containsExactly(OK, ID_MUST_NOT_BE_ZERO, OK);
        assertThat(driver.lookupTransfers(List.of(u128(10), u128(12)))).extracting(t -> t.timestamp)
            .as("a failed event still takes its timestamp").containsExactly(T1 + 4, T1 + 6);
        assertThat(driver.ledger().lastTimestampNs()).isEqualTo(T1 + 6);

        assertThat(submit(T1 + 100, transfer(0, 1, 2, 1))).containsExactly(ID_MUST_NOT_BE_ZERO);
        assertThat(driver.ledger().lastTimestampNs()).isEqualTo(T1 + 100);
        ok(T1 + 100, transfer(13, 1, 2, 1));
        assertThat(driver.transfer(13).timestamp).isEqualTo(T1 + 101);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Imported events

    @Test
    void shouldImportAccountsAndTransfersWithHistoricalTimestamps()
    {
        final long now = T0 + 10 * SECOND;
        assertThat(driver.createAccounts(now, List.of(importedAccount(1, 100), importedAccount(2, 200))))
            .containsExactly(CreateAccountResult.OK, CreateAccountResult.OK);
        assertThat(driver.lookupAccounts(List.of(u128(1), u128(2)))).extracting(a -> a.timestamp)
            .containsExactly(100L, 200L);

        ok(now + SECOND, importedTransfer(10, 1, 2, 300), importedTransfer(11, 2, 1, 301));
        assertThat(driver.lookupTransfers(List.of(u128(10), u128(11)))).extracting(t -> t.timestamp)
            .containsExactly(300L, 301L);
        assertThat(submit(now + SECOND, importedTransfer(12, 1, 2, 301), importedTransfer(13, 1, 2, 250)))
            .containsExactly(IMPORTED_EVENT_TIMESTAMP_MUST_NOT_REGRESS, IMPORTED_EVENT_TIMESTAMP_MUST_NOT_REGRESS);

        // Accounts only need to be after accounts, and apart from every transfer.
        assertThat(driver.createAccounts(now + 2 * SECOND, List.of(importedAccount(3, 300), importedAccount(4, 250),
            importedAccount(5, 400))))
            .containsExactly(CreateAccountResult.IMPORTED_EVENT_TIMESTAMP_MUST_NOT_REGRESS, CreateAccountResult.OK,
                CreateAccountResult.OK);
        assertThat(submit(now + 3 * SECOND, importedTransfer(14, 4, 1, 302), importedTransfer(15, 1, 5, 350),
            importedTransfer(16, 5, 1, 399), importedTransfer(17, 5, 1, 400), importedTransfer(18, 5, 1, 401)))
            .containsExactly(OK, IMPORTED_EVENT_TIMESTAMP_MUST_POSTDATE_CREDIT_ACCOUNT,
                IMPORTED_EVENT_TIMESTAMP_MUST_POSTDATE_DEBIT_ACCOUNT, IMPORTED_EVENT_TIMESTAMP_MUST_NOT_REGRESS, OK);
        assertBalances(1, 0, 1, 0, 3);

        // A batch is all imported or none, decided by its first event.
        assertThat(submit(now + 4 * SECOND, transfer(20, 1, 2, 1), importedTransfer(21, 1, 2, 500)))
            .containsExactly(OK, IMPORTED_EVENT_NOT_EXPECTED);
        assertThat(submit(now + 5 * SECOND, importedTransfer(22, 1, 2, 501), transfer(23, 1, 2, 1)))
            .as("imported timestamps must follow the non-imported transfer 20")
            .containsExactly(IMPORTED_EVENT_TIMESTAMP_MUST_NOT_REGRESS, IMPORTED_EVENT_EXPECTED);
        ok(now + 6 * SECOND, importedTransfer(24, 1, 2, now + 5 * SECOND + 2));
        assertThat(driver.transfer(24).timestamp).isEqualTo(now + 5 * SECOND + 2);
    }

    @Test
    void shouldImportAPostOfAPendingTransfer()
    {
        final long now = T0 + 10 * SECOND;
        assertThat(driver.createAccounts(now, List.of(importedAccount(1, 100), importedAccount(2, 200))))
            .containsOnly(CreateAccountResult.OK);
        ok(now + SECOND, importedTransfer(10, 1, 2, 300, PENDING));
        ok(now + 2 * SECOND, post(11, 10, 1, t ->
        {
            t.flags |= TransferFlags.IMPORTED;
            t.timestamp = 400;
        }));
        assertThat(driver.transfer(11).timestamp).isEqualTo(400);
        assertBalances(1, 0, 1, 0, 0);
    }

    private static AccountRecord importedAccount(final long id, final long timestamp)
    {
        return account(id, a ->
        {
            a.flags = AccountFlags.IMPORTED;
            a.timestamp = timestamp;
        });
    }

    private static TransferRecord importedTransfer(
        final long id, final long debit, final long credit, final long timestamp)
    {
        return importedTransfer(id, debit, credit, timestamp, 0);
    }

    private static TransferRecord importedTransfer(
        final long id, final long debit, final long credit, final long timestamp, final int flags)
    {
        return transfer(id, debit, credit, 1, t ->
        {
            t.flags = TransferFlags.IMPORTED | flags;
            t.timestamp = timestamp;
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // Capacity

    @Test
    void shouldRefuseAWholeAccountsBatchThatDoesNotFit()
    {
        final LedgerDriver small = new LedgerDriver(new LedgerConfig(3, 4, LedgerConfig.HISTORY_MIN));
        assertThat(small.createAccounts(T0, List.of(AccountRecord.of(1, 1, 1, 0), AccountRecord.of(2, 1, 1, 0))))
            .containsOnly(CreateAccountResult.OK);
        final long hash = small.ledger().stateHash();

        assertThat(small.createAccounts(T1, List.of(AccountRecord.of(3, 1, 1, 0), AccountRecord.of(4, 1, 1, 0))))
            .isEmpty();
        assertThat(small.lastBatchStatus()).isEqualTo(BatchStatus.ACCOUNTS_FULL);
        assertThat(small.ledger().accountCount()).isEqualTo(2);
        assertThat(small.account(3)).isNull();
        assertThat(small.ledger().lastTimestampNs()).isEqualTo(T0 + 1);
        assertThat(small.ledger().stateHash()).isEqualTo(hash);

        assertThat(small.createAccounts(T1, List.of(AccountRecord.of(3, 1, 1, 0))))
            .containsExactly(CreateAccountResult.OK);
        assertThat(small.account(3).timestamp).isEqualTo(T1);
        // Full: a retry of recorded accounts is answered event by event; one new id refuses the whole batch.
        assertThat(small.createAccounts(T1 + 1000, List.of(AccountRecord.of(1, 1, 1, 0), AccountRecord.of(3, 1, 1, 0))))
            .containsExactly(CreateAccountResult.EXISTS, CreateAccountResult.EXISTS);
        assertThat(small.createAccounts(T1 + 2000, List.of(AccountRecord.of(1, 1, 1, 0), AccountRecord.of(5, 1, 1, 0))))
            .isEmpty();
        assertThat(small.lastBatchStatus()).isEqualTo(BatchStatus.ACCOUNTS_FULL);
    }

    @Test
    void shouldRefuseAWholeTransfersBatchThatDoesNotFit()
    {
        final LedgerDriver small = new LedgerDriver(new LedgerConfig(4, 4, LedgerConfig.HISTORY_MIN));
        assertThat(small.createAccounts(T0, List.of(AccountRecord.of(1, 1, 1, 0), AccountRecord.of(2, 1, 1, 0))))
            .containsOnly(CreateAccountResult.OK);
        assertThat(small.createTransfers(T1, List.of(transfer(10, 1, 2, 1), pending(11, 1, 2, 5, 1))))
            .containsOnly(OK);
        assertThat(small.createTransfers(T1 + 1000, List.of(transfer(12, 9, 2, 1))))
            .containsExactly(DEBIT_ACCOUNT_NOT_FOUND);
        final long hash = small.ledger().stateHash();
        final long last = small.ledger().lastTimestampNs();

        // One id is left (2 transfers and 1 burned id of 4): a batch of 2 is refused, even its due expiry.
        assertThat(small.createTransfers(T1 + 2 * SECOND, List.of(transfer(13, 1, 2, 1), transfer(14, 1, 2, 1))))
            .isEmpty();
        assertThat(small.lastBatchStatus()).isEqualTo(BatchStatus.TRANSFERS_FULL);
        assertThat(small.ledger().transferCount()).isEqualTo(2);
        assertThat(small.transfer(13)).isNull();
        assertThat(small.account(1).debitsPending).isEqualTo(5);
        assertThat(small.ledger().stateHash()).isEqualTo(hash);
        assertThat(small.ledger().lastTimestampNs()).isEqualTo(last);

        assertThat(small.createTransfers(T1 + 2 * SECOND, List.of(transfer(13, 1, 2, 1)))).containsExactly(OK);
        assertThat(small.account(1).debitsPending).isZero();
        assertThat(small.createTransfers(T1 + 3 * SECOND, List.of(transfer(14, 1, 2, 1)))).isEmpty();
        assertThat(small.lastBatchStatus()).isEqualTo(BatchStatus.TRANSFERS_FULL);

        // Full (3 transfers and 1 burned id of 4): a retry of recorded ids is still answered event by event.
        final long before = small.ledger().transferCount();
        assertThat(small.createTransfers(T1 + 4 * SECOND, List.of(transfer(10, 1, 2, 1), transfer(12, 9, 2, 1),
            transfer(13, 1, 2, 1)))).containsExactly(EXISTS, ID_ALREADY_FAILED, EXISTS);
        assertThat(small.ledger().transferCount()).isEqualTo(before);
        assertThat(small.createTransfers(T1 + 5 * SECOND, List.of(transfer(10, 1, 2, 1), transfer(15, 1, 2, 1))))
            .isEmpty();
        assertThat(small.lastBatchStatus()).isEqualTo(BatchStatus.TRANSFERS_FULL);
    }

    @Test
    void shouldRejectABatchOutsideItsBuffersOrOverlappingItsResultsBeforeChangingAnything()
    {
        assertThat(driver.createAccounts(T0, List.of(AccountRecord.of(1, 1, 1, 0), AccountRecord.of(2, 1, 1, 0))))
            .containsOnly(CreateAccountResult.OK);
        ok(T1, pending(10, 1, 2, 5, 1));
        final Ledger ledger = driver.ledger();
        final long hash = ledger.stateHash();
        final long last = ledger.lastTimestampNs();

        // The batch loop reads events and writes results unchecked: both ranges are checked first, before the
        // pending transfer's due expiry or any event.
        final UnsafeBuffer events = new UnsafeBuffer(
            new byte[2 * LedgerLimits.RECORD_LENGTH]);
        transfer(11, 1, 2, 1).encode(events, 0);
        transfer(12, 1, 2, 1).encode(events, LedgerLimits.RECORD_LENGTH);
        final UnsafeBuffer results = new UnsafeBuffer(
            new byte[2 * LedgerLimits.RESULT_LENGTH]);
        final long later = T1 + 2 * SECOND;
        assertThatThrownBy(() -> ledger.createTransfers(later, events, 0, 3, results, 0))
            .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ledger.createTransfers(later, events, 0, 2, results, 4))
            .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ledger.createTransfers(later, events, -8, 2, results, 0))
            .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ledger.createAccounts(later, events, 8, 2, results, 0))
            .isInstanceOf(IndexOutOfBoundsException.class);
        // Results written over the events would change ids the batch loop has already hashed.
        assertThatThrownBy(() -> ledger.createTransfers(later, events, 0, 2, events, LedgerLimits.RECORD_LENGTH + 4))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("overlap");
        assertThatThrownBy(() -> ledger.createTransfers(later, events, 0, 1, new UnsafeBuffer(events, 120, 8), 0))
            .isInstanceOf(IllegalArgumentException.class);
        final UnsafeBuffer direct = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(3 * LedgerLimits.RECORD_LENGTH));
        direct.putBytes(0, events, 0, 2 * LedgerLimits.RECORD_LENGTH);
        assertThatThrownBy(() -> ledger.createTransfers(later, direct, 0, 2, new UnsafeBuffer(direct, 200, 8), 0))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(ledger.stateHash()).isEqualTo(hash);
        assertThat(ledger.lastTimestampNs()).isEqualTo(last);
        assertThat(ledger.transferCount()).isEqualTo(1);
        assertThat(driver.account(1).debitsPending).as("the expiry waited").isEqualTo(5);

        assertThat(ledger.createTransfers(later, events, 0, 2, results, 0)).isEqualTo(BatchStatus.OK);
        assertThat(results.getInt(0, Wire.ORDER)).isEqualTo(OK.code());
        assertThat(results.getInt(LedgerLimits.RESULT_LENGTH, Wire.ORDER)).isEqualTo(OK.code());
        assertThat(driver.account(1).debitsPending).isZero();
        assertThat(driver.account(1).debitsPosted).isEqualTo(2);
    }

    @Test
    void shouldRefuseATransfersBatchThatCouldOverflowTheBalanceHistory()
    {
        final int historyMax = LedgerConfig.HISTORY_MIN;
        final LedgerDriver small =
            new LedgerDriver(new LedgerConfig(4, 3 * LedgerLimits.BATCH_EVENTS_MAX, historyMax));
        assertThat(small.createAccounts(T0, List.of(AccountRecord.of(1, 1, 1, AccountFlags.HISTORY),
            AccountRecord.of(2, 1, 1, AccountFlags.HISTORY))))
            .containsOnly(CreateAccountResult.OK);
        // Each transfer between the two history accounts takes two snapshots: leave room for exactly 4.
        final int fill = historyMax / 2 - 2;
        final List<TransferRecord> batch = new ArrayList<>();
        for (int i = 0; i < fill; i++)
        {
            batch.add(transfer(1000 + i, 1, 2, 1));
        }
        assertThat(small.createTransfers(T1, batch)).containsOnly(OK);

        assertThat(small.createTransfers(T1 + SECOND,
            List.of(transfer(10, 1, 2, 1), transfer(11, 1, 2, 1), transfer(12, 1, 2, 1))))
            .as("3 transfers could need 6 snapshots").isEmpty();
        assertThat(small.lastBatchStatus()).isEqualTo(BatchStatus.TRANSFERS_FULL);
        // A rolled-back chain gives its snapshots back.
        assertThat(small.createTransfers(T1 + SECOND,
            List.of(linked(transfer(10, 1, 2, 1)), transfer(11, 1, 2, 1, t -> t.code = 0))))
            .containsExactly(LINKED_EVENT_FAILED, CODE_MUST_NOT_BE_ZERO);
        assertThat(small.createTransfers(T1 + 2 * SECOND, List.of(transfer(10, 1, 2, 1), transfer(11, 1, 2, 1))))
            .containsOnly(OK);
        final LedgerDriver.AccountFilter filter = LedgerDriver.AccountFilter.of(u128(1));
        filter.flags |= Wire.FILTER_REVERSED;
        filter.limit = 1;
        assertThat(small.accountBalances(filter)).containsExactly(new LedgerDriver.Balance(
            BigInteger.ZERO, u128(fill + 2), BigInteger.ZERO, BigInteger.ZERO, T1 + 2 * SECOND + 1));
        assertThat(small.createTransfers(T1 + 3 * SECOND, List.of(transfer(12, 1, 2, 1)))).isEmpty();
        assertThat(small.lastBatchStatus()).isEqualTo(BatchStatus.TRANSFERS_FULL);
    }
}
