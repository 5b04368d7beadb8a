package dev.ledger.perf.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the log of perf/run-load-benchmarks.sh into a Markdown table: per configuration, the median of each
 * figure over its runs, and every event that was not applied.
 */
public final class LoadReport
{
    private static final String[] KEY = {"mode", "workload", "batch", "target_rate", "window", "connections"};
    private static final String[] FIGURES = {"transfers_per_s", "requests_per_s", "p50_ms", "p99_ms", "p999_ms",
        "max_ms"};
    private static final Pattern FIELD = Pattern.compile("\"([a-z0-9_]+)\":(\"[^\"]*\"|[-0-9.]+)");

    private LoadReport()
    {
    }

    /**
     * @param args the log's path.
     * @throws IOException when it cannot be read.
     */
    public static void main(final String[] args) throws IOException
    {
        final List<String> lines = Files.readAllLines(Path.of(args[0]));
        final Map<String, List<Map<String, String>>> runs = new LinkedHashMap<>();
        final StringBuilder out = new StringBuilder("# Load benchmark: " + Path.of(args[0]).getFileName() + "\n\n");
        for (final String line : lines)
        {
            if (line.startsWith("# ") && !line.startsWith("# run "))
            {
                out.append(line.substring(2)).append("  \n");
            }
            else if (line.startsWith("RESULT "))
            {
                final Map<String, String> fields = fields(line);
                final StringBuilder key = new StringBuilder();
                for (final String name : KEY)
                {
                    key.append(fields.get(name)).append('|');
                }
                runs.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(fields);
            }
        }
        out.append("\nMedians over the runs; latency in ms per request, from the intended send time at a target " +
            "rate (open loop, corrected for coordinated omission), from the actual send at max (closed loop); " +
            "requests that failed (busy, timeout) are counted in the last column, not timed.\n\n");
        out.append("| API | workload | transfers/request | target transfers/s | connections | transfers/s | " +
            "requests/s | p50 | p99 | p99.9 | max | runs | events not applied |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (final List<Map<String, String>> group : runs.values())
        {
            final Map<String, String> first = group.get(0);
            final String target = first.get("target_rate").equals("max") ?
                "max (" + first.get("window") + " outstanding)" :
                String.format(Locale.ROOT, "%,d", Long.parseLong(first.get("target_rate")));
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |", first.get("mode"),
                first.get("workload"), first.get("batch"), target,
                first.get("mode").equals("binary") ? "-" : first.get("connections")));
            for (final String figure : FIGURES)
            {
                final double median = median(group, figure);
                out.append(figure.endsWith("_ms") ? String.format(Locale.ROOT, " %.2f |", median) :
                    String.format(Locale.ROOT, " %,.0f |", median));
            }
            out.append(String.format(Locale.ROOT, " %d | %,d |%n", group.size(), notApplied(group)));
        }
        System.out.print(out);
    }

    static Map<String, String> fields(final String line)
    {
        final Map<String, String> fields = new LinkedHashMap<>();
        final Matcher matcher = FIELD.matcher(line);
        while (matcher.find())
        {
            fields.put(matcher.group(1), matcher.group(2).replace("\"", ""));
        }
        return fields;
    }

    /** @return events of the runs not applied: failed, or in requests left unanswered. */
    static long notApplied(final List<Map<String, String>> runs)
    {
        long notApplied = 0;
        for (final Map<String, String> run : runs)
        {
            notApplied += Long.parseLong(run.get("events")) - Long.parseLong(run.get("events_ok")) +
                Long.parseLong(run.get("unanswered")) * Long.parseLong(run.get("batch"));
        }
        return notApplied;
    }

    static double median(final List<Map<String, String>> runs, final String figure)
    {
        final double[] values = new double[runs.size()];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = Double.parseDouble(runs.get(i).get(figure));
        }
        Arrays.sort(values);
        final int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
