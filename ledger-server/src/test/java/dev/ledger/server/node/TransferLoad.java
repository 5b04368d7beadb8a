package dev.ledger.server.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.agrona.concurrent.UnsafeBuffer;

import dev.ledger.client.Account;
import dev.ledger.client.AccountBatch;
import dev.ledger.client.CreateResults;
import dev.ledger.client.LedgerClient;
import dev.ledger.client.LedgerException;
import dev.ledger.client.Transfer;
import dev.ledger.client.TransferBatch;
import dev.ledger.core.BatchStatus;
import dev.ledger.core.CreateTransferResult;
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.Wire;
import dev.ledger.journal.EntryKind;
import dev.ledger.journal.JournalEntry;
import dev.ledger.journal.JournalReader;

/**
 * The load of the crash and failover tests, and their checks: batches of {@link #BATCH} transfers of
 * {@link #AMOUNT} each from account 1 to accounts 2..{@link #DESTINATIONS}+1, with seeded destinations and
 * growing ids; the low ids of the acknowledged ones are kept, and the batches that got no answer are kept for a
 * retry with the same ids.
 */
final class TransferLoad
{
    static final int BATCH = 100;
    static final int DESTINATIONS = 8;
    static final long AMOUNT = 3;
    private static final int OUTSTANDING_MAX = 8;

    final List<Long> acknowledged = new ArrayList<>();
    final List<TransferBatch> unknown = new ArrayList<>();
    private final List<TransferBatch> sent = new ArrayList<>();
    private final List<CompletableFuture<CreateResults>> answers = new ArrayList<>();
    private final SplittableRandom random;
    private final long seed;
    private long nextId = 1_000;

    TransferLoad(final long seed)
    {
        this.seed = seed;
        random = new SplittableRandom(seed);
    }

    long seed()
    {
        return seed;
    }

    SplittableRandom random()
    {
        return random;
    }

    /** Creates the accounts (once per ledger). */
    void createAccounts(final LedgerClient client)
    {
        final AccountBatch accounts = new AccountBatch(DESTINATIONS + 1);
        for (int a = 1; a <= DESTINATIONS + 1; a++)
        {
            accounts.add().id(a, 0).ledger(1).code(1);
        }
        assertThat(client.createAccounts(accounts).allOk()).isTrue();
    }

    /** Sends batches until {@code endNs} or {@code maxBatches}, at most 8 outstanding, without waiting for them. */
    void send(final LedgerClient client, final long endNs, final int maxBatches) throws InterruptedException
    {
        for (int n = 0; n < maxBatches && System.nanoTime() < endNs; n++)
        {
            final TransferBatch batch = new TransferBatch(BATCH);
            for (int i = 0; i < BATCH; i++)
            {
                batch.add().id(nextId++, 0).debitAccountId(1, 0)
                    .creditAccountId(2 + random.nextInt(DESTINATIONS), 0).amount(AMOUNT, 0).ledger(1).code(1);
            }
            sent.add(batch);
            answers.add(client.createTransfersAsync(batch));
            while (client.outstanding() > OUTSTANDING_MAX && System.nanoTime() < endNs)
            {
                Thread.sleep(1);
            }
        }
    }

    /**
     * Waits for the answers to what {@link #send} sent: every answered batch must be all {@code ok}; one that
     * failed (definite: never sent, or unknown: sent, no answer) is kept for {@link #retryUnknown}.
     */
    void collect() throws InterruptedException, TimeoutException
    {
        for (int b = 0; b < sent.size(); b++)
        {
            try
            {
                final CreateResults results = answers.get(b).get(30, TimeUnit.SECONDS);
                assertThat(results.allOk()).as("seed %d, batch %d of %d: status %d, codes %s", seed, b,
                    sent.size(), results.batchStatus(), codesOf(results)).isTrue();
                keep(sent.get(b));
            }
            catch (final ExecutionException ex)
            {
                assertThat(ex.getCause()).isInstanceOf(LedgerException.class);
                unknown.add(sent.get(b));
            }
        }
        sent.clear();
        answers.clear();
    }

    /** Retries every unanswered batch with the same ids until answered (60 s at most): each is ok or exists. */
    void retryUnknown(final LedgerClient client) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!unknown.isEmpty())
        {
            final TransferBatch batch = unknown.get(0);
            try
            {
                final CreateResults results = client.createTransfers(batch);
                for (int i = 0; i < results.count(); i++)
                {
                    assertThat(results.transferResult(i)).as("retry, seed %d", seed)
                        .isIn(CreateTransferResult.OK, CreateTransferResult.EXISTS);
                }
                keep(batch);
                unknown.remove(0);
            }
            catch (final LedgerException ex)
            {
                assertThat(System.nanoTime()).as("retries answered within 60 s, seed %d: %s", seed, ex)
                    .isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }

    private void keep(final TransferBatch batch)
    {
        for (int i = 0; i < batch.count(); i++)
        {
            acknowledged.add(batch.buffer().getLong(i * LedgerLimits.RECORD_LENGTH, Wire.ORDER));
        }
    }

    private static Map<String, Integer> codesOf(final CreateResults results)
    {
        final Map<String, Integer> codes = new TreeMap<>();
        for (int i = 0; i < results.count(); i++)
        {
            codes.merge(results.transferResult(i).wireName(), 1, Integer::sum);
        }
        return codes;
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
    void assertPresent(final LedgerClient client)
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
            total += found.size() * AMOUNT;
        }
        final List<BigInteger> accountIds = new ArrayList<>();
        for (int a = 1; a <= DESTINATIONS + 1; a++)
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

    /** Asserts that a journal holds every acknowledged transfer as applied. */
    void assertJournaled(final Path journal, final String whose)
    {
        final Set<Long> journaled = journaled(journal);
        final List<Long> missing = acknowledged.stream().filter(id -> !journaled.contains(id)).limit(10).toList();
        assertThat(missing).as("acknowledged transfers missing from %s journal (the first 10), seed %d", whose, seed)
            .isEmpty();
    }

    /** Whether a journal, which its node may be appending to, holds every acknowledged transfer as applied yet. */
    boolean journaledAll(final Path journal)
    {
        try
        {
            return journaled(journal).containsAll(acknowledged);
        }
        catch (final RuntimeException ex)
        {
            // Met an entry being written: not yet.
            return false;
        }
    }

    /** The low id halves of the transfers a journal records as applied ({@code ok}). */
    private static Set<Long> journaled(final Path journal)
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
