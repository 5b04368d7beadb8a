package dev.ledger.perf.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * The comparison report from a made-up log: medians over the runs, the ratio, the equal-load table, the
 * profile section, and two charts that parse as XML with a bar per system and durability and a line per
 * system and durability.
 */
class ComparisonReportTest
{
    @TempDir
    Path dir;

    @Test
    void mediansRatiosTablesAndCharts() throws Exception
    {
        final List<String> log = new ArrayList<>(List.of("# machine: test box", "# run 1: uniform sync max"));
        for (final double[] run : new double[][] {{600_000, 30_000}, {900_000, 20_000}, {700_000, 35_000}})
        {
            log.add(result("ledger:sync:max", "uniform", 8189, run[0], 40));
            log.add(result("postgres:sync:max", "uniform", 250, run[1], 30));
            log.add(result("ledger:relaxed:max", "uniform", 8189, run[0] * 2, 20));
            log.add(result("postgres:relaxed:max", "uniform", 250, run[1], 30));
            log.add(result("ledger:sync:load", "uniform", 250, 20_000, 3));
            log.add(result("postgres:sync:load", "uniform", 250, 20_000, 12));
        }
        log.add(result("ledger:sync:profile", "uniform", 8189, 1, 1));
        log.add("PROFILE caption");
        log.add("PROFILE");
        log.add("PROFILE | clustered-service | 90% | `IdIndex.find` 40% |");
        log.add("PGPROFILE create_transfers: 3 calls");
        Files.write(dir.resolve("run.log"), log);

        ComparisonReport.main(new String[] {dir.resolve("run.log").toString(), dir.resolve("r.md").toString()});

        final String report = Files.readString(dir.resolve("r.md"));
        // Medians: Ledger 700,000 (of 600k, 900k, 700k), PostgreSQL 30,000 (of 30k, 20k, 35k): 23.3x.
        assertThat(report).contains("machine: test box")
            .contains("| uniform | sync | 700,000 | 30,000 | **23.3x** |")
            .contains("| uniform | relaxed | 1,400,000 | 30,000 | **46.7x** |")
            .contains("| 8189 / 250 | 3 / 3 | 0 / 0 |")
            .contains("offered 20,000 transfers/s in requests of 250")
            .contains("| uniform | sync | 3.00 / 3.00 / 3.00 / 3.00 / 3.00 | 12.00 / 12.00 / 12.00 / 12.00 / 12.00 | 4.0x |")
            .contains("## Where Ledger's time goes\n\ncaption\n\n| clustered-service | 90% |")
            .contains("## Where PostgreSQL's time goes\n\ncreate_transfers: 3 calls\n")
            .doesNotContain("| uniform | relaxed | 3.00");
        final Document throughput = parse(dir.resolve("r-throughput.svg"));
        assertThat(throughput.getElementsByTagName("rect").getLength())
            .as("background, 2 legend keys, 2 systems x 2 durabilities").isEqualTo(1 + 2 + 4);
        assertThat(Files.readString(dir.resolve("r-throughput.svg"))).contains(">700k<", ">30k<", ">23.3x<");
        final Document latency = parse(dir.resolve("r-latency.svg"));
        assertThat(latency.getElementsByTagName("polyline").getLength()).as("equal-load runs at sync only").isEqualTo(2);
    }

    private static String result(final String tag, final String workload, final int batch, final double rate,
        final double ms)
    {
        return String.format(java.util.Locale.ROOT, "RESULT {\"tag\":\"%s\",\"mode\":\"x\",\"workload\":\"%s\"," +
            "\"batch\":%d,\"target_rate\":\"%s\",\"window\":4,\"connections\":4,\"transfers_per_s\":%.1f," +
            "\"requests_per_s\":1.0,\"p50_ms\":%.4f,\"p90_ms\":%.4f,\"p99_ms\":%.4f,\"p999_ms\":%.4f," +
            "\"p9999_ms\":%.4f,\"max_ms\":%.4f,\"sent\":10,\"answered\":10,\"unanswered\":0,\"events\":%d," +
            "\"events_ok\":%d,\"failures\":{}}", tag, workload, batch, tag.endsWith(":load") ? "20000" : "max", rate,
            ms, ms, ms, ms, ms, ms, 10L * batch, 10L * batch);
    }

    private static Document parse(final Path svg) throws Exception
    {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(new ByteArrayInputStream(Files.readString(svg).getBytes(StandardCharsets.UTF_8)));
    }
}
