package dev.ledger.server.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ledger.client.AccountBatch;
import dev.ledger.client.LedgerClient;
import dev.ledger.client.TransferBatch;
import dev.ledger.core.CreateTransferResult;
import dev.ledger.server.LedgerNode;

/**
 * A node with a snapshot every second writes one after the ledger changes, none while it stays as it is, and
 * a restart after a close without a shutdown snapshot starts from the newest periodic one.
 */
class PeriodicSnapshotTest
{
    private static final String TAKEN = "ledger_snapshots_taken_total ";

    @TempDir
    Path data;

    @Test
    void aSnapshotFollowsEachChangeAndNoneAnIdleInterval() throws Exception
    {
        final int portBase = NodeFixture.freePortBase();
        final String[] flags = {"--snapshot-interval-s", "1"};
        LedgerNode node = LedgerNode.start(NodeFixture.config(data, portBase, flags), (what, cause) -> { });
        try (LedgerClient client = NodeEndToEndTest.connect(node))
        {
            final AccountBatch accounts = new AccountBatch(2);
            accounts.add().id(1, 0).ledger(7).code(1);
            accounts.add().id(2, 0).ledger(7).code(1);
            assertThat(client.createAccounts(accounts).allOk()).isTrue();
            awaitSnapshots(node, 1);

            // Three idle ticks: nothing changed, so no snapshot.
            Thread.sleep(3_500);
            assertThat(snapshots(node)).as("snapshots while idle").isEqualTo(1);

            final TransferBatch transfers = new TransferBatch(1);
            transfers.add().id(10, 0).debitAccountId(1, 0).creditAccountId(2, 0).amount(42, 0).ledger(7).code(1);
            assertThat(client.createTransfers(transfers).transferResult(0)).isEqualTo(CreateTransferResult.OK);
            awaitSnapshots(node, 2);
        }
        finally
        {
            node.close();
        }

        // Closed without a snapshot of its own: the restart loads the periodic one and has nothing to replay after it.
        node = LedgerNode.start(NodeFixture.config(data, portBase, flags), (what, cause) -> { });
        try (LedgerClient client = NodeEndToEndTest.connect(node))
        {
            assertThat(client.lookupAccounts(List.of(BigInteger.ONE)).get(0).debitsPosted())
                .isEqualTo(BigInteger.valueOf(42));
            final TransferBatch again = new TransferBatch(1);
            again.add().id(10, 0).debitAccountId(1, 0).creditAccountId(2, 0).amount(42, 0).ledger(7).code(1);
            assertThat(client.createTransfers(again).transferResult(0)).isEqualTo(CreateTransferResult.EXISTS);
        }
        finally
        {
            node.close();
        }
    }

    private static void awaitSnapshots(final LedgerNode node, final long count) throws Exception
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (snapshots(node) < count)
        {
            assertThat(System.nanoTime()).as("%d snapshots within 20 s", count).isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(snapshots(node)).isEqualTo(count);
    }

    private static long snapshots(final LedgerNode node) throws Exception
    {
        final String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + node.httpPort() + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        final int at = metrics.indexOf("\n" + TAKEN);
        assertThat(at).as("the metric %s", TAKEN.trim()).isNotNegative();
        final int start = at + 1 + TAKEN.length();
        return (long)Double.parseDouble(metrics.substring(start, metrics.indexOf('\n', start)));
    }
}
