package dev.ledger.perf.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ledger.server.LedgerNode;
import dev.ledger.server.NodeConfig;

/**
 * The load generator against a real node on 127.0.0.1 (in this JVM): every transfer it sends is applied, over
 * both APIs, including two-phase transfers whose post or void follows its pending transfer.
 */
class LoadGeneratorTest
{
    @TempDir
    static Path data;
    private static LedgerNode node;

    @BeforeAll
    static void startNode()
    {
        final int portBase = 36000 + (int)(ProcessHandle.current().pid() % 200) * 10;
        // Room for every run of this class at the speed of a fast machine (~1M transfers), three times over.
        node = LedgerNode.start(NodeConfig.parse(new String[] {
            "--data-dir", data.toString(), "--http-host", "127.0.0.1", "--http-port", "0",
            "--cluster-host", "127.0.0.1", "--cluster-port-base", Integer.toString(portBase),
            "--accounts-max", "1100000", "--transfers-max", "3000000", "--history-max", "16378",
            "--aeron-dir", data.resolve("aeron").toString()}, Map.of()), (what, cause) -> { });
    }

    @AfterAll
    static void stopNode()
    {
        if (node != null)
        {
            node.close();
        }
    }

    @Test
    void appliesEveryTransferOverTheBinaryApi() throws Exception
    {
        final LoadStats.Summary summary = LoadGenerator.run(options("binary", "two_phase", 2_000, 60_000, "1000"));
        assertAllApplied(summary, 2_000);
        // 2 s at 60k/s: the window's posts and voids name pending transfers made 50,000 events earlier.
        assertThat(summary.eventsOk()).isGreaterThanOrEqualTo(100_000);
    }

    @Test
    void appliesEveryTransferOverHttpInBatchesAndOneByOne() throws Exception
    {
        assertAllApplied(LoadGenerator.run(options("http", "hot", 100, 20_000, "2000")), 100);
        assertAllApplied(LoadGenerator.run(options("http", "cross_shard", 1, 500, "3000")), 1);
    }

    @Test
    void saturatesWithAWindowOfOutstandingRequests() throws Exception
    {
        // Small requests, so that the closed loop's throughput stays within the node's capacity.
        final Map<String, String> options = options("binary", "uniform", 10, 1, "4000");
        options.put("rate", "max");
        options.put("window", "2");
        final LoadStats.Summary summary = LoadGenerator.run(options);
        assertAllApplied(summary, 10);
        assertThat(summary.sent()).isGreaterThan(10);
    }

    static void assertAllApplied(final LoadStats.Summary summary, final int batch)
    {
        assertThat(summary.failures()).isEmpty();
        assertThat(summary.unanswered()).isZero();
        assertThat(summary.sent()).isPositive();
        assertThat(summary.answered()).isEqualTo(summary.sent());
        assertThat(summary.events()).isEqualTo(summary.sent() * batch);
        assertThat(summary.eventsOk()).isEqualTo(summary.events());
        assertThat(summary.p50Ms()).isPositive().isLessThanOrEqualTo(summary.p99Ms());
        assertThat(summary.p99Ms()).isLessThanOrEqualTo(summary.maxMs());
    }

    static Map<String, String> options(final String mode, final String workload, final int batch,
        final int rate, final String idBase)
    {
        final Map<String, String> options = new LinkedHashMap<>();
        for (final List<String> pair : List.of(List.of("mode", mode), List.of("workload", workload),
            List.of("batch", Integer.toString(batch)), List.of("rate", Integer.toString(rate)),
            List.of("warmup-s", "1"), List.of("duration-s", "2"), List.of("ingress", node.ingressEndpoints()),
            List.of("http", "127.0.0.1:" + node.httpPort()), List.of("connections", "4"),
            List.of("max-in-flight", "1024"), List.of("seed", "1"), List.of("shards", "2"),
            List.of("setup", "true"), List.of("id-base", idBase + "000000")))
        {
            options.put(pair.get(0), pair.get(1));
        }
        return options;
    }
}
