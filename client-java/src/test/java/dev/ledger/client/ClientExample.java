package dev.ledger.client;

import java.math.BigInteger;
import java.util.List;

import dev.ledger.core.CreateTransferResult;

/** The example of client-java/README.md, compiled by the build (ReadmeExampleTest keeps the two equal). */
public final class ClientExample
{
    private ClientExample()
    {
    }

    public static void main(final String[] args)
    {
        try (LedgerClient client = LedgerClient.connect(new LedgerClient.Context()
            .ingressEndpoints("0=localhost:21002")))
        {
            final AccountBatch accounts = new AccountBatch(2);
            accounts.add().id(1, 0).ledger(1).code(1);
            accounts.add().id(2, 0).ledger(1).code(1);
            client.createAccounts(accounts);

            final TransferBatch transfers = new TransferBatch(8189);
            transfers.add().id(10, 0).debitAccountId(1, 0).creditAccountId(2, 0).amount(100, 0).ledger(1).code(1);
            try
            {
                final CreateResults results = client.createTransfers(transfers);
                if (results.transferResult(0) != CreateTransferResult.OK)
                {
                    System.out.println("not applied: " + results.transferResult(0).wireName());
                }
            }
            catch (final LedgerException ex)
            {
                // Definite (busy, rejected): nothing was applied. Unknown (timeout, connection lost): send the
                // same batch again; what was applied answers "exists", so nothing applies twice.
                System.out.println((ex.isDefinite() ? "not applied: " : "outcome unknown: ") + ex.getMessage());
            }

            final List<Account> found = client.lookupAccounts(List.of(BigInteger.ONE, BigInteger.TWO));
            found.forEach(account -> System.out.println(account.id() + ": credits " + account.creditsPosted() +
                ", debits " + account.debitsPosted()));
        }
    }
}
