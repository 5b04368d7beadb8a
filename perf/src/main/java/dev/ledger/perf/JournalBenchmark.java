package dev.ledger.perf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.agrona.concurrent.UnsafeBuffer;

import dev.ledger.core.BatchStatus;
import dev.ledger.core.Ledger;
import dev.ledger.core.LedgerConfig;
import dev.ledger.core.LedgerLimits;
import dev.ledger.journal.Durability;
import dev.ledger.journal.EntryKind;
import dev.ledger.journal.Journal;
import dev.ledger.journal.JournalContext;
import dev.ledger.journal.verify.JournalVerifier;
import dev.ledger.journal.verify.VerifyReport;

/**
 * The journal's figures, on real files: append throughput in {@code os} and {@code sync} mode (full 8189-transfer
 * entries and 1-event entries), replay+verify throughput, snapshot write time, and restart time with and without
 * a snapshot, for a journal of about {@code -Dledger.perf.transfers} (default 10 million) transfers of a
 * {@link Scenario}. Each figure is measured {@code -Dledger.perf.runs} times (default 3); the median is reported.
 * <p>
 * Files go under {@code -Dledger.perf.directory} (default {@code perf/target/journal-benchmark}). Two phases,
 * each its own JVM: the default one builds the journal and measures appends and replay+verify; then
 * {@code -Dledger.perf.phase=restart}, run from a small JVM, measures restarts in fresh JVMs and deletes the files.
 */
public final class JournalBenchmark
{
    private static final int BATCH = LedgerLimits.BATCH_EVENTS_MAX;
    private static final int SAMPLE_BATCHES = 64;

    private final Path directory;
    private final Scenario scenario;
    private final long transfers;
    private final int runs;
    private final LedgerConfig config;
    private final List<UnsafeBuffer> sampleEvents = new ArrayList<>();
    private final List<UnsafeBuffer> sampleResults = new ArrayList<>();

    private JournalBenchmark(final Path directory, final Scenario scenario, final long transfers, final int runs)
    {
        this.directory = directory;
        this.scenario = scenario;
        this.transfers = transfers;
        this.runs = runs;
        final int transfersMax = Integer.highestOneBit((int)Math.min(transfers + 2L * BATCH, 1 << 29)) * 2;
        config = new LedgerConfig(Math.max(1 << 10, Integer.highestOneBit(scenario.accounts()) * 2), transfersMax,
            LedgerConfig.HISTORY_MIN);
    }

    public static void main(final String[] args) throws IOException
    {
        final JournalBenchmark benchmark = new JournalBenchmark(
            Paths.get(System.getProperty("ledger.perf.directory", "perf/target/journal-benchmark")),
            Scenario.valueOf(System.getProperty("ledger.perf.scenario", "uniform").toUpperCase(Locale.ROOT)),
            Long.getLong("ledger.perf.transfers", 10_000_000L),
            Integer.getInteger("ledger.perf.runs", 3));
        if ("restart".equals(System.getProperty("ledger.perf.phase", "main")))
        {
            benchmark.runRestarts();
        }
        else
        {
            benchmark.run();
        }
    }

