package dev.ledger.perf;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.ledger.core.BatchStatus;
import dev.ledger.core.Ledger;
import dev.ledger.core.LedgerConfig;
import dev.ledger.core.LedgerLimits;
import dev.ledger.server.shard.ShardConfig;
import dev.ledger.server.shard.ShardMetric;
import dev.ledger.server.shard.ShardedLedger;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * create_transfers throughput through {@link ShardedLedger} with N shards (default 1 and 2) against one plain
 * {@link Ledger} on the calling thread, for streams of full 8189-transfer batches in which 0%, 10% and 50% of the
 * transfers have their accounts on different N = 2 shards ({@link ShardStream}). Not JMH: a run is seconds of
 * work across threads.
 * <p>
 * For each fraction, one stream is generated and applied, whole, to a fresh ledger of each configuration (plain,
 * then each N): first a shorter warm-up pass, then {@code runs} measured runs, each on a fresh ledger that got
 * the accounts first (untimed). A sharded run keeps up to {@code maxInFlight} batches in flight and is timed from
 * the first submit to the last outcome; every result code is checked, and each shard's event and round counters
 * must match the stream exactly. Medians are reported, and the ratio of each median to the plain one.
 * <p>
 * Settings, system properties or positional arguments {@code [accounts [transfers [runs]]]}:
 * {@code ledger.perf.accounts} (default 1,000,000), {@code ledger.perf.transfers} per run (10,000,000, rounded
 * down to full batches), {@code ledger.perf.runs} (3), {@code ledger.perf.warmup} transfers (1,000,000; 0: none),
 * {@code ledger.perf.cross} fractions (0,0.1,0.5), {@code ledger.perf.shards} (1,2), {@code ledger.perf.maxInFlight}
 * (4), {@code ledger.perf.seed} (42). Everything else of the {@link ShardConfig} is its default.
 */
public final class ShardBenchmark
{
    /** Transfer capacity of a shard over what it will store. */
    private static final double TRANSFER_HEADROOM = 1.3;
    /** Account capacity of a shard over its share. */
    private static final double ACCOUNT_HEADROOM = 1.2;

    private final int runs;
    private final int warmupBatches;
    private final double[] fractions;
    private final int[] shardCounts;
    private final int maxInFlight;
    private final long seed;
    private final ShardStream stream;
    private final UnsafeBuffer results = new UnsafeBuffer(new byte[ShardStream.BATCH * LedgerLimits.RESULT_LENGTH]);
    private final List<Row> summary = new ArrayList<>();

    /**
     * One pass: throughput and, for sharded passes, the rounds between shards (NaN and 0 without any); what to
     * print after the throughput, and below it (one line per shard).
     */
    private record Run(double transfersPerSecond, double meanRoundNs, long maxRoundNs, String detail, String shards)
    {
    }

    /** The measured runs of one configuration on one stream. */
    private record Row(String cross, String config, Run[] runs)
    {
    }

    private ShardBenchmark(final String[] args)
    {
        final int accounts = args.length > 0 ? Integer.parseInt(args[0]) :
            Integer.getInteger("ledger.perf.accounts", 1_000_000);
        final long transfers = args.length > 1 ? Long.parseLong(args[1]) :
            Long.getLong("ledger.perf.transfers", 10_000_000L);
        runs = args.length > 2 ? Integer.parseInt(args[2]) : Integer.getInteger("ledger.perf.runs", 3);
        final int batches = (int)Math.max(1, transfers / ShardStream.BATCH);
        final long warmup = Long.getLong("ledger.perf.warmup", 1_000_000L);
        warmupBatches = (int)Math.min(batches, (warmup + ShardStream.BATCH - 1) / ShardStream.BATCH);
        fractions = Arrays.stream(System.getProperty("ledger.perf.cross", "0,0.1,0.5").split(","))
            .mapToDouble(Double::parseDouble).toArray();
        shardCounts = Arrays.stream(System.getProperty("ledger.perf.shards", "1,2").split(","))
            .mapToInt(Integer::parseInt).toArray();
        maxInFlight = Integer.getInteger("ledger.perf.maxInFlight", 4);
        seed = Long.getLong("ledger.perf.seed", 42L);
        if (runs < 1)
        {
            throw new IllegalArgumentException("runs must be at least 1: " + runs);
        }
        stream = new ShardStream(accounts, batches);
    }

