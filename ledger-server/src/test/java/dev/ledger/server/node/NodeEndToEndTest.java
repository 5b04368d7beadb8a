package dev.ledger.server.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ledger.client.Account;
import dev.ledger.client.AccountBatch;
import dev.ledger.client.AccountFilter;
import dev.ledger.client.CreateResults;
import dev.ledger.client.LedgerClient;
import dev.ledger.client.Transfer;
import dev.ledger.client.TransferBatch;
import dev.ledger.core.AccountFlags;
import dev.ledger.core.CreateTransferResult;
import dev.ledger.core.TransferFlags;
import dev.ledger.journal.JournalHash;
import dev.ledger.journal.JournalMetadata;
import dev.ledger.journal.JournalReader;
import dev.ledger.journal.verify.JournalVerifier;
import dev.ledger.journal.verify.VerifyReport;
import dev.ledger.server.LedgerNode;

/**
 * A real node in this JVM (Aeron Cluster on 127.0.0.1, journal on disk, HTTP) driven by the Java client over
 * UDP and by HTTP: results, balances, idempotency, a clean stop with a snapshot and a restart that continues;
 * with the ledger on the service thread and split into two shards.
 */
class NodeEndToEndTest
{
    @TempDir
    Path data;

    @ParameterizedTest(name = "{0} shards")
    @ValueSource(ints = {1, 2})
    void createsLooksUpAndSurvivesACleanRestart(final int shards) throws Exception
    {
        final int portBase = NodeFixture.freePortBase();
        final String[] shardFlag = {"--shards", Integer.toString(shards)};
        LedgerNode node = LedgerNode.start(NodeFixture.config(data, portBase, shardFlag), (what, cause) -> { });
        try (LedgerClient client = connect(node))
        {
            final AccountBatch accounts = new AccountBatch(3);
            accounts.add().id(1, 0).ledger(7).code(1);
            accounts.add().id(2, 0).ledger(7).code(1).flags(AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS);
            accounts.add().id(3, 0).ledger(7).code(1).flags(AccountFlags.HISTORY);
            assertThat(client.createAccounts(accounts).allOk()).isTrue();

            final TransferBatch transfers = new TransferBatch(4);
            transfers.add().id(10, 0).debitAccountId(1, 0).creditAccountId(2, 0).amount(100, 0).ledger(7).code(1);
            transfers.add().id(11, 0).debitAccountId(2, 0).creditAccountId(3, 0).amount(30, 0).ledger(7).code(1);
            transfers.add().id(12, 0).debitAccountId(2, 0).creditAccountId(3, 0).amount(71, 0).ledger(7).code(1);
            transfers.add().id(10, 0).debitAccountId(1, 0).creditAccountId(2, 0).amount(100, 0).ledger(7).code(1);
            final CreateResults results = client.createTransfers(transfers);
            assertThat(results.count()).isEqualTo(4);
            assertThat(results.transferResult(0)).isEqualTo(CreateTransferResult.OK);
            assertThat(results.transferResult(1)).isEqualTo(CreateTransferResult.OK);
            assertThat(results.transferResult(2)).isEqualTo(CreateTransferResult.EXCEEDS_CREDITS);
            assertThat(results.transferResult(3)).isEqualTo(CreateTransferResult.EXISTS);

            assertBalances(client);
            final List<Transfer> ofThree = client.getAccountTransfers(AccountFilter.of(BigInteger.valueOf(3)));
            assertThat(ofThree).extracting(Transfer::id).containsExactly(BigInteger.valueOf(11));
            assertThat(client.getAccountBalances(AccountFilter.of(BigInteger.valueOf(3))))
                .singleElement().satisfies(b -> assertThat(b.creditsPosted()).isEqualTo(BigInteger.valueOf(30)));

            final HttpClient http = HttpClient.newHttpClient();
            final String base = "http://127.0.0.1:" + node.httpPort();
            final HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/transfers"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[{\"id\":\"13\",\"debit_account_id\":\"1\"," +
                    "\"credit_account_id\":\"2\",\"amount\":\"5\",\"ledger\":7,\"code\":1}]"))
                .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(200);
            assertThat(created.body()).isEqualTo("{\"results\":[{\"index\":0,\"result\":\"ok\"}]}");
            final HttpResponse<String> account = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/accounts/2"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(account.statusCode()).isEqualTo(200);
            assertThat(account.body()).contains("\"credits_posted\":\"105\"", "\"debits_posted\":\"30\"");
            final HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/accounts/99"))
                .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).contains("\"error\":\"account_not_found\"");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body())
                .contains("ledger_transfer_events_total{result=\"ok\"} 3.0", "ledger_accounts 3.0",
                    "ledger_shards " + shards + ".0");
        }
        assertThat(node.shutdown(20_000)).as("clean shutdown with a snapshot").isTrue();

        node = LedgerNode.start(NodeFixture.config(data, portBase, shardFlag), (what, cause) -> { });
        try (LedgerClient client = connect(node))
        {
            final List<Account> after = client.lookupAccounts(List.of(BigInteger.ONE, BigInteger.TWO));
            assertThat(after.get(0).debitsPosted()).isEqualTo(BigInteger.valueOf(105));
            assertBalances105(client);
            final TransferBatch again = new TransferBatch(1);
            again.add().id(13, 0).debitAccountId(1, 0).creditAccountId(2, 0).amount(5, 0).ledger(7).code(1);
            assertThat(client.createTransfers(again).transferResult(0)).isEqualTo(CreateTransferResult.EXISTS);

            // A pending transfer with a 1 s timeout expires from the cluster timer, with no other message.
            final TransferBatch pending = new TransferBatch(1);
            pending.add().id(14, 0).debitAccountId(1, 0).creditAccountId(3, 0).amount(7, 0).ledger(7).code(1)
                .flags(TransferFlags.PENDING).timeout(1);
            assertThat(client.createTransfers(pending).transferResult(0)).isEqualTo(CreateTransferResult.OK);
            assertThat(client.lookupAccounts(List.of(BigInteger.ONE)).get(0).debitsPending())
                .isEqualTo(BigInteger.valueOf(7));
            final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (client.lookupAccounts(List.of(BigInteger.ONE)).get(0).debitsPending().signum() != 0)
            {
                assertThat(System.nanoTime()).as("expired within 20 s").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(client.lookupAccounts(List.of(BigInteger.valueOf(3))).get(0).creditsPending()).isZero();
        }
        finally
        {
            node.close();
        }
        // One journal entry per create message, none twice: accounts, transfers, HTTP transfer, the retry, the
        // pending transfer; and one for its expiry.
        try (JournalReader reader = JournalReader.open(data.resolve("journal")))
        {
            assertThat(reader.count()).isEqualTo(6);
        }
        assertThat(JournalMetadata.readStateHash(data.resolve("journal")))
            .isEqualTo(shards == 1 ? JournalHash.LEDGER : JournalHash.RESULTS);
        final VerifyReport report = JournalVerifier.verify(data.resolve("journal"), (index, count, events) -> { });
        assertThat(report.ok()).as(report.verdict()).isTrue();
        // The journal and the cluster snapshot were made with this split: another one is refused, by name.
        final String[] otherSplit = {"--shards", Integer.toString(3 - shards)};
        assertThatThrownBy(() -> LedgerNode.start(NodeFixture.config(data, portBase, otherSplit), (what, cause) -> { }))
            .hasMessageContaining("state hash");
    }

    private static void assertBalances105(final LedgerClient client)
    {
        final List<Account> found = client.lookupAccounts(List.of(BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(3)));
        assertThat(found.get(1).creditsPosted()).isEqualTo(BigInteger.valueOf(105));
        assertThat(found.get(1).debitsPosted()).isEqualTo(BigInteger.valueOf(30));
        assertThat(found.get(2).creditsPosted()).isEqualTo(BigInteger.valueOf(30));
        assertThat(client.getAccountTransfers(AccountFilter.of(BigInteger.TWO))).extracting(Transfer::id)
            .containsExactly(BigInteger.valueOf(10), BigInteger.valueOf(11), BigInteger.valueOf(13));
    }

    private static void assertBalances(final LedgerClient client)
    {
        final List<Account> found = client.lookupAccounts(
            List.of(BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(3), BigInteger.valueOf(4)));
        assertThat(found).extracting(Account::id)
            .containsExactly(BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(3));
        assertThat(found.get(0).debitsPosted()).isEqualTo(BigInteger.valueOf(100));
        assertThat(found.get(1).creditsPosted()).isEqualTo(BigInteger.valueOf(100));
        assertThat(found.get(1).debitsPosted()).isEqualTo(BigInteger.valueOf(30));
        assertThat(found.get(2).creditsPosted()).isEqualTo(BigInteger.valueOf(30));
    }

    static LedgerClient connect(final LedgerNode node)
    {
        return LedgerClient.connect(new LedgerClient.Context().ingressEndpoints(node.ingressEndpoints()));
    }
}