    private void run() throws IOException
    {
        System.out.printf(Locale.ROOT, "journal benchmark: scenario %s, %,d transfers, %d runs, files in %s%n",
            scenario.parameterName(), transfers, runs, directory.toAbsolutePath());
        RunEnvironment.print(System.out);
        deleteTree(directory);
        final Path journal = directory.resolve("replayed");
        final double buildSeconds = build(journal);
        System.out.printf(Locale.ROOT, "build: applied and journaled (os) %,d transfers in %.2f s: %,.0f transfers/s%n",
            transfers, buildSeconds, transfers / buildSeconds);

        final int fullEntries = (int)((transfers + BATCH - 1) / BATCH);
        report("append os, 8189-transfer entries", appendRuns(Durability.OS, fullEntries, BATCH, 1), BATCH);
        report("append sync, 8189-transfer entries, 1 entry per sync", appendRuns(Durability.SYNC,
            Math.min(fullEntries, 300), BATCH, 1), BATCH);
        report("append sync, 8189-transfer entries, 8 entries per sync", appendRuns(Durability.SYNC,
            Math.min(fullEntries, 400), BATCH, 8), BATCH);
        report("append os, 1-transfer entries", appendRuns(Durability.OS, 1_000_000, 1, 1), 1);
        report("append sync, 1-transfer entries, 256 entries per sync", appendRuns(Durability.SYNC, 200_000, 1, 256), 1);

        final double[] verify = new double[runs];
        for (int r = 0; r < runs; r++)
        {
            // The previous run's ledger is garbage: collect it here, not in the next run's timing (a full GC
            // moving the live heap took 1.1 s inside a 6 s run).
            System.gc();
            final long start = System.nanoTime();
            final VerifyReport report = JournalVerifier.verify(journal, (index, count, events) -> { });
            verify[r] = seconds(start);
            if (!report.ok())
            {
                throw new IllegalStateException("verify failed: " + report.verdict());
            }
            System.out.printf(Locale.ROOT, "run %d: verify %.2f s%n", r + 1, verify[r]);
        }
        System.out.printf(Locale.ROOT, "replay+verify: median %.2f s: %,.0f transfers/s%n", median(verify),
            transfers / median(verify));
    }

    /**
     * The restarts, from a JVM of its own that holds almost nothing, so that the restarting JVM has the machine's
     * memory to itself as a restarting node would (the journal and snapshot files stay in the page cache).
     */
    private void runRestarts() throws IOException
    {
        final Path journal = directory.resolve("replayed");
        final double[] restartFull = new double[runs];
        final double[] snapshotWrite = new double[runs];
        final double[] restartSnapshot = new double[runs];
        final double[] processSnapshot = new double[runs];
        long snapshotBytes = 0;
        for (int r = 0; r < runs; r++)
        {
            deleteTree(journal.resolve("snapshots"));
            final double[] full = restartInFreshJvm(journal, true);
            restartFull[r] = full[0];
            snapshotWrite[r] = full[2];
            snapshotBytes = (long)full[3];
            final double[] fromSnapshot = restartInFreshJvm(journal, false);
            restartSnapshot[r] = fromSnapshot[0];
            processSnapshot[r] = fromSnapshot[1];
            System.out.printf(Locale.ROOT, "run %d: fresh JVM: restart (full replay) %.2f s, snapshot write %.2f s," +
                " restart (snapshot) %.2f s (whole process %.2f s)%n", r + 1, restartFull[r], snapshotWrite[r],
                restartSnapshot[r], processSnapshot[r]);
        }
        System.out.printf(Locale.ROOT, "restart without snapshot (fresh JVM, full checked replay): median %.2f s%n",
            median(restartFull));
        System.out.printf(Locale.ROOT, "snapshot write: median %.2f s, %,d bytes%n", median(snapshotWrite),
            snapshotBytes);
        System.out.printf(Locale.ROOT, "restart with snapshot (fresh JVM): median %.2f s; whole process from exec " +
            "to recovered (JVM start and heap pre-touch included): median %.2f s%n", median(restartSnapshot),
            median(processSnapshot));
        deleteTree(directory);
    }

