package dev.ledger.server.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.ledger.client.LedgerClient;
import dev.ledger.journal.ChildJvm;
import dev.ledger.journal.verify.JournalVerifier;
import dev.ledger.journal.verify.VerifyReport;
import dev.ledger.server.LedgerNode;

/**
 * A node in a child JVM under a stream of transfer batches, killed with SIGKILL at seeded random moments and
 * restarted at once on the same data. After every restart: every acknowledged transfer is there, a retry of
 * every batch whose outcome was unknown answers only ok or exists (never applied twice), and the balances
 * equal the sum of the transfers that exist (nothing lost, nothing duplicated). At the end the journal
 * verifies (checksum chain and replay equality). With periodic snapshots (every second), a restart loads the
 * newest snapshot and replays only the log after it; a kill may also land in the middle of one.
 */
class NodeCrashTest
{
    private static final int KILLS = 3;
    private static final String SNAPSHOT_TAKEN = "cluster snapshot at log position";
    private static final String SNAPSHOT_LOADED = "loaded the cluster snapshot";

    @TempDir
    Path data;

    @ParameterizedTest(name = "{0} shards, snapshot every {1} s")
    @CsvSource({"1, 0", "1, 1", "2, 1"})
    void everyAcknowledgedTransferSurvivesSigkillAndNoneAppliesTwice(final int shards, final int snapshotIntervalS)
        throws Exception
    {
        final TransferLoad load = new TransferLoad(Long.getLong("ledger.seed", System.nanoTime()));
        final long seed = load.seed();
        final int portBase = NodeFixture.freePortBase();
        try
        {
            runAndKill(load, portBase, shards, snapshotIntervalS);
        }
        catch (final Throwable ex)
        {
            // The node's side of the story: the end of its log, every life's.
            final List<String> lines = Files.readAllLines(data.resolve("node.log"));
            System.out.printf("NodeCrashTest failed: seed %d, the node's log (last 150 of %d lines):%n%s%n", seed,
                lines.size(), String.join("\n", lines.subList(Math.max(0, lines.size() - 150), lines.size())));
            throw ex;
        }
        final String log = Files.readString(data.resolve("node.log"));
        System.out.printf("NodeCrashTest: %d shards, seed %d, %d SIGKILLs, %d transfers acknowledged or retried, all " +
            "present; %d torn archive fragments cut off at restarts%n", shards, seed, KILLS, load.acknowledged.size(),
            log.split("cut off a fragment torn", -1).length - 1);
        assertThat(load.acknowledged.size()).as("transfers acknowledged, seed %d", seed)
            .isGreaterThan(KILLS * TransferLoad.BATCH);
        final VerifyReport report = JournalVerifier.verify(data.resolve("journal"), (index, count, events) -> { });
        assertThat(report.ok()).as(report.verdict()).isTrue();
        // The journal holds every acknowledged transfer as applied.
        load.assertJournaled(data.resolve("journal"), "the node's");
        assertThat(log.contains(SNAPSHOT_LOADED)).as("a restart loaded a periodic snapshot")
            .isEqualTo(snapshotIntervalS > 0);
    }

    /** Runs the node {@code KILLS} times, killing it under load, then once more to check everything. */
    private void runAndKill(final TransferLoad load, final int portBase, final int shards, final int snapshotIntervalS)
        throws Exception
    {
        for (int run = 0; run <= KILLS; run++)
        {
            final Process node = startChild(portBase, shards, snapshotIntervalS);
            try (LedgerClient client = TransferLoad.connect("0=localhost:" + (portBase + 2)))
            {
                if (run == 0)
                {
                    load.createAccounts(client);
                }
                load.retryUnknown(client);
                load.assertPresent(client);
                if (run == KILLS)
                {
                    break;
                }
                if (run == 0 && snapshotIntervalS > 0)
                {
                    // At least one snapshot before the first kill, so that the restarts have one to load.
                    NodeFixture.awaitLogLine(data.resolve("node.log"), SNAPSHOT_TAKEN, 30);
                }
                // Load, then SIGKILL at a random moment while batches are in flight.
                load.send(client, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200 + load.random().nextInt(800)),
                    2_000);
                node.destroyForcibly().waitFor();
                load.collect();
            }
            finally
            {
                node.destroyForcibly().waitFor();
            }
        }
    }

    private Process startChild(final int portBase, final int shards, final int snapshotIntervalS)
        throws java.io.IOException
    {
        // Room for everything the test can send: KILLS lives of at most 2,000 batches of TransferLoad.BATCH,
        // retries included (a full ledger would answer transfers_full, which the test rightly counts as a
        // failure). With shards, every shard has room for all of them (account 1's shard stores every transfer).
        final List<String> command = ChildJvm.command(List.of("-Xmx768m"), LedgerNode.class,
            List.of(NodeFixture.flags(data, portBase, "--transfers-max", "700000", "--accounts-max", "1000",
            "--history-max", "16378", "--shards", Integer.toString(shards),
            "--snapshot-interval-s", Integer.toString(snapshotIntervalS))));
        // Appended: every life's lines, in order.
        return new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("node.log").toFile()))
            .redirectErrorStream(true)
            .start();
    }
}
