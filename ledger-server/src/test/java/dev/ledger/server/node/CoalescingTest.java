package dev.ledger.server.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ledger.client.AccountBatch;
import dev.ledger.client.CreateResults;
import dev.ledger.client.LedgerClient;
import dev.ledger.client.LedgerException;
import dev.ledger.client.TransferBatch;
import dev.ledger.core.AccountFlags;
import dev.ledger.core.BatchStatus;
import dev.ledger.core.CreateTransferResult;
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.TransferFlags;
import dev.ledger.journal.JournalReader;
import dev.ledger.server.LedgerNode;

/**
 * Concurrent create requests that the client coalesces into shared log messages get exactly the results they
 * get when sent one after the other: order-dependent outcomes (a balance limit running out), ids repeated across
 * requests, and chains left open at the end of a request, which must not run on into the next request's events.
 */
class CoalescingTest
{
    private static final int REQUESTS = 300;

    @TempDir
    Path data;

    @Test
    void coalescedRequestsGetTheResultsOfSequentialOnes() throws Exception
    {
        final int portBase = NodeFixture.freePortBase();
        final List<List<String>> sequential = new ArrayList<>();
        final List<List<String>> coalesced = new ArrayList<>();
        final LedgerNode node = LedgerNode.start(NodeFixture.config(data, portBase), (what, cause) -> { });
        try (LedgerClient client = oneMessageAtATime(node, TimeUnit.SECONDS.toNanos(10)))
        {
            for (final long space : new long[] {1_000_000, 2_000_000})
            {
                final AccountBatch accounts = new AccountBatch(3);
                accounts.add().id(space + 1, 0).ledger(1).code(1).flags(AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS);
                accounts.add().id(space + 2, 0).ledger(1).code(1);
                accounts.add().id(space + 3, 0).ledger(1).code(1);
                assertThat(client.createAccounts(accounts).allOk()).isTrue();
                final TransferBatch funding = new TransferBatch(1);
                funding.add().id(space, 0).debitAccountId(space + 3, 0).creditAccountId(space + 1, 0)
                    .amount(100, 0).ledger(1).code(1);
                assertThat(client.createTransfers(funding).allOk()).isTrue();
            }
            final long messagesBefore = journalEntries();
            // The same requests, one at a time, then all at once, each time in a space of its own.
            for (int i = 0; i < REQUESTS; i++)
            {
                sequential.add(codes(client.createTransfers(request(1_000_000, i))));
            }
            final long messagesSequential = journalEntries() - messagesBefore;
            final List<CompletableFuture<CreateResults>> futures = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++)
            {
                futures.add(client.createTransfersAsync(request(2_000_000, i)));
            }
            for (final CompletableFuture<CreateResults> future : futures)
            {
                coalesced.add(codes(future.join()));
            }
            final long messagesCoalesced = journalEntries() - messagesBefore - messagesSequential;

            assertThat(coalesced).isEqualTo(sequential);
            assertThat(messagesSequential).isEqualTo(REQUESTS);
            // One message per request ending in an open chain (which nothing may follow), and a few more.
            assertThat(messagesCoalesced).isLessThan(REQUESTS / 5);
        }
        finally
        {
            node.close();
        }
        // What the mix must show: each kind of outcome occurs.
        final List<String> all = sequential.stream().flatMap(List::stream).toList();
        assertThat(all).contains("ok", "exceeds_credits", "exists", "linked_event_failed", "linked_event_chain_open");
        assertThat(all.stream().filter("ok"::equals).count()).isEqualTo(100 + 0);
    }

    @Test
    void importedAndOrdinaryRequestsAreNotCoalescedTogether()
    {
        final List<List<String>> sequential = new ArrayList<>();
        final List<List<String>> coalesced = new ArrayList<>();
        final LedgerNode node = LedgerNode.start(NodeFixture.config(data, NodeFixture.freePortBase()),
            (what, cause) -> { });
        try (LedgerClient client = oneMessageAtATime(node, TimeUnit.SECONDS.toNanos(10)))
        {
            for (int i = 0; i < 60; i++)
            {
                sequential.add(accountCodes(client.createAccounts(accounts(1_000_000, i))));
            }
            final List<CompletableFuture<CreateResults>> futures = new ArrayList<>();
            for (int i = 0; i < 60; i++)
            {
                futures.add(client.createAccountsAsync(accounts(2_000_000, i)));
            }
            for (final CompletableFuture<CreateResults> future : futures)
            {
                coalesced.add(accountCodes(future.join()));
            }
        }
        finally
        {
            node.close();
        }
        assertThat(coalesced).isEqualTo(sequential);
        // An imported request judged inside an ordinary batch would read imported_event_not_expected instead.
        assertThat(sequential.stream().flatMap(List::stream).toList())
            .contains("ok", "imported_event_timestamp_must_not_regress")
            .doesNotContain("imported_event_not_expected", "imported_event_expected");
    }

    /** Every third request imports an account, with a timestamp long before the ledger's: it must not regress. */
    private static AccountBatch accounts(final long space, final int i)
    {
        final AccountBatch batch = new AccountBatch(1);
        batch.add().id(space + i, 0).ledger(1).code(1);
        if (i % 3 == 1)
        {
            batch.flags(AccountFlags.IMPORTED).timestamp(1_000 + i);
        }
        return batch;
    }

    private static List<String> accountCodes(final CreateResults results)
    {
        final List<String> codes = new ArrayList<>();
        for (int i = 0; i < results.count(); i++)
        {
            codes.add(results.accountResult(i).wireName());
        }
        return codes;
    }

    @Test
    void aCoalescedMessageRefusedForLackOfRoomIsRetriedRequestByRequest()
    {
        final LedgerNode node = LedgerNode.start(NodeFixture.config(data, NodeFixture.freePortBase(),
            "--transfers-max", "100"), (what, cause) -> { });
        try (LedgerClient client = oneMessageAtATime(node, TimeUnit.SECONDS.toNanos(10)))
        {
            final AccountBatch accounts = new AccountBatch(2);
            accounts.add().id(1, 0).ledger(1).code(1);
            accounts.add().id(2, 0).ledger(1).code(1);
            assertThat(client.createAccounts(accounts).allOk()).isTrue();
            assertThat(client.createTransfers(transfers(1, 60)).allOk()).isTrue();
            // 40 transfers of room left. While a big create_accounts message fills the one-message pipeline, a
            // retry (5 recorded ids), 30 new and 50 new transfers queue up and leave as one message of 80 new
            // ids: refused whole. Sent one by one, the retry and the 30 fit; only the 50 do not.
            final AccountBatch blocker = new AccountBatch(LedgerLimits.BATCH_EVENTS_MAX);
            for (int i = 0; i < LedgerLimits.BATCH_EVENTS_MAX; i++)
            {
                blocker.add().id(1_000 + i, 0).ledger(1).code(1);
            }
            final CompletableFuture<CreateResults> first = client.createAccountsAsync(blocker);
            final CompletableFuture<CreateResults> retry = client.createTransfersAsync(transfers(1, 5));
            final CompletableFuture<CreateResults> fits = client.createTransfersAsync(transfers(100, 30));
            final CompletableFuture<CreateResults> tooMany = client.createTransfersAsync(transfers(200, 50));
            assertThat(first.join().allOk()).isTrue();
            assertThat(codes(retry.join())).hasSize(5).containsOnly("exists");
            assertThat(codes(fits.join())).hasSize(30).containsOnly("ok");
            assertThat(tooMany.join().batchStatus()).isEqualTo(BatchStatus.TRANSFERS_FULL);
            assertThat(client.lookupTransfers(List.of(BigInteger.valueOf(129)))).hasSize(1);
            assertThat(client.lookupTransfers(List.of(BigInteger.valueOf(200)))).isEmpty();
        }
        finally
        {
            node.close();
        }
    }

    /**
     * A client with a pipeline of one create message, so that what is submitted meanwhile queues and coalesces.
     * Requests that cannot share a message leave one message at a time: the busy timeout must leave them time.
     */
    private static LedgerClient oneMessageAtATime(final LedgerNode node, final long busyTimeoutNs)
    {
        return LedgerClient.connect(new LedgerClient.Context()
            .ingressEndpoints(node.ingressEndpoints())
            .pipelineDepth(1)
            .busyTimeoutNs(busyTimeoutNs));
    }

    private static TransferBatch transfers(final long firstId, final int count)
    {
        final TransferBatch batch = new TransferBatch(count);
        for (int i = 0; i < count; i++)
        {
            batch.add().id(firstId + i, 0).debitAccountId(1, 0).creditAccountId(2, 0).amount(1, 0).ledger(1).code(1);
        }
        return batch;
    }

    @Test
    void requestsHeldPastTheBusyTimeoutFailBusyAndApplyNothing() throws Exception
    {
        final LedgerNode node = LedgerNode.start(NodeFixture.config(data, NodeFixture.freePortBase()),
            (what, cause) -> { });
        try (LedgerClient client = oneMessageAtATime(node, TimeUnit.MILLISECONDS.toNanos(2)))
        {
            final AccountBatch accounts = new AccountBatch(2);
            accounts.add().id(1, 0).ledger(1).code(1);
            accounts.add().id(2, 0).ledger(1).code(1);
            assertThat(client.createAccounts(accounts).allOk()).isTrue();
            // A full batch keeps the one-message pipeline busy for milliseconds; what queues behind it waits.
            final TransferBatch big = new TransferBatch(LedgerLimits.BATCH_EVENTS_MAX);
            for (int i = 0; i < LedgerLimits.BATCH_EVENTS_MAX; i++)
            {
                big.add().id(100_000 + i, 0).debitAccountId(1, 0).creditAccountId(2, 0).amount(1, 0).ledger(1).code(1);
            }
            final CompletableFuture<CreateResults> first = client.createTransfersAsync(big);
            final List<CompletableFuture<CreateResults>> small = new ArrayList<>();
            for (int i = 0; i < 50; i++)
            {
                final TransferBatch one = new TransferBatch(1);
                one.add().id(1 + i, 0).debitAccountId(1, 0).creditAccountId(2, 0).amount(1, 0).ledger(1).code(1);
                small.add(client.createTransfersAsync(one));
                Thread.sleep(1);
            }
            assertThat(first.join().allOk()).isTrue();
            int busy = 0;
            for (int i = 0; i < small.size(); i++)
            {
                try
                {
                    assertThat(small.get(i).join().allOk()).isTrue();
                    assertThat(client.lookupTransfers(List.of(BigInteger.valueOf(1 + i)))).hasSize(1);
                }
                catch (final CompletionException ex)
                {
                    final LedgerException failure = (LedgerException)ex.getCause();
                    assertThat(failure.kind()).isEqualTo(LedgerException.Kind.BUSY);
                    assertThat(failure.isDefinite()).isTrue();
                    assertThat(client.lookupTransfers(List.of(BigInteger.valueOf(1 + i)))).isEmpty();
                    busy++;
                }
            }
            assertThat(busy).isPositive();
        }
        finally
        {
            node.close();
        }
    }

    /** Request {@code i}: mostly one transfer of 1 against a balance of 100, some repeats, some open chains. */
    private static TransferBatch request(final long space, final int i)
    {
        final TransferBatch batch = new TransferBatch(2);
        final long id = space + 10 + (i % 40 == 5 ? i - 1 : i);
        if (i % 50 == 7)
        {
            batch.add().id(id, 0).debitAccountId(space + 3, 0).creditAccountId(space + 2, 0).amount(1, 0)
                .ledger(1).code(1).flags(TransferFlags.LINKED);
            batch.add().id(space + 5_000 + i, 0).debitAccountId(space + 3, 0).creditAccountId(space + 2, 0)
                .amount(1, 0).ledger(1).code(1).flags(TransferFlags.LINKED);
            return batch;
        }
        batch.add().id(id, 0).debitAccountId(space + 1, 0).creditAccountId(space + 2, 0).amount(1, 0)
            .ledger(1).code(1);
        return batch;
    }

    private static List<String> codes(final CreateResults results)
    {
        final List<String> codes = new ArrayList<>();
        for (int i = 0; i < results.count(); i++)
        {
            codes.add(CreateTransferResult.of(results.code(i)).wireName());
        }
        return codes;
    }

    private long journalEntries()
    {
        try (JournalReader reader = JournalReader.open(data.resolve("journal")))
        {
            return reader.count();
        }
    }
}