    /**
     * Restarts as a node would: a fresh JVM ({@link RestartProbe}) recovers the ledger from the journal (and its
     * newest snapshot, if any); when {@code snapshotAfter}, it then writes a snapshot.
     *
     * @return seconds to recover, seconds of the whole process, seconds to write the snapshot, its bytes.
     */
    private static double[] restartInFreshJvm(final Path journal, final boolean snapshotAfter) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        for (final String argument : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-") || argument.startsWith("-Dchronicle.") ||
                argument.startsWith("--enable-native-access") || argument.startsWith("--sun-misc") ||
                argument.equals("-XX:+UseTransparentHugePages"))
            {
                command.add(argument);
            }
        }
        command.addAll(List.of(System.getProperty("ledger.perf.restartHeap", "-Xms8g -Xmx8g").split(" ")));
        command.addAll(List.of("-XX:+UseParallelGC", "-XX:+AlwaysPreTouch", "-cp",
            System.getProperty("java.class.path"), RestartProbe.class.getName(), journal.toString(),
            Boolean.toString(snapshotAfter)));
        final long start = System.nanoTime();
        final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try
        {
            if (process.waitFor() != 0)
            {
                throw new IllegalStateException("restart probe failed: " + output);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
        final double whole = seconds(start);
        final String[] fields = output.substring(output.lastIndexOf('\n') + 1).split(" ");
        return new double[] {Double.parseDouble(fields[0]), whole, Double.parseDouble(fields[1]),
            Double.parseDouble(fields[2])};
    }

    private JournalContext context(final Path journal, final Durability durability)
    {
        return new JournalContext().directory(journal).ledgerConfig(config).durability(durability);
    }

    /** Applies the scenario to a ledger and journals every batch; keeps the first batches as append samples. */
    private double build(final Path journal)
    {
        final Ledger ledger = new Ledger(config);
        final TransferWorkload workload = new TransferWorkload(scenario, 42, false);
        final long[] position = {0};
        try (Journal writer = Journal.open(context(journal, Durability.OS)))
        {
            workload.listener((isTransfers, clusterTimeNs, events, count, status, results) ->
            {
                TransferWorkload.requireBatchOk(status, "journaled batch");
                writer.appendCreate(isTransfers ? EntryKind.CREATE_TRANSFERS : EntryKind.CREATE_ACCOUNTS,
                    ++position[0], clusterTimeNs, events, 0, count, status, results, 0, ledger.stateHash());
                writer.commit();
                if (isTransfers && count == BATCH && sampleEvents.size() < SAMPLE_BATCHES)
                {
                    sampleEvents.add(copy(events, count * LedgerLimits.RECORD_LENGTH));
                    sampleResults.add(copy(results, count * LedgerLimits.RESULT_LENGTH));
                }
            });
            workload.createAccounts(ledger);
            workload.prime(ledger);
            final long start = System.nanoTime();
            workload.applyChecked(ledger, (int)(transfers / BATCH));
            return seconds(start);
        }
    }

    private static UnsafeBuffer copy(final UnsafeBuffer source, final int length)
    {
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[length]);
        copy.putBytes(0, source, 0, length);
        return copy;
    }

    /** @return entries per second of each run. */
    private double[] appendRuns(final Durability durability, final int entries, final int events, final int group)
    {
        final double[] rates = new double[runs + 1];
        for (int r = 0; r <= runs; r++)
        {
            // Run 0 warms the JIT and the page cache and is not counted; before every run, the dirty pages
            // of the runs before are written back, so that no run pays for another's writeback.
            flushFileSystems();
            final Path journal = directory.resolve("append-" + durability + "-" + events + "-" + r);
            try (Journal writer = Journal.open(context(journal, durability)))
            {
                final long start = System.nanoTime();
                for (int i = 0; i < entries; i++)
                {
                    final int sample = i % sampleEvents.size();
                    writer.appendCreate(EntryKind.CREATE_TRANSFERS, i + 1, i, sampleEvents.get(sample), 0, events,
                        BatchStatus.OK, sampleResults.get(sample), 0, i);
                    if ((i + 1) % group == 0 || i == entries - 1)
                    {
                        writer.commit();
                    }
                }
                rates[r] = entries / seconds(start);
                if (durability == Durability.SYNC && writer.syncCount() != (entries + group - 1) / group)
                {
                    throw new IllegalStateException("expected one sync per group, got " + writer.syncCount());
                }
            }
            deleteTree(journal);
        }
        return Arrays.copyOfRange(rates, 1, runs + 1);
    }

    private static void flushFileSystems()
    {
        try
        {
            new ProcessBuilder("sync").inheritIO().start().waitFor();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static void report(final String what, final double[] entriesPerSecond, final int eventsPerEntry)
    {
        final double median = median(entriesPerSecond);
        System.out.printf(Locale.ROOT, "%s: median %,.0f entries/s, %,.0f transfers/s (runs: %s)%n", what, median,
            median * eventsPerEntry, Arrays.toString(Arrays.stream(entriesPerSecond).mapToLong(Math::round).toArray()));
    }

    private static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] :
            (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static double seconds(final long startNs)
    {
        return (System.nanoTime() - startNs) / 1e9;
    }

    private static void deleteTree(final Path root)
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.delete(path);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