    public static void main(final String[] args)
    {
        try
        {
            new ShardBenchmark(args).run();
        }
        catch (final Throwable failure)
        {
            // Shard threads may still run (or be stuck): report and leave without waiting for them.
            System.out.flush();
            System.err.println("shard benchmark FAILED: " + failure);
            failure.printStackTrace();
            System.exit(1);
        }
    }

    private void run()
    {
        System.out.printf(Locale.ROOT, "shard benchmark: %,d accounts, %,d transfers per run (%d batches of %d), " +
            "%d runs after a warm-up of %,d transfers, cross-shard fractions %s, shards %s, max in flight %d, " +
            "seed %d%n",
            stream.accounts(), stream.transfers(), stream.transferBatchCount(), ShardStream.BATCH, runs,
            (long)warmupBatches * ShardStream.BATCH, Arrays.toString(fractions), Arrays.toString(shardCounts),
            maxInFlight, seed);
        System.out.println("Machine:    " + machine());
        RunEnvironment.print(System.out);
        System.out.printf(Locale.ROOT, "accounts by N=2 shard: %,d and %,d%n", stream.accountsOfShard(0),
            stream.accountsOfShard(1));
        for (final double fraction : fractions)
        {
            stream.generate(fraction, seed);
            final String cross = String.format(Locale.ROOT, "%.0f%%", 100 * fraction);
            System.out.printf(Locale.ROOT, "%n== cross %s: %,d of %,d transfers (%.3f%%) have accounts on both N=2 " +
                "shards%n", cross, stream.crossTransfers(), stream.transfers(),
                100.0 * stream.crossTransfers() / stream.transfers());
            measure(cross, "plain", 1, config(1));
            for (final int shards : shardCounts)
            {
                measure(cross, "N=" + shards, shards, config(shards));
            }
        }
        printSummary();
    }

    /** Capacities of each of N shards for the current stream (N = 1 also for the plain ledger). */
    private LedgerConfig config(final int shards)
    {
        long stored = 0;
        for (final long[] shard : stream.census(shards, stream.transferBatchCount()))
        {
            stored = Math.max(stored, shard[0]);
        }
        final long transfersMax = (long)Math.ceil(stored * TRANSFER_HEADROOM);
        final long accountsMax = (long)Math.ceil((double)stream.accounts() / shards * ACCOUNT_HEADROOM) + 1024;
        return new LedgerConfig((int)Math.min(LedgerConfig.CAPACITY_MAX, accountsMax),
            (int)Math.min(LedgerConfig.CAPACITY_MAX, transfersMax), LedgerConfig.HISTORY_MIN);
    }

    private void measure(final String cross, final String name, final int shards, final LedgerConfig config)
    {
        final boolean plain = "plain".equals(name);
        System.out.printf(Locale.ROOT, "-- %s, cross %s: per-%s capacity %,d accounts, %,d transfers%n", name, cross,
            plain ? "ledger" : "shard", config.accountsMax(), config.transfersMax());
        if (warmupBatches > 0)
        {
            final Run warm = plain ? plainPass(config, warmupBatches) : shardedPass(shards, config, warmupBatches);
            System.out.printf(Locale.ROOT, "%s cross %s warm-up: %,.0f transfers/s (%s)%s%n", name, cross,
                warm.transfersPerSecond(), warm.detail(), warm.shards());
        }
        final Run[] measured = new Run[runs];
        for (int r = 0; r < runs; r++)
        {
            measured[r] = plain ? plainPass(config, stream.transferBatchCount()) :
                shardedPass(shards, config, stream.transferBatchCount());
            System.out.printf(Locale.ROOT, "%s cross %s run %d: %,.0f transfers/s (%s)%s%n", name, cross, r + 1,
                measured[r].transfersPerSecond(), measured[r].detail(), measured[r].shards());
        }
        summary.add(new Row(cross, name, measured));
    }

