package dev.ledger.perf.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.BackoffIdleStrategy;

import dev.ledger.client.AccountBatch;
import dev.ledger.client.CreateResults;
import dev.ledger.client.LedgerClient;
import dev.ledger.core.CreateAccountResult;
import dev.ledger.core.LedgerLimits;
import dev.ledger.perf.postgres.LocalPostgres;
import dev.ledger.perf.postgres.PostgresLedger;

/**
 * The load generator: an open loop of create_transfers requests at a target rate against a running node, over
 * the binary API (Java client) or the HTTP API, with latency from the intended send time (HdrHistogram, no
 * coordinated omission). Prints one human line and one {@code RESULT} line of JSON. See perf/README.md and
 * perf/run-load-benchmarks.sh, which starts the node.
 */
public final class LoadGenerator
{
    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static
    {
        DEFAULTS.put("mode", "binary");
        DEFAULTS.put("workload", "uniform");
        DEFAULTS.put("batch", "8189");
        DEFAULTS.put("rate", "100000");
        DEFAULTS.put("warmup-s", "5");
        DEFAULTS.put("duration-s", "10");
        DEFAULTS.put("ingress", "0=127.0.0.1:21002");
        DEFAULTS.put("http", "127.0.0.1:8080");
        DEFAULTS.put("connections", "16");
        DEFAULTS.put("max-in-flight", "1024");
        DEFAULTS.put("window", "4");
        DEFAULTS.put("seed", "42");
        DEFAULTS.put("shards", "2");
        DEFAULTS.put("setup", "true");
        DEFAULTS.put("id-base", "now");
        DEFAULTS.put("jdbc", LocalPostgres.jdbcUrl(25432));
        DEFAULTS.put("synchronous-commit", "on");
        DEFAULTS.put("tag", "-");
        DEFAULTS.put("teardown", "false");
    }

    private LoadGenerator()
    {
    }

