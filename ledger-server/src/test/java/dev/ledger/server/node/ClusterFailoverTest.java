package dev.ledger.server.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ledger.client.AccountBatch;
import dev.ledger.client.CreateResults;
import dev.ledger.client.LedgerClient;
import dev.ledger.client.LedgerException;
import dev.ledger.client.TransferBatch;
import dev.ledger.core.CreateTransferResult;
import dev.ledger.core.Wire;
import dev.ledger.journal.ChildJvm;
import dev.ledger.journal.verify.JournalVerifier;
import dev.ledger.journal.verify.VerifyReport;
import dev.ledger.server.LedgerNode;

/**
 * A cluster of three members, each a node in its own JVM on 127.0.0.1. One client, given every member's
 * endpoint, sends transfer batches; the leader is killed with SIGKILL under load. The client goes on with the
 * new leader (the two left are a quorum): every acknowledged transfer is there, retries of the unanswered ones
 * apply none twice, and the killed member, restarted, catches up: its journal ends up holding every
 * acknowledged transfer and verifies.
 */
class ClusterFailoverTest
{
    private static final int MEMBERS = 3;
    private static final int BATCH = 100;
    private static final int DESTINATIONS = 8;
    private static final long AMOUNT = 5;

    @TempDir
    Path data;

    @Test
    void theClientFollowsTheNewLeaderAndNoAcknowledgedTransferIsLost() throws Exception
    {
        final long seed = Long.getLong("ledger.seed", System.nanoTime());
        final SplittableRandom random = new SplittableRandom(seed);
        final int portBase = NodeFixture.freePortBase(MEMBERS);
        final Process[] members = new Process[MEMBERS];
        final List<Long> acknowledged = new ArrayList<>();
        final List<TransferBatch> unknown = new ArrayList<>();
        long nextId = 1_000;
        try
        {
            for (int m = 0; m < MEMBERS; m++)
            {
                members[m] = start(portBase, m);
            }
            final StringBuilder endpoints = new StringBuilder();
            for (int m = 0; m < MEMBERS; m++)
            {
                endpoints.append(m == 0 ? "" : ",").append(m).append("=localhost:").append(portBase + 100 * m + 2);
            }
            try (LedgerClient client = Acknowledged.connect(endpoints.toString()))
            {
                final AccountBatch accounts = new AccountBatch(DESTINATIONS + 1);
                for (int a = 1; a <= DESTINATIONS + 1; a++)
                {
                    accounts.add().id(a, 0).ledger(1).code(1);
                }
                assertThat(client.createAccounts(accounts).allOk()).isTrue();

                nextId = send(client, random, nextId, 300, 200, acknowledged, unknown, seed);
                final int leader = leader(-1);
                assertThat(acknowledged).as("acknowledged before the kill").isNotEmpty();
                members[leader].destroyForcibly().waitFor();
                final long killedNs = System.nanoTime();
                final int before = acknowledged.size();
                // The survivors elect a new leader (after Aeron's leader heartbeat timeout); the client follows.
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (acknowledged.size() == before && System.nanoTime() < deadline)
                {
                    // A few batches at a time: without a leader they fail or time out, and are retried later.
                    nextId = send(client, random, nextId, 100, 4, acknowledged, unknown, seed);
                    Thread.sleep(acknowledged.size() == before ? 500 : 0);
                }
                assertThat(acknowledged.size()).as("transfers acknowledged by the new leader, seed %d", seed)
                    .isGreaterThan(before);
                final int newLeader = leader(leader);
                System.out.printf("ClusterFailoverTest: member %d led and was killed after %d transfers; member %d " +
                    "leads, the first transfers acknowledged %d ms after the kill%n", leader, before, newLeader,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedNs));
                retry(client, unknown, acknowledged, seed);
                Acknowledged.assertPresent(client, acknowledged, DESTINATIONS, AMOUNT, seed);

                // The killed member comes back as a follower and catches up from the others.
                members[leader] = start(portBase, leader);
                nextId = send(client, random, nextId, 200, 200, acknowledged, unknown, seed);
                retry(client, unknown, acknowledged, seed);
                Acknowledged.assertPresent(client, acknowledged, DESTINATIONS, AMOUNT, seed);
                final Path journal = data.resolve("member-" + leader).resolve("journal");
                final long caughtUpBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Acknowledged.journaled(journal).containsAll(acknowledged) && System.nanoTime() < caughtUpBy)
                {
                    Thread.sleep(250);
                }
            }
        }
        finally
        {
            for (final Process member : members)
            {
                if (member != null)
                {
                    member.destroyForcibly().waitFor();
                }
            }
        }
        System.out.printf("ClusterFailoverTest: seed %d, %d transfers acknowledged or retried%n", seed,
            acknowledged.size());
        for (int m = 0; m < MEMBERS; m++)
        {
            final Path journal = data.resolve("member-" + m).resolve("journal");
            final VerifyReport report = JournalVerifier.verify(journal, (index, count, events) -> { });
            assertThat(report.ok()).as("member %d: %s", m, report.verdict()).isTrue();
            final Set<Long> journaled = Acknowledged.journaled(journal);
            assertThat(acknowledged).as("member %d's journal holds every acknowledged transfer, seed %d", m, seed)
                .allMatch(journaled::contains);
        }
    }

    /**
     * Sends up to {@code batches} batches for about {@code millis}, at most 8 outstanding; unanswered ones go to
     * {@code unknown}.
     */
    private static long send(final LedgerClient client, final SplittableRandom random, final long firstId,
        final long millis, final int batches, final List<Long> acknowledged, final List<TransferBatch> unknown, final long seed)
        throws InterruptedException, java.util.concurrent.TimeoutException
    {
        long nextId = firstId;
        final long endNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        final List<TransferBatch> sent = new ArrayList<>();
        final List<CompletableFuture<CreateResults>> answers = new ArrayList<>();
        while (System.nanoTime() < endNs && sent.size() < batches)
        {
            final TransferBatch batch = new TransferBatch(BATCH);
            for (int i = 0; i < BATCH; i++)
            {
                batch.add().id(nextId++, 0).debitAccountId(1, 0)
                    .creditAccountId(2 + random.nextInt(DESTINATIONS), 0).amount(AMOUNT, 0).ledger(1).code(1);
            }
            sent.add(batch);
            answers.add(client.createTransfersAsync(batch));
            while (client.outstanding() > 8 && System.nanoTime() < endNs)
            {
                Thread.sleep(1);
            }
        }
        for (int b = 0; b < sent.size(); b++)
        {
            try
            {
                final CreateResults results = answers.get(b).get(30, TimeUnit.SECONDS);
                assertThat(results.allOk()).as("seed %d, batch %d: status %d", seed, b, results.batchStatus())
                    .isTrue();
                addIds(sent.get(b), acknowledged);
            }
            catch (final ExecutionException ex)
            {
                // Definite (never sent) or unknown (sent, no answer): retried with the same ids either way.
                assertThat(ex.getCause()).isInstanceOf(LedgerException.class);
                unknown.add(sent.get(b));
            }
        }
        return nextId;
    }

    /** Retries every unanswered batch with the same ids until it is answered: each transfer is ok or exists. */
    private static void retry(final LedgerClient client, final List<TransferBatch> unknown,
        final List<Long> acknowledged, final long seed) throws InterruptedException
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
                addIds(batch, acknowledged);
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

    private static void addIds(final TransferBatch batch, final List<Long> acknowledged)
    {
        for (int i = 0; i < batch.count(); i++)
        {
            acknowledged.add(batch.buffer().getLong(i * 128, Wire.ORDER));
        }
    }

    /** A member other than {@code excluded} whose log says last that it leads (its newest "role:" line). */
    private int leader(final int excluded) throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true)
        {
            for (int m = 0; m < MEMBERS; m++)
            {
                final Path log = data.resolve("member-" + m + ".log");
                String role = "";
                if (Files.exists(log))
                {
                    for (final String line : Files.readAllLines(log))
                    {
                        if (line.contains(" - role: "))
                        {
                            role = line.substring(line.indexOf(" - role: ") + 9).trim();
                        }
                    }
                }
                if (m != excluded && role.equals("LEADER"))
                {
                    return m;
                }
            }
            assertThat(System.nanoTime()).as("a member leads within 60 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private Process start(final int portBase, final int member) throws IOException
    {
        final Path directory = data.resolve("member-" + member);
        final List<String> command = ChildJvm.command(List.of("-Xmx384m"), LedgerNode.class,
            List.of(NodeFixture.flags(directory, portBase, "--cluster-members", "localhost,localhost,localhost",
            "--member-id", Integer.toString(member), "--transfers-max", "400000", "--accounts-max", "1000",
            "--history-max", "16378")));
        // Appended: a restarted member's log keeps its first life's lines before its new ones.
        return new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("member-" + member + ".log").toFile()))
            .redirectErrorStream(true)
            .start();
    }
}
