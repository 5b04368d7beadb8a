package dev.ledger.server.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;

import dev.ledger.client.Account;
import dev.ledger.client.LedgerClient;
import dev.ledger.client.Transfer;
import dev.ledger.core.BatchStatus;
import dev.ledger.core.CreateTransferResult;
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.Wire;
import dev.ledger.journal.EntryKind;
import dev.ledger.journal.JournalEntry;
import dev.ledger.journal.JournalReader;

/**
 * The checks of the crash and failover tests: transfers of {@code amount} each from account 1 to accounts
 * 2..destinations+1, their low ids kept as they are acknowledged.
 */
final class Acknowledged
{
    private Acknowledged()
    {
    }

    /**
     * A client of the cluster at {@code ingressEndpoints}, retried for up to 60 s while its members start or
     * elect a leader.
     */
    static LedgerClient connect(final String ingressEndpoints) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true)
        {
            try
            {
                return LedgerClient.connect(new LedgerClient.Context()
                    .ingressEndpoints(ingressEndpoints)
                    .connectTimeoutNs(TimeUnit.SECONDS.toNanos(5))
                    .requestTimeoutNs(TimeUnit.SECONDS.toNanos(5)));
            }
            catch (final RuntimeException ex)
            {
                if (System.nanoTime() > deadline)
                {
                    throw ex;
                }
                Thread.sleep(200);
            }
        }
    }

    /**
     * Every acknowledged transfer is there, and the accounts hold exactly their sum: none applied twice, none
     * that was not acknowledged or retried, debits equal credits.
     */
    static void assertPresent(final LedgerClient client, final List<Long> acknowledged, final int destinations,
        final long amount, final long seed)
    {
        long total = 0;
        for (int from = 0; from < acknowledged.size(); from += 8000)
        {
            final List<BigInteger> ids = new ArrayList<>();
            for (int i = from; i < Math.min(acknowledged.size(), from + 8000); i++)
            {
                ids.add(BigInteger.valueOf(acknowledged.get(i)));
            }
            final List<Transfer> found = client.lookupTransfers(ids);
            assertThat(found).as("acknowledged transfers present, seed %d", seed).hasSize(ids.size());
            total += found.size() * amount;
        }
        final List<BigInteger> accountIds = new ArrayList<>();
        for (int a = 1; a <= destinations + 1; a++)
        {
            accountIds.add(BigInteger.valueOf(a));
        }
        final List<Account> accounts = client.lookupAccounts(accountIds);
        BigInteger credits = BigInteger.ZERO;
        for (int a = 1; a < accounts.size(); a++)
        {
            credits = credits.add(accounts.get(a).creditsPosted());
        }
        // Every transfer that exists was acknowledged or retried to ok/exists: the debits are exactly theirs.
        assertThat(accounts.get(0).debitsPosted()).as("seed %d", seed).isEqualTo(BigInteger.valueOf(total));
        assertThat(credits).as("conservation, seed %d", seed).isEqualTo(BigInteger.valueOf(total));
    }

    /** The low id halves of the transfers a journal records as applied ({@code ok}). */
    static Set<Long> journaled(final Path journal)
    {
        final Set<Long> ids = new HashSet<>();
        final JournalEntry entry = new JournalEntry();
        final UnsafeBuffer events =
            new UnsafeBuffer(new byte[LedgerLimits.BATCH_EVENTS_MAX * LedgerLimits.RECORD_LENGTH]);
        try (JournalReader reader = JournalReader.open(journal))
        {
            while (reader.next(entry))
            {
                if (entry.kind() == EntryKind.CREATE_TRANSFERS && entry.batchStatus() == BatchStatus.OK &&
                    entry.copyEvents(events, 0))
                {
                    for (int i = 0; i < entry.eventCount(); i++)
                    {
                        if (entry.result(i) == CreateTransferResult.OK.code())
                        {
                            ids.add(events.getLong(i * LedgerLimits.RECORD_LENGTH, Wire.ORDER));
                        }
                    }
                }
            }
        }
        return ids;
    }
}