    /**
     * @param args {@code --name value} pairs; {@code --help} lists them with their defaults.
     */
    public static void main(final String[] args)
    {
        final Map<String, String> options = new LinkedHashMap<>(DEFAULTS);
        for (int i = 0; i < args.length; i++)
        {
            final String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!DEFAULTS.containsKey(name) || i + 1 == args.length)
            {
                System.err.println("usage: LoadGenerator " + usage() + (name.equals("help") ? "" :
                    "\nunknown option or missing value: " + args[i]));
                System.exit(name.equals("help") ? 0 : 2);
            }
            options.put(name, args[++i]);
        }
        try
        {
            final LoadStats.Summary summary = run(options);
            System.out.println(report(options, summary));
            System.out.println("RESULT " + json(options, summary));
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("LoadGenerator: " + ex.getMessage());
            System.exit(2);
        }
        catch (final SQLException | IOException ex)
        {
            System.err.println("LoadGenerator: PostgreSQL: " + ex.getMessage());
            System.exit(1);
        }
        catch (final RuntimeException | Error ex)
        {
            // Exit, not just end main: the client's threads would keep the JVM (and the benchmark script) waiting.
            ex.printStackTrace();
            System.exit(1);
        }
    }

    private static String usage()
    {
        final StringBuilder usage = new StringBuilder();
        DEFAULTS.forEach((name, value) -> usage.append("[--").append(name).append(' ').append(value).append("] "));
        return usage.append("\n  mode: binary | http | postgres (the PostgreSQL baseline at --jdbc);" +
            "\n  workload: uniform | hot | two_phase | cross_shard; rate: transfers per second, or max: keep `window` requests outstanding (closed loop, saturation);" +
            "\n  batch: transfers per request;\n  id-base: transfer ids start after it " +
            "(now: the clock in ms x 10^6, so that runs against one node never reuse an id);" +
            "\n  postgres: --connections is the pool, --synchronous-commit on | off, --teardown true drops the " +
            "tables after the run;" +
            "\n  tag: any word, repeated in the RESULT line (the scripts name the run with it)").toString();
    }

    static LoadStats.Summary run(final Map<String, String> options) throws SQLException, IOException
    {
        final String mode = options.get("mode");
        final LoadWorkload.Kind kind = LoadWorkload.Kind.of(options.get("workload"));
        final int batch = positive(options, "batch", LedgerLimits.BATCH_EVENTS_MAX);
        final boolean saturate = options.get("rate").equals("max");
        final int rate = saturate ? 0 : positive(options, "rate", Integer.MAX_VALUE);
        final long warmupNs = TimeUnit.SECONDS.toNanos(positive(options, "warmup-s", 3600));
        final long durationNs = TimeUnit.SECONDS.toNanos(positive(options, "duration-s", 3600));
        // Ids must not repeat across runs against one node; the wall clock here only spaces the runs' id ranges.
        final long idBase = options.get("id-base").equals("now") ?
            System.currentTimeMillis() * 1_000_000L : Long.parseLong(options.get("id-base"));
        final LoadWorkload workload = new LoadWorkload(kind, Long.parseLong(options.get("seed")),
            positive(options, "shards", 1024), idBase);
        final LoadStats stats = new LoadStats();
        if (mode.equals("postgres"))
        {
            final String url = options.get("jdbc");
            if (Boolean.parseBoolean(options.get("setup")))
            {
                try (Connection connection = DriverManager.getConnection(url))
                {
                    PostgresLedger.install(connection);
                    PostgresLedger.createAccounts(connection, 1, kind.accounts(), LoadWorkload.LEDGER,
                        LoadWorkload.CODE, 0);
                }
            }
            final String sync = options.get("synchronous-commit");
            if (!sync.equals("on") && !sync.equals("off"))
            {
                throw new IllegalArgumentException("--synchronous-commit must be on or off: " + sync);
            }
            final LoadStats.Summary summary = drive(new PostgresTarget(url, positive(options, "connections", 1024),
                sync.equals("on"), positive(options, "max-in-flight", 1 << 20), workload, stats, batch), options,
                stats, saturate, rate, warmupNs, durationNs, batch);
            if (Boolean.parseBoolean(options.get("teardown")))
            {
                try (Connection connection = DriverManager.getConnection(url))
                {
                    PostgresLedger.drop(connection);
                }
            }
            return summary;
        }
        final LedgerClient client = LedgerClient.connect(new LedgerClient.Context()
            .ingressEndpoints(options.get("ingress"))
            .maxInFlight(positive(options, "max-in-flight", 1 << 20))
            .idleStrategy(() -> new BackoffIdleStrategy(1, 10, 1_000, 100_000)));
        if (Boolean.parseBoolean(options.get("setup")))
        {
            createAccounts(client, kind.accounts());
        }
        final LoadTarget target;
        if (mode.equals("binary"))
        {
            target = new BinaryTarget(client, workload, stats, batch);
        }
        else if (mode.equals("http"))
        {
            client.close();
            final String[] http = options.get("http").split(":", 2);
            target = new HttpTarget(new InetSocketAddress(http[0], Integer.parseInt(http[1])),
                positive(options, "connections", 4096), workload, stats, batch);
        }
        else
        {
            client.close();
            throw new IllegalArgumentException("mode must be binary, http or postgres: " + mode);
        }
        return drive(target, options, stats, saturate, rate, warmupNs, durationNs, batch);
    }

    private static LoadStats.Summary drive(final LoadTarget target, final Map<String, String> options,
        final LoadStats stats, final boolean saturate, final int rate, final long warmupNs, final long durationNs,
        final int batch)
    {
        try (target)
        {
            if (!saturate)
            {
                return OpenLoop.run(target, stats, (double)rate / batch, warmupNs, durationNs);
            }
            // A window beyond the client's in-flight bound would only collect instant busy answers.
            final int window = positive(options, "window", positive(options, "max-in-flight", 1 << 20));
            return OpenLoop.saturate(target, stats, window, warmupNs, durationNs);
        }
    }

    /** Creates accounts 1..n, no flags; accounts that exist already are fine (a rerun against the same node). */
    static void createAccounts(final LedgerClient client, final int accounts)
    {
        final AccountBatch batch = new AccountBatch(LedgerLimits.BATCH_EVENTS_MAX);
        for (int first = 1; first <= accounts; first += LedgerLimits.BATCH_EVENTS_MAX)
        {
            batch.clear();
            final int count = Math.min(LedgerLimits.BATCH_EVENTS_MAX, accounts - first + 1);
            for (int i = 0; i < count; i++)
            {
                batch.add().id(first + i, 0).ledger(LoadWorkload.LEDGER).code(LoadWorkload.CODE);
            }
            final CreateResults results = client.createAccounts(batch);
            if (results.count() != count)
            {
                throw new IllegalStateException("accounts " + first + ".." + (first + count - 1) + ": batch status " +
                    results.batchStatus() + ", " + results.count() + " results");
            }
            for (int i = 0; i < count; i++)
            {
                final int code = results.code(i);
                if (code != CreateAccountResult.OK.code() && code != CreateAccountResult.EXISTS.code())
                {
                    throw new IllegalStateException("account " + (first + i) + ": " +
                        CreateAccountResult.of(code).wireName());
                }
            }
        }
    }

    private static int positive(final Map<String, String> options, final String name, final int max)
    {
        final String text = options.get(name);
        try
        {
            final int value = Integer.parseInt(text);
            if (value >= 1 && value <= max)
            {
                return value;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // Answered below.
        }
        throw new IllegalArgumentException("--" + name + " must be an integer in 1.." + max + ": " + text);
    }

    private static String report(final Map<String, String> options, final LoadStats.Summary s)
    {
        return String.format(Locale.ROOT,
            "%s %s batch=%s target=%s/s: %.0f transfers/s, %.0f requests/s, latency p50 %.3f ms, p99 %.3f ms, " +
            "p99.9 %.3f ms, max %.3f ms; %d of %d requests answered (%d unanswered), %d of %d events ok, " +
            "failures %s",
            options.get("mode"), options.get("workload"), options.get("batch"), options.get("rate"),
            s.eventsPerSecond(), s.requestsPerSecond(), s.p50Ms(), s.p99Ms(), s.p999Ms(), s.maxMs(), s.answered(),
            s.sent(), s.unanswered(), s.eventsOk(), s.events(), s.failures());
    }

    private static String json(final Map<String, String> options, final LoadStats.Summary s)
    {
        final StringBuilder failures = new StringBuilder("{");
        s.failures().forEach((reason, count) ->
            failures.append(failures.length() > 1 ? "," : "").append('"').append(reason).append("\":").append(count));
        return String.format(Locale.ROOT,
            "{\"tag\":\"%s\",\"mode\":\"%s\",\"workload\":\"%s\",\"batch\":%s,\"target_rate\":\"%s\"," +
            "\"window\":%s,\"connections\":%s,\"transfers_per_s\":%.1f,\"requests_per_s\":%.1f," +
            "\"p50_ms\":%.4f,\"p90_ms\":%.4f,\"p99_ms\":%.4f,\"p999_ms\":%.4f,\"p9999_ms\":%.4f,\"max_ms\":%.4f," +
            "\"sent\":%d,\"answered\":%d,\"unanswered\":%d,\"events\":%d,\"events_ok\":%d,\"failures\":%s}",
            options.get("tag"), options.get("mode"), options.get("workload"), options.get("batch"),
            options.get("rate"), options.get("window"), options.get("connections"), s.eventsPerSecond(),
            s.requestsPerSecond(), s.p50Ms(), s.p90Ms(), s.p99Ms(), s.p999Ms(), s.p9999Ms(), s.maxMs(), s.sent(),
            s.answered(), s.unanswered(), s.events(), s.eventsOk(), failures.append('}'));
    }
}
