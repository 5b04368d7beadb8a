package dev.ledger.perf.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the log of perf/run-postgres-comparison.sh into the published comparison: a Markdown report with, per
 * workload and durability, the median throughput and latency of Ledger and of the PostgreSQL baseline and their
 * ratio, and two SVG charts beside it (throughput per workload; latency by percentile). A run's RESULT line
 * carries its tag {@code system:durability:phase}, e.g. {@code ledger:sync:max} (saturation) or
 * {@code postgres:relaxed:load} (equal load).
 */
public final class ComparisonReport
{
    static final String[] SYSTEMS = {"ledger", "postgres"};
    static final String[] DURABILITIES = {"sync", "relaxed"};
    static final String[] PERCENTILES = {"p50_ms", "p90_ms", "p99_ms", "p999_ms", "p9999_ms"};
    /** Lines of the log that start with these words go, without them, into a section of the report. */
    private static final String[][] PROFILES = {{"PROFILE", "Where Ledger's time goes"},
        {"PGPROFILE", "Where PostgreSQL's time goes"}};

    private ComparisonReport()
    {
    }

    /**
     * @param args the log's path and the report's path; the charts go beside the report, named after it.
     * @throws IOException when a file cannot be read or written.
     */
    public static void main(final String[] args) throws IOException
    {
        final Path log = Path.of(args[0]);
        final Path report = Path.of(args[1]);
        final String base = report.getFileName().toString().replaceFirst("\\.md$", "");
        final List<String> header = new ArrayList<>();
        final Map<String, List<String>> profiles = new LinkedHashMap<>();
        for (final String[] profile : PROFILES)
        {
            profiles.put(profile[0], new ArrayList<>());
        }
        // workload -> "system:durability" -> runs
        final Map<String, Map<String, List<Map<String, String>>>> runs = new LinkedHashMap<>();
        for (final String line : Files.readAllLines(log))
        {
            if (line.startsWith("# ") && !line.startsWith("# run "))
            {
                header.add(line.substring(2));
            }
            else if (profiles.containsKey(line.split(" ", 2)[0]))
            {
                final String[] parts = line.split(" ", 2);
                profiles.get(parts[0]).add(parts.length > 1 ? parts[1] : "");
            }
            else if (line.startsWith("RESULT "))
            {
                final Map<String, String> fields = LoadReport.fields(line);
                if (!fields.get("tag").endsWith(":profile"))
                {
                    runs.computeIfAbsent(fields.get("workload"), k -> new LinkedHashMap<>())
                        .computeIfAbsent(fields.get("tag"), k -> new ArrayList<>()).add(fields);
                }
            }
        }
        final String throughputSvg = base + "-throughput.svg";
        final String latencySvg = base + "-latency.svg";
        Files.writeString(report.resolveSibling(throughputSvg), ComparisonCharts.throughput(runs));
        final boolean equalLoad = runs.values().stream().anyMatch(tags -> tags.keySet().stream()
            .anyMatch(tag -> tag.endsWith(":load")));
        Files.writeString(report.resolveSibling(latencySvg), equalLoad ?
            ComparisonCharts.latency(runs, "load", "Latency per request at equal load, ms (median of runs, log scale; " +
                "solid: sync, dashed: relaxed)") :
            ComparisonCharts.latency(runs, "max", "Latency per request at saturation, ms (median of runs, log " +
                "scale; solid: sync, dashed: relaxed)"));
        Files.writeString(report, markdown(header, runs, profiles, throughputSvg, latencySvg));
    }

