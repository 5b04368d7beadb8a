package dev.ledger.server.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ledger.client.LedgerClient;
import dev.ledger.journal.ChildJvm;
import dev.ledger.journal.verify.JournalVerifier;
import dev.ledger.journal.verify.VerifyReport;
import dev.ledger.server.LedgerNode;

/**
 * A cluster of three members, each a node in its own JVM on 127.0.0.1. One client, given every member's
 * endpoint, sends transfer batches; the leader is killed with SIGKILL under load. The client goes on with the
 * new leader (the two left are a quorum): every acknowledged transfer is there, retries of the unanswered ones
 * apply none twice, and the killed member, restarted, catches up: its journal ends up holding every
 * acknowledged transfer and verifies. The members take periodic snapshots (every second, requested by every
 * member and taken by the leader's): each has written one before the kill, and the restarted member loads its
 * own and replays only the log after it. And a member restarted with settings other than the leader's stops.
 */
class ClusterFailoverTest
{
    private static final int MEMBERS = 3;
    private static final String SNAPSHOT_TAKEN = "cluster snapshot at log position";
    private static final String SNAPSHOT_LOADED = "loaded the cluster snapshot";

    @TempDir
    Path data;

    @Test
    void theClientFollowsTheNewLeaderAndNoAcknowledgedTransferIsLost() throws Exception
    {
        final TransferLoad load = new TransferLoad(Long.getLong("ledger.seed", System.nanoTime()));
        final long seed = load.seed();
        final int portBase = NodeFixture.freePortBase(MEMBERS);
        final Process[] members = new Process[MEMBERS];
        try
        {
            for (int m = 0; m < MEMBERS; m++)
            {
                members[m] = start(portBase, m);
            }
            try (LedgerClient client = TransferLoad.connect(endpoints(portBase)))
            {
                load.createAccounts(client);
                final int leader = leader(-1);
                for (int m = 0; m < MEMBERS; m++)
                {
                    NodeFixture.awaitLogLine(data.resolve("member-" + m + ".log"), SNAPSHOT_TAKEN, 60);
                }
                // Some load answered first, so that the cluster is known to have applied some before the kill.
                load.send(client, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300), 200);
                load.collect();
                assertThat(load.acknowledged.size()).as("acknowledged before the kill").isPositive();
                // Under load: batches are in flight when the leader dies; theirs is an unknown outcome, retried.
                load.send(client, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300), 200);
                members[leader].destroyForcibly().waitFor();
                final long killedNs = System.nanoTime();
                load.collect();
                final int before = load.acknowledged.size();
                // The survivors elect a new leader (after Aeron's leader heartbeat timeout); the client follows.
                final long deadline = killedNs + TimeUnit.SECONDS.toNanos(90);
                while (load.acknowledged.size() == before && System.nanoTime() < deadline)
                {
                    // A few batches at a time: without a leader they fail or time out, and are retried later.
                    load.send(client, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100), 4);
                    load.collect();
                    Thread.sleep(load.acknowledged.size() == before ? 500 : 0);
                }
                assertThat(load.acknowledged.size()).as("transfers acknowledged by the new leader, seed %d", seed)
                    .isGreaterThan(before);
                final int newLeader = leader(leader);
                System.out.printf("ClusterFailoverTest: member %d led and was killed after %d transfers; member %d " +
                    "leads, the first transfers acknowledged %d ms after the kill%n", leader, before, newLeader,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedNs));
                load.retryUnknown(client);
                load.assertPresent(client);

                // The killed member comes back as a follower, from its snapshot, and catches up from the others.
                members[leader] = start(portBase, leader);
                NodeFixture.awaitLogLine(data.resolve("member-" + leader + ".log"), SNAPSHOT_LOADED, 60);
                load.send(client, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200), 200);
                load.collect();
                load.retryUnknown(client);
                load.assertPresent(client);
                // Every member, the restarted one and the follower that may lag on a busy machine, journals it all.
                final long caughtUpBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                for (int m = 0; m < MEMBERS; m++)
                {
                    final Path journal = data.resolve("member-" + m).resolve("journal");
                    while (!load.journaledAll(journal) && System.nanoTime() < caughtUpBy)
                    {
                        Thread.sleep(250);
                    }
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
            load.acknowledged.size());
        for (int m = 0; m < MEMBERS; m++)
        {
            final Path journal = data.resolve("member-" + m).resolve("journal");
            final VerifyReport report = JournalVerifier.verify(journal, (index, count, events) -> { });
            assertThat(report.ok()).as("member %d: %s", m, report.verdict()).isTrue();
            load.assertJournaled(journal, "member " + m + "'s");
        }
    }

    /**
     * A follower restarted with another capacity than the others (and a new data directory) stops (exit 70) once
     * the leader answers its settings, naming both; the two others go on serving. (Were it elected leader, the
     * others would stop instead: see {@code SettingsCheck}.)
     */
    @Test
    void aMemberWithOtherSettingsThanTheLeaderStops() throws Exception
    {
        final int portBase = NodeFixture.freePortBase(MEMBERS);
        final Process[] members = new Process[MEMBERS];
        try
        {
            for (int m = 0; m < MEMBERS; m++)
            {
                members[m] = start(portBase, m);
            }
            final int odd = (leader(-1) + 1) % MEMBERS;
            members[odd].destroyForcibly().waitFor();
            members[odd] = start(portBase, odd, "300000", "member-" + odd + "-again");
            assertThat(members[odd].waitFor(90, TimeUnit.SECONDS)).as("the odd member stops within 90 s").isTrue();
            assertThat(members[odd].exitValue()).isEqualTo(LedgerNode.EXIT_FATAL);
            assertThat(Files.readString(data.resolve("member-" + odd + ".log"))).contains(
                "this member's settings differ from the leader's", "transfers-max=300000 history-max=16378 shards=1 here",
                "transfers-max=400000 history-max=16378 shards=1 there");
            try (LedgerClient client = TransferLoad.connect(endpoints(portBase)))
            {
                new TransferLoad(1).createAccounts(client);
            }
            for (int m = 0; m < MEMBERS; m++)
            {
                if (m != odd)
                {
                    assertThat(members[m].isAlive()).as("member %d runs", m).isTrue();
                    assertThat(Files.readString(data.resolve("member-" + m + ".log")))
                        .contains("member " + odd + " runs accounts-max=1000 transfers-max=300000");
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
    }

    /** @return every member's ingress endpoint, for a client. */
    private static String endpoints(final int portBase)
    {
        final StringBuilder endpoints = new StringBuilder();
        for (int m = 0; m < MEMBERS; m++)
        {
            endpoints.append(m == 0 ? "" : ",").append(m).append("=localhost:").append(portBase + 100 * m + 2);
        }
        return endpoints.toString();
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
        return start(portBase, member, "400000", "member-" + member);
    }

    private Process start(final int portBase, final int member, final String transfersMax, final String directoryName)
        throws IOException
    {
        final Path directory = data.resolve(directoryName);
        final List<String> command = ChildJvm.command(List.of("-Xmx384m"), LedgerNode.class,
            List.of(NodeFixture.flags(directory, portBase, "--cluster-members", "localhost,localhost,localhost",
            "--member-id", Integer.toString(member), "--transfers-max", transfersMax, "--accounts-max", "1000",
            "--history-max", "16378", "--snapshot-interval-s", "1")));
        // Appended: a restarted member's log keeps its first life's lines before its new ones.
        return new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("member-" + member + ".log").toFile()))
            .redirectErrorStream(true)
            .start();
    }
}