    /** A fresh plain ledger: accounts (untimed), then the stream's first {@code batches} batches on this thread. */
    private Run plainPass(final LedgerConfig config, final int batches)
    {
        collectGarbage();
        final Ledger ledger = new Ledger(config);
        for (int b = 0; b < stream.accountBatchCount(); b++)
        {
            final int count = stream.accountBatchEvents(b);
            final String what = "plain create_accounts batch " + b;
            TransferWorkload.requireBatchOk(ledger.createAccounts(ShardStream.accountsTimeNs(b), stream.accountBatch(b),
                0, count, results, 0), what);
            ShardDriver.requireAllOk(false, what, results, count);
        }
        collectGarbage();
        final long collections = collections();
        final long start = System.nanoTime();
        for (int b = 0; b < batches; b++)
        {
            final int status = ledger.createTransfers(stream.transfersTimeNs(b), stream.transferBatch(b), 0,
                ShardStream.BATCH, results, 0);
            if (status != BatchStatus.OK)
            {
                TransferWorkload.requireBatchOk(status, "plain create_transfers batch " + b);
            }
            ShardDriver.requireAllOk(true, "plain create_transfers batch " + b, results, ShardStream.BATCH);
        }
        final long elapsed = System.nanoTime() - start;
        final long collected = collections() - collections;
        if (ledger.transferCount() != (long)batches * ShardStream.BATCH)
        {
            throw new IllegalStateException("plain ledger holds " + ledger.transferCount() + " transfers, expected " +
                (long)batches * ShardStream.BATCH);
        }
        return new Run((double)batches * ShardStream.BATCH * 1e9 / elapsed, Double.NaN, 0,
            timing(batches, elapsed, collected), "");
    }

