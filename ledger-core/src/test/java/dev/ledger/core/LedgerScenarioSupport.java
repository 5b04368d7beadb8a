package dev.ledger.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import static dev.ledger.core.CreateTransferResult.OK;
import static dev.ledger.core.LedgerEvents.transfer;
import static dev.ledger.core.LedgerEvents.u128;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the scenario tests share: a fresh {@link LedgerDriver} per test, accounts by convention (4 has
 * debits_must_not_exceed_credits, 5 credits_must_not_exceed_debits, 6 history), batches that must be accepted,
 * and balance assertions.
 */
abstract class LedgerScenarioSupport
{
    static final long T0 = 1_000_000_000_000L;
    static final long T1 = T0 + 1_000_000L;
    static final long SECOND = 1_000_000_000L;
    static final int PENDING = TransferFlags.PENDING;
    static final int LINKED = TransferFlags.LINKED;

    final LedgerDriver driver = new LedgerDriver(new LedgerConfig(64, 256, LedgerConfig.HISTORY_MIN));

    /** Accounts on ledger 1 with code 1 and the given flags (0 when absent), at T0, T0 + 1, ... */
    void openAccounts(final long... ids)
    {
        final List<AccountRecord> accounts = new ArrayList<>();
        for (final long id : ids)
        {
            accounts.add(AccountRecord.of(id, 1, 1, id == 4 ? AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS :
                id == 5 ? AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS : id == 6 ? AccountFlags.HISTORY : 0));
        }
        assertThat(driver.createAccounts(T0, accounts)).containsOnly(CreateAccountResult.OK);
    }

    List<CreateTransferResult> submit(final long clusterTimeNs, final TransferRecord... transfers)
    {
        final List<CreateTransferResult> results = driver.createTransfers(clusterTimeNs, List.of(transfers));
        assertThat(driver.lastBatchStatus()).isEqualTo(BatchStatus.OK);
        return results;
    }

    void ok(final long clusterTimeNs, final TransferRecord... transfers)
    {
        assertThat(submit(clusterTimeNs, transfers)).containsOnly(OK);
    }

    void assertBalances(
        final long id, final long debitsPending, final long debitsPosted, final long creditsPending,
        final long creditsPosted)
    {
        assertBalances(u128(id), u128(debitsPending), u128(debitsPosted), u128(creditsPending), u128(creditsPosted));
    }

    void assertBalances(
        final BigInteger id, final BigInteger debitsPending, final BigInteger debitsPosted,
        final BigInteger creditsPending, final BigInteger creditsPosted)
    {
        final AccountRecord account = driver.account(id);
        assertThat(List.of(account.debitsPending, account.debitsPosted, account.creditsPending, account.creditsPosted))
            .as("debits pending/posted, credits pending/posted of account %s", id)
            .containsExactly(debitsPending, debitsPosted, creditsPending, creditsPosted);
    }

    boolean closed(final long id)
    {
        return (driver.account(id).flags & AccountFlags.CLOSED) != 0;
    }

    static TransferRecord pending(final long id, final long debit, final long credit, final long amount)
    {
        return transfer(id, debit, credit, amount, t -> t.flags = PENDING);
    }

    static TransferRecord pending(
        final long id, final long debit, final long credit, final long amount, final long timeoutSeconds)
    {
        return transfer(id, debit, credit, amount, t ->
        {
            t.flags = PENDING;
            t.timeout = timeoutSeconds;
        });
    }

    static TransferRecord linked(final TransferRecord transfer)
    {
        transfer.flags |= LINKED;
        return transfer;
    }
}
