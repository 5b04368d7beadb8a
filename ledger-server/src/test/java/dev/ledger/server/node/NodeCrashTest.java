package dev.ledger.server.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ledger.client.AccountBatch;
import dev.ledger.client.CreateResults;
import dev.ledger.client.LedgerClient;
import dev.ledger.client.LedgerException;
import dev.ledger.client.TransferBatch;
import dev.ledger.core.CreateTransferResult;
import dev.ledger.journal.ChildJvm;
import dev.ledger.journal.verify.JournalVerifier;
import dev.ledger.journal.verify.VerifyReport;
import dev.ledger.server.LedgerNode;

/**
 * A node in a child JVM under a stream of transfer batches, killed with SIGKILL at seeded random moments and
 * restarted at once on the same data. After every restart: every acknowledged transfer is there, a retry of
 * every batch whose outcome was unknown answers only ok or exists (never applied twice), and the balances
 * equal the sum of the transfers that exist (nothing lost, nothing duplicated). At the end the journal
 * verifies (checksum chain and replay equality).
 */
class NodeCrashTest
{
    private static final int KILLS = 3;
    private static final int BATCH = 100;
    private static final int DESTINATIONS = 8;
    private static final long AMOUNT = 3;

    @TempDir
    Path data;

    @ParameterizedTest(name = "{0} shards")
    @ValueSource(ints = {1, 2})
    void everyAcknowledgedTransferSurvivesSigkillAndNoneAppliesTwice(final int shards) throws Exception
    {
        final long seed = Long.getLong("ledger.seed", System.nanoTime());
        final SplittableRandom random = new SplittableRandom(seed);
        final int portBase = NodeFixture.freePortBase();
        final List<Long> acknowledged = new ArrayList<>();
        final List<TransferBatch> unknown = new ArrayList<>();
        long nextId = 1_000;
        for (int run = 0; run <= KILLS; run++)
        {
            final Process node = startChild(portBase, shards);
            try (LedgerClient client = Acknowledged.connect("0=localhost:" + (portBase + 2)))
            {
                if (run == 0)
                {
                    final AccountBatch accounts = new AccountBatch(DESTINATIONS + 1);
                    for (int a = 1; a <= DESTINATIONS + 1; a++)
                    {
                        accounts.add().id(a, 0).ledger(1).code(1);
                    }
                    assertThat(client.createAccounts(accounts).allOk()).isTrue();
                }
                for (final TransferBatch retry : unknown)
                {
                    final CreateResults results = client.createTransfers(retry);
                    for (int i = 0; i < results.count(); i++)
                    {
                        assertThat(results.transferResult(i)).as("retry, seed %d", seed)
                            .isIn(CreateTransferResult.OK, CreateTransferResult.EXISTS);
                    }
                    for (int i = 0; i < retry.count(); i++)
                    {
                        acknowledged.add(retry.buffer().getLong(i * 128, dev.ledger.core.Wire.ORDER));
                    }
                }
                unknown.clear();
                Acknowledged.assertPresent(client, acknowledged, DESTINATIONS, AMOUNT, seed);
                if (run == KILLS)
                {
                    break;
                }
                // Load, then SIGKILL at a random moment while batches are in flight.
                final long killAtNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200 + random.nextInt(800));
                final List<TransferBatch> sent = new ArrayList<>();
                final List<CompletableFuture<CreateResults>> answers = new ArrayList<>();
                while (System.nanoTime() < killAtNs && sent.size() < 2_000)
                {
                    final TransferBatch batch = new TransferBatch(BATCH);
                    for (int i = 0; i < BATCH; i++)
                    {
                        batch.add().id(nextId++, 0).debitAccountId(1, 0)
                            .creditAccountId(2 + random.nextInt(DESTINATIONS), 0).amount(AMOUNT, 0).ledger(1).code(1);
                    }
                    sent.add(batch);
                    answers.add(client.createTransfersAsync(batch));
                    while (client.outstanding() > 8 && System.nanoTime() < killAtNs)
                    {
                        Thread.sleep(1);
                    }
                }
                node.destroyForcibly().waitFor();
                for (int b = 0; b < sent.size(); b++)
                {
                    try
                    {
                        final CreateResults results = answers.get(b).get(10, TimeUnit.SECONDS);
                        assertThat(results.allOk()).as("seed %d, batch %d of %d: status %d, codes %s", seed, b,
                            sent.size(), results.batchStatus(), codesOf(results)).isTrue();
                        for (int i = 0; i < BATCH; i++)
                        {
                            acknowledged.add(sent.get(b).buffer().getLong(i * 128, dev.ledger.core.Wire.ORDER));
                        }
                    }
                    catch (final java.util.concurrent.ExecutionException ex)
                    {
                        // Definite (never sent) or unknown (sent, no answer): retried with the same ids either way.
                        assertThat(ex.getCause()).isInstanceOf(LedgerException.class);
                        unknown.add(sent.get(b));
                    }
                }
            }
            finally
            {
                node.destroyForcibly().waitFor();
            }
        }
        System.out.printf("NodeCrashTest: %d shards, seed %d, %d SIGKILLs, %d transfers acknowledged or retried, all present%n",
            shards, seed, KILLS, acknowledged.size());
        assertThat(acknowledged.size()).as("transfers acknowledged, seed %d", seed).isGreaterThan(KILLS * BATCH);
        final VerifyReport report = JournalVerifier.verify(data.resolve("journal"), (index, count, events) -> { });
        assertThat(report.ok()).as(report.verdict()).isTrue();
        // The journal (written behind the answers by default) holds every acknowledged transfer as applied.
        final Set<Long> journaled = Acknowledged.journaled(data.resolve("journal"));
        assertThat(acknowledged).as("acknowledged transfers missing from the journal, seed %d", seed)
            .allMatch(journaled::contains);
    }


    private Process startChild(final int portBase, final int shards) throws java.io.IOException
    {
        // Room for everything the test can send: KILLS lives of at most 2,000 batches of BATCH, retries included
        // (a full ledger would answer transfers_full, which the test rightly counts as a failure). With shards,
        // every shard has room for all of them (account 1's shard stores every transfer).
        final List<String> command = ChildJvm.command(List.of("-Xmx768m"), LedgerNode.class,
            List.of(NodeFixture.flags(data, portBase, "--transfers-max", "700000", "--accounts-max", "1000",
            "--history-max", "16378", "--shards", Integer.toString(shards))));
        return new ProcessBuilder(command)
            .redirectOutput(data.resolve("node.log").toFile())
            .redirectErrorStream(true)
            .start();
    }

    private static java.util.Map<String, Integer> codesOf(final CreateResults results)
    {
        final java.util.Map<String, Integer> codes = new java.util.TreeMap<>();
        for (int i = 0; i < results.count(); i++)
        {
            codes.merge(results.transferResult(i).wireName(), 1, Integer::sum);
        }
        return codes;
    }
}