    /**
     * A fresh sharded ledger: accounts (untimed), then the stream's first {@code batches} batches; checks every
     * shard's event and round counts against the stream's census and prints them.
     */
    private Run shardedPass(final int shards, final LedgerConfig config, final int batches)
    {
        collectGarbage();
        // Everything but the capacities, the in-flight bound and the directory (sized for the stream's ids) as a
        // node gets it by default.
        final ShardConfig shardConfig = ShardConfig.of(shards, config).withMaxInFlight(maxInFlight)
            .withDirectoryCapacity((int)Math.min(Integer.MAX_VALUE / 4, (long)Math.ceil(stream.transfers() *
                TRANSFER_HEADROOM)));
        final ShardedLedger ledger = new ShardedLedger(shardConfig);
        final ShardDriver driver = new ShardDriver(ledger);
        driver.drive(stream, false, stream.accountBatchCount());
        collectGarbage();
        final long[][] before = ShardDriver.readCounters(ledger);
        final long collections = collections();
        final long submitBefore = driver.submitNanos();
        final long elapsed = driver.drive(stream, true, batches);
        final long submitNanos = driver.submitNanos() - submitBefore;
        final long collected = collections() - collections;
        final long[][] after = ShardDriver.readCounters(ledger);
        // Closed only after a clean pass: on failure main exits without waiting for threads that may be stuck.
        ledger.close();
        final long[][] census = stream.census(shards, batches);
        long roundNanos = 0;
        long rounds = 0;
        long maxRound = 0;
        final StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
            "%n    router (submit: split, directory, copy into mailboxes): %.0f ns per transfer",
            (double)submitNanos / ((long)batches * ShardStream.BATCH)));
        for (int s = 0; s < shards; s++)
        {
            final long events = after[s][ShardMetric.EVENTS.ordinal()] - before[s][ShardMetric.EVENTS.ordinal()];
            final long crossEvents =
                after[s][ShardMetric.CROSS_SHARD_EVENTS.ordinal()] - before[s][ShardMetric.CROSS_SHARD_EVENTS.ordinal()];
            final long total = after[s][ShardMetric.ROUND_NANOS_TOTAL.ordinal()] - before[s][ShardMetric.ROUND_NANOS_TOTAL.ordinal()];
            if (events != census[s][0] || crossEvents != census[s][1])
            {
                throw new IllegalStateException("shard " + s + " counted " + events + " events, " + crossEvents +
                    " cross-shard; the stream gives it " + census[s][0] + " and " + census[s][1]);
            }
            roundNanos += total;
            rounds += crossEvents;
            maxRound = Math.max(maxRound, after[s][ShardMetric.ROUND_NANOS_MAX.ordinal()]);
            line.append(String.format(Locale.ROOT, "%n    shard %d: events %,d, cross_shard_events %,d, " +
                "mean round %s ns, round_nanos_max %,d, early_records %,d", s, events, crossEvents, crossEvents == 0 ? "-" :
                String.format(Locale.ROOT, "%,.0f", (double)total / crossEvents),
                after[s][ShardMetric.ROUND_NANOS_MAX.ordinal()],
                after[s][ShardMetric.EARLY_RECORDS.ordinal()] - before[s][ShardMetric.EARLY_RECORDS.ordinal()]));
        }
        return new Run((double)batches * ShardStream.BATCH * 1e9 / elapsed,
            rounds == 0 ? Double.NaN : (double)roundNanos / rounds, maxRound, timing(batches, elapsed, collected),
            line.toString());
    }

    private static String timing(final int batches, final long elapsedNs, final long collections)
    {
        return String.format(Locale.ROOT, "%,d transfers in %.3f s, %d collections", (long)batches * ShardStream.BATCH,
            elapsedNs / 1e9, collections);
    }

    /** Collections so far, by every collector: none should fall inside a timed section. */
    private static long collections()
    {
        long count = 0;
        for (final GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans())
        {
            count += Math.max(0, bean.getCollectionCount());
        }
        return count;
    }

    private void printSummary()
    {
        System.out.printf(Locale.ROOT, "%nSummary (median of %d runs; ratio = median / plain median of the same " +
            "stream)%n", runs);
        System.out.printf(Locale.ROOT, "| %-5s | %-6s | %14s | %23s | %6s | %13s | %15s |%n", "cross", "config",
            "transfers/s", "min .. max", "ratio", "mean round ns", "max round ns");
        System.out.println("|-------|--------|---------------:|------------------------:|-------:|--------------:|" +
            "----------------:|");
        double plain = Double.NaN;
        for (final Row row : summary)
        {
            final double[] rates = Arrays.stream(row.runs()).mapToDouble(Run::transfersPerSecond).sorted().toArray();
            final double[] rounds = Arrays.stream(row.runs()).mapToDouble(Run::meanRoundNs).toArray();
            final long maxRound = Arrays.stream(row.runs()).mapToLong(Run::maxRoundNs).max().orElse(0);
            final double median = median(rates);
            plain = "plain".equals(row.config()) ? median : plain;
            System.out.printf(Locale.ROOT, "| %-5s | %-6s | %,14.0f | %,10.0f .. %,10.0f | %5.2fx | %13s | %15s |%n",
                row.cross(), row.config(), median, rates[0], rates[rates.length - 1], median / plain,
                Double.isNaN(rounds[0]) ? "-" : String.format(Locale.ROOT, "%,.0f", median(rounds)),
                maxRound == 0 ? "-" : String.format(Locale.ROOT, "%,d", maxRound));
        }
    }

    private static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] :
            (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /** Outside every timed section: frees the previous ledger, so that no collection falls inside a run. */
    private static void collectGarbage()
    {
        System.gc();
    }

    /** CPU model (from /proc/cpuinfo), processors, memory and load, and the JVM's version. */
    private static String machine()
    {
        String model = "unknown";
        String memory = "unknown";
        String load = "unknown";
        try
        {
            model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(model);
            memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(memory);
            load = Files.readString(Path.of("/proc/loadavg")).trim();
        }
        catch (final IOException | RuntimeException ex)
        {
            model = model + " (" + ex + ")";
        }
        return model + ", " + Runtime.getRuntime().availableProcessors() + " cpus, MemTotal " + memory +
            ", loadavg " + load + "; java.vm.version " + System.getProperty("java.vm.version");
    }
}