    private static String markdown(final List<String> header, final Map<String, Map<String, List<Map<String, String>>>> runs,
        final Map<String, List<String>> profiles, final String throughputSvg, final String latencySvg)
    {
        final StringBuilder out = new StringBuilder("# Ledger and PostgreSQL, side by side\n\n");
        header.forEach(line -> out.append(line).append("  \n"));
        out.append("\nMedians over the runs. Throughput: transfers applied per second at saturation (each side " +
            "keeps its requests outstanding: Ledger 4 batches on one client, PostgreSQL one batch per pooled " +
            "connection). Latency: per request (one batch), from its send to its answer, in ms. Durability " +
            "`sync`: Ledger journal `sync` + archive sync level 2 against PostgreSQL `synchronous_commit=on` " +
            "(an acknowledged transfer survives power loss on both); `relaxed`: Ledger journal `os` (survives a " +
            "process crash) against `synchronous_commit=off` (a crash may lose the last few hundred ms of " +
            "commits).\n\n");
        out.append("| workload | durability | Ledger transfers/s | PostgreSQL transfers/s | Ledger / PostgreSQL | " +
            "Ledger p50 / p99 / p99.9 | PostgreSQL p50 / p99 / p99.9 | transfers per request (L / PG) | runs " +
            "(L / PG) | not applied |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        forEachPair(runs, "max", (workload, durability, ledger, postgres) ->
        {
            final double l = LoadReport.median(ledger, "transfers_per_s");
            final double p = LoadReport.median(postgres, "transfers_per_s");
            out.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | **%.1fx** | %s | %s | %s / %s | " +
                "%d / %d | %,d / %,d |%n", workload, durability, l, p, l / p, latencies(ledger),
                latencies(postgres), ledger.get(0).get("batch"), postgres.get(0).get("batch"), ledger.size(),
                postgres.size(), LoadReport.notApplied(ledger), LoadReport.notApplied(postgres)));
        });
        equalLoad(out, runs);
        out.append("\n![throughput](").append(throughputSvg).append(")\n\n![latency](").append(latencySvg)
            .append(")\n");
        for (final String[] profile : PROFILES)
        {
            final List<String> lines = profiles.get(profile[0]);
            if (!lines.isEmpty())
            {
                out.append("\n## ").append(profile[1]).append("\n\n");
                lines.forEach(line -> out.append(line).append('\n'));
            }
        }
        return out.toString();
    }

    /** The second table: latency percentiles when both take the same load in the same requests (open loop). */
    private static void equalLoad(final StringBuilder out,
        final Map<String, Map<String, List<Map<String, String>>>> runs)
    {
        final boolean[] header = {false};
        forEachPair(runs, "load", (workload, durability, ledger, postgres) ->
        {
            if (!header[0])
            {
                final Map<String, String> first = ledger.get(0);
                out.append(String.format(Locale.ROOT, "%nAt equal load: both offered %,d transfers/s in " +
                    "requests of %s transfers, on a fixed schedule (open loop; latency from the intended " +
                    "send, so queueing behind a slow request counts). Latency per request, ms, p50 / p90 / p99 " +
                    "/ p99.9 / p99.99.%n%n", Long.parseLong(first.get("target_rate")), first.get("batch")));
                out.append("| workload | durability | Ledger | PostgreSQL | PostgreSQL p99 / Ledger p99 | " +
                    "applied transfers/s (L / PG) | not applied (L / PG) |\n|---|---|---:|---:|---:|---:|---:|\n");
                header[0] = true;
            }
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.1fx | %,.0f / %,.0f | %,d / %,d |%n",
                workload, durability, percentiles(ledger), percentiles(postgres),
                LoadReport.median(postgres, "p99_ms") / LoadReport.median(ledger, "p99_ms"),
                LoadReport.median(ledger, "transfers_per_s"), LoadReport.median(postgres, "transfers_per_s"),
                LoadReport.notApplied(ledger), LoadReport.notApplied(postgres)));
        });
    }

    /** What is done with the runs of one workload, durability and phase on both systems. */
    private interface PairAction
    {
        void accept(String workload, String durability, List<Map<String, String>> ledger,
            List<Map<String, String>> postgres);
    }

    /** Calls {@code action} for every workload and durability that has runs of {@code phase} on both systems. */
    private static void forEachPair(final Map<String, Map<String, List<Map<String, String>>>> runs, final String phase,
        final PairAction action)
    {
        for (final Map.Entry<String, Map<String, List<Map<String, String>>>> workload : runs.entrySet())
        {
            for (final String durability : DURABILITIES)
            {
                final List<Map<String, String>> ledger = workload.getValue().get("ledger:" + durability + ":" + phase);
                final List<Map<String, String>> postgres =
                    workload.getValue().get("postgres:" + durability + ":" + phase);
                if (ledger != null && postgres != null)
                {
                    action.accept(workload.getKey(), durability, ledger, postgres);
                }
            }
        }
    }

    private static String percentiles(final List<Map<String, String>> runs)
    {
        final StringBuilder text = new StringBuilder();
        for (final String percentile : PERCENTILES)
        {
            text.append(text.length() == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.2f",
                LoadReport.median(runs, percentile)));
        }
        return text.toString();
    }

    private static String latencies(final List<Map<String, String>> runs)
    {
        return String.format(Locale.ROOT, "%.1f / %.1f / %.1f", LoadReport.median(runs, "p50_ms"),
            LoadReport.median(runs, "p99_ms"), LoadReport.median(runs, "p999_ms"));
    }
}
