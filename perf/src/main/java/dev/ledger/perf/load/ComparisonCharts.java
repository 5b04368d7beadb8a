package dev.ledger.perf.load;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The comparison's two charts, as SVG text: throughput per workload and durability (bars, log scale), and
 * latency by percentile per workload (lines, log scale). Medians over the runs, as in the report's table.
 */
final class ComparisonCharts
{
    private static final String[] COLOURS = {"#1f5fa8", "#c0392b"};
    private static final String[] NAMES = {"Ledger", "PostgreSQL"};
    private static final String[] PERCENTILE_LABELS = {"p50", "p90", "p99", "p99.9", "p99.99"};
    private static final String FONT = "font-family=\"sans-serif\" font-size=\"12\"";

    private ComparisonCharts()
    {
    }

    /**
     * @param runs workload -> tag -> runs.
     * @return the throughput chart.
     */
    static String throughput(final Map<String, Map<String, List<Map<String, String>>>> runs)
    {
        final int groups = runs.size() * ComparisonReport.DURABILITIES.length;
        final int plotLeft = 80;
        final int plotTop = 56;
        final int plotHeight = 300;
        final int groupWidth = 130;
        final int width = plotLeft + groups * groupWidth + 20;
        final int height = plotTop + plotHeight + 70;
        final double[] decades = decades(runs, "max", "transfers_per_s");
        final StringBuilder svg = header(width, height, "Transfers applied per second (median, log scale)");
        axis(svg, plotLeft, plotTop, plotHeight, width - 20, decades, "");
        legend(svg, plotLeft + 10, 40, false);
        int group = 0;
        for (final Map.Entry<String, Map<String, List<Map<String, String>>>> workload : runs.entrySet())
        {
            for (final String durability : ComparisonReport.DURABILITIES)
            {
                final int x0 = plotLeft + group * groupWidth + 15;
                double[] values = new double[ComparisonReport.SYSTEMS.length];
                for (int s = 0; s < ComparisonReport.SYSTEMS.length; s++)
                {
                    final List<Map<String, String>> list =
                        workload.getValue().get(ComparisonReport.SYSTEMS[s] + ":" + durability + ":max");
                    values[s] = list == null ? 0 : LoadReport.median(list, "transfers_per_s");
                    if (values[s] <= 0)
                    {
                        continue;
                    }
                    final double y = y(values[s], decades, plotTop, plotHeight);
                    final int x = x0 + s * 50;
                    svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%.1f\" width=\"44\" height=\"%.1f\" fill=\"%s\"/>%n", x, y,
                        plotTop + plotHeight - y, COLOURS[s]));
                    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"middle\" %s>%s</text>%n",
                        x + 22, y - 4, FONT, compact(values[s])));
                }
                svg.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" %s>%s, %s</text>%n", x0 + 47,
                    plotTop + plotHeight + 18, FONT, workload.getKey(), durability));
                if (values[0] > 0 && values[1] > 0)
                {
                    svg.append(String.format(Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" %s font-weight=\"bold\">%.1fx</text>%n",
                        x0 + 47, plotTop + plotHeight + 36, FONT, values[0] / values[1]));
                }
                group++;
            }
        }
        return svg.append("</svg>\n").toString();
    }

    /**
     * @param runs  workload -> tag -> runs.
     * @param phase the runs to draw: {@code load} (equal load) or {@code max} (saturation).
     * @param title what the chart shows.
     * @return the latency chart: one panel per workload, a line per system and durability.
     */
    static String latency(final Map<String, Map<String, List<Map<String, String>>>> runs, final String phase,
        final String title)
    {
        final int panelWidth = 300;
        final int plotLeft = 70;
        final int plotTop = 64;
        final int plotHeight = 260;
        final int width = Math.max(760, plotLeft + runs.size() * (panelWidth + 30) + 20);
        final int height = plotTop + plotHeight + 50;
        final double[] decades = decades(runs, phase, ComparisonReport.PERCENTILES);
        final StringBuilder svg = header(width, height, title);
        legend(svg, plotLeft + 10, 40, true);
        int panel = 0;
        for (final Map.Entry<String, Map<String, List<Map<String, String>>>> workload : runs.entrySet())
        {
            final int left = plotLeft + panel * (panelWidth + 30);
            axis(svg, left, plotTop, plotHeight, left + panelWidth, decades, panel == 0 ? "" : "none");
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" %s " +
                "font-weight=\"bold\">%s</text>%n", left + panelWidth / 2, plotTop + 14, FONT, workload.getKey()));
            final double step = (panelWidth - 40) / (double)(ComparisonReport.PERCENTILES.length - 1);
            for (int p = 0; p < PERCENTILE_LABELS.length; p++)
            {
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" %s>%s</text>%n",
                    left + 20 + p * step, plotTop + plotHeight + 18, FONT, PERCENTILE_LABELS[p]));
            }
            for (int s = 0; s < ComparisonReport.SYSTEMS.length; s++)
            {
                for (final String durability : ComparisonReport.DURABILITIES)
                {
                    final List<Map<String, String>> list =
                        workload.getValue().get(ComparisonReport.SYSTEMS[s] + ":" + durability + ":" + phase);
                    if (list == null)
                    {
                        continue;
                    }
                    final StringBuilder points = new StringBuilder();
                    for (int p = 0; p < ComparisonReport.PERCENTILES.length; p++)
                    {
                        final double value = Math.max(decades[0], LoadReport.median(list, ComparisonReport.PERCENTILES[p]));
                        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + 20 + p * step,
                            y(value, decades, plotTop, plotHeight)));
                    }
                    svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" " +
                        "stroke-width=\"2\"%s/>%n", points.toString().trim(), COLOURS[s],
                        durability.equals("sync") ? "" : " stroke-dasharray=\"6,4\""));
                }
            }
            panel++;
        }
        return svg.append("</svg>\n").toString();
    }

    private static StringBuilder header(final int width, final int height, final String title)
    {
        return new StringBuilder(String.format(Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">%n" +
            "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n" +
            "<text x=\"%d\" y=\"18\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"14\">%s</text>%n",
            width, height, width, height, width / 2, title));
    }

    private static void legend(final StringBuilder svg, final int x, final int y, final boolean lines)
    {
        for (int s = 0; s < NAMES.length; s++)
        {
            final int left = x + s * 120;
            svg.append(lines ?
                String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" " +
                    "stroke-width=\"2\"/>%n", left, y - 4, left + 18, y - 4, COLOURS[s]) :
                String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
                    left, y - 10, COLOURS[s]));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" %s>%s</text>%n", left + 22, y, FONT, NAMES[s]));
        }
    }

    /** Horizontal grid lines at each decade, labelled on the left unless {@code labels} is "none". */
    private static void axis(final StringBuilder svg, final int left, final int top, final int height, final int right,
        final double[] decades, final String labels)
    {
        for (double value = decades[0]; value <= decades[1] * 1.0001; value *= 10)
        {
            final double y = y(value, decades, top, height);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                left, y, right, y));
            if (!labels.equals("none"))
            {
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" %s>%s</text>%n",
                    left - 6, y + 4, FONT, compact(value)));
            }
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>%n",
            left, top + height, right, top + height));
    }

    private static double y(final double value, final double[] decades, final int top, final int height)
    {
        final double span = Math.log10(decades[1]) - Math.log10(decades[0]);
        return top + height - (Math.log10(value) - Math.log10(decades[0])) / span * height;
    }

    /** The powers of ten just below the smallest and just above the largest of the figures of a phase's runs. */
    private static double[] decades(final Map<String, Map<String, List<Map<String, String>>>> runs,
        final String phase, final String... figures)
    {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (final Map<String, List<Map<String, String>>> tags : runs.values())
        {
            for (final Map.Entry<String, List<Map<String, String>>> tag : tags.entrySet())
            {
                final List<Map<String, String>> list = tag.getValue();
                for (final String figure : tag.getKey().endsWith(":" + phase) ? figures : new String[0])
                {
                    final double value = LoadReport.median(list, figure);
                    if (value > 0)
                    {
                        min = Math.min(min, value);
                        max = Math.max(max, value);
                    }
                }
            }
        }
        if (max == 0)
        {
            return new double[] {1, 10};
        }
        final double low = Math.pow(10, Math.floor(Math.log10(min)));
        final double high = Math.pow(10, Math.ceil(Math.log10(max * 1.0001)));
        return new double[] {low, high > low ? high : low * 10};
    }

    private static String compact(final double value)
    {
        if (value >= 1e6)
        {
            return trim(value / 1e6) + "M";
        }
        if (value >= 1e3)
        {
            return trim(value / 1e3) + "k";
        }
        return trim(value);
    }

    private static String trim(final double value)
    {
        return value >= 100 || value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value) :
            String.format(Locale.ROOT, value >= 10 ? "%.1f" : "%.2f", value).replaceAll("\\.?0+$", "");
    }
}
