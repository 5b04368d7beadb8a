package dev.ledger.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ledger.journal.verify.JournalVerifier;
import dev.ledger.journal.verify.VerifyReport;

/**
 * Kills a journaling process ({@link JournalCrashChild}) with SIGKILL at seeded random moments while it appends at
 * full speed, and after every kill holds the journal to every index the process acknowledged: present, in a
 * sound chain, replayable, and open for appending after them. Replay a failure with {@code -Dledger.crash.seed=N}.
 */
class JournalCrashTest
{
    private static final int KILLS_MIN = 20;
    private static final int KILLS_TARGET = 22;
    private static final long TIME_LIMIT_NS = TimeUnit.SECONDS.toNanos(50);
    private static final long LINE_TIMEOUT_MS = 20_000;
    private static final int KILL_DELAY_MAX_MS = 150;
    private static final int VERIFY_EVERY_KILLS = 5;
    private static final int EXIT_SIGKILL = 128 + 9;
    private static final String END = "\u0000end";

    @TempDir
    Path directory;

    private final BitSet acknowledged = new BitSet();
    private long highestAck = -1;
    private int tornTailsSeen;
    private long unacknowledgedSurvivors;

    @Test
    void shouldKeepEveryAcknowledgedEntryThroughRepeatedSigkill() throws Exception
    {
        final long seed = Long.getLong("ledger.crash.seed", System.nanoTime());
        try
        {
            crashRepeatedly(seed);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("crash test failed with seed " + seed + " (replay: -Dledger.crash.seed=" + seed +
                "): " + ex.getMessage(), ex);
        }
    }

    private void crashRepeatedly(final long seed) throws Exception
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final Path journalDirectory = directory.resolve("journal");
        final long startNs = System.nanoTime();
        int kills = 0;
        int syncRuns = 0;
        while (kills < KILLS_TARGET && System.nanoTime() - startNs < TIME_LIMIT_NS)
        {
            final Durability durability = kills % 6 == 5 ? Durability.SYNC : Durability.OS;
            syncRuns += durability == Durability.SYNC ? 1 : 0;
            runAndKill(journalDirectory, seed, kills, durability, random.nextInt(KILL_DELAY_MAX_MS + 1));
            kills++;
            checkAfterKill(journalDirectory, kills % VERIFY_EVERY_KILLS == 0);
        }
        final VerifyReport report = JournalVerifier.verify(journalDirectory, (index, count, events) -> {});
        assertThat(report.ok()).as(report.verdict()).isTrue();
        assertThat(report.lastIndex()).isGreaterThanOrEqualTo(highestAck);
        assertThat(kills).as("kills within the time limit").isGreaterThanOrEqualTo(KILLS_MIN);
        assertThat(syncRuns).isGreaterThan(0);
        System.out.printf("crash test seed %d: %d kills in %.1f s, %d entries acknowledged, %d unacknowledged " +
            "entries survived, %d torn tails seen, %s%n", seed, kills, (System.nanoTime() - startNs) / 1e9,
            acknowledged.cardinality(), unacknowledgedSurvivors, tornTailsSeen, report.verdict());
    }

    private void runAndKill(final Path journalDirectory, final long seed, final int run, final Durability durability,
        final int killDelayMs) throws Exception
    {
        final Path errors = directory.resolve("child-" + run + ".err");
        final Process process = new ProcessBuilder(childCommand(journalDirectory, seed, run, durability))
            .redirectError(errors.toFile())
            .start();
        final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final Thread pump = new Thread(() -> pump(process, lines), "child-stdout");
        pump.start();
        try
        {
            final String start = awaitLine(lines, process, errors, "START");
            final long startIndex = Long.parseLong(start.split(" ")[1]);
            assertThat(startIndex).as("run %d opens after every acknowledged entry", run).isGreaterThan(highestAck);
            awaitLine(lines, process, errors, "ACK");
            Thread.sleep(killDelayMs);
            process.destroyForcibly();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("killed child exits").isTrue();
            assertThat(process.exitValue()).as("run %d exit code (SIGKILL); stderr:%n%s", run, read(errors))
                .isEqualTo(EXIT_SIGKILL);
            pump.join(10_000);
            long ack = -1;
            for (final String line : lines)
            {
                if (line.startsWith("ACK "))
                {
                    final long index = Long.parseLong(line.substring(4));
                    assertThat(index).as("acknowledgements grow").isGreaterThan(ack);
                    ack = index;
                }
            }
            if (ack >= startIndex)
            {
                acknowledged.set((int)startIndex, (int)ack + 1);
                highestAck = ack;
            }
        }
        finally
        {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void checkAfterKill(final Path journalDirectory, final boolean verify)
    {
        final BitSet present = new BitSet();
        final long count;
        boolean torn = false;
        try (JournalReader reader = JournalReader.open(journalDirectory))
        {
            count = reader.count();
            final JournalEntry entry = new JournalEntry();
            try
            {
                while (reader.next(entry))
                {
                    present.set((int)entry.index());
                }
            }
            catch (final JournalException ex)
            {
                assertThat(ex.index()).as("corruption at or before the highest acknowledged index %d: %s",
                    highestAck, ex.getMessage()).isGreaterThan(highestAck);
                tornTailsSeen++;
                torn = true;
            }
        }
        final BitSet missing = (BitSet)acknowledged.clone();
        missing.andNot(present);
        assertThat(missing.isEmpty()).as("acknowledged entries missing or unsound: %s", missing).isTrue();
        unacknowledgedSurvivors += Math.max(0, count - 1 - highestAck);
        final JournalContext context = new JournalContext().directory(journalDirectory)
            .ledgerConfig(JournalCrashChild.CONFIG);
        try (Journal journal = Journal.open(context))
        {
            assertThat(journal.nextIndex()).isGreaterThan(highestAck);
            // A sound tail is kept as it is; a torn one gets a cut entry after it.
            assertThat(journal.nextIndex()).isEqualTo(torn ? count + 1 : count);
        }
        if (verify)
        {
            final VerifyReport report = JournalVerifier.verify(journalDirectory, (index, entries, events) -> {});
            assertThat(report.ok()).as(report.verdict()).isTrue();
        }
    }

    private static List<String> childCommand(final Path journalDirectory, final long seed, final int run,
        final Durability durability)
    {
        // A small, quickly started JVM: the 2-core machine is shared.
        return ChildJvm.command(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
            JournalCrashChild.class, List.of(journalDirectory.toString(), Long.toString(seed), Integer.toString(run),
            durability.name()));
    }

    private static void pump(final Process process, final LinkedBlockingQueue<String> lines)
    {
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII)))
        {
            String line;
            while ((line = reader.readLine()) != null)
            {
                lines.add(line);
            }
        }
        catch (final IOException ignored)
        {
            // The process is gone; what was read is all there is.
        }
        lines.add(END);
    }

    /** Waits for the first line with the prefix, leaving it and every later line in the queue. */
    private static String awaitLine(final LinkedBlockingQueue<String> lines, final Process process, final Path errors,
        final String prefix) throws InterruptedException, IOException
    {
        final long deadlineMs = System.currentTimeMillis() + LINE_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadlineMs)
        {
            for (final String line : lines)
            {
                if (line.startsWith(prefix))
                {
                    return line;
                }
                if (line.equals(END))
                {
                    fail("child exited (%s) before %s; stderr:%n%s", process.waitFor(), prefix, read(errors));
                }
            }
            Thread.sleep(1);
        }
        fail("no %s from the child within %d ms; stderr:%n%s", prefix, LINE_TIMEOUT_MS, read(errors));
        return null;
    }

    private static String read(final Path file) throws IOException
    {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
