package dev.ledger.perf.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ledger.perf.postgres.LocalPostgres;

/**
 * The load generator against the PostgreSQL baseline on a real server: every transfer of a two-phase run is
 * applied through the connection pool, in open loop and at saturation, and the books balance afterwards. Needs
 * PostgreSQL's server binaries (.ci/run installs them); skipped, saying so, where they are missing.
 */
class PostgresTargetTest
{
    private static LocalPostgres server;

    @BeforeAll
    static void startServer() throws IOException
    {
        Assumptions.assumeTrue(LocalPostgres.binaries().isPresent(),
            "PostgreSQL is not installed here (apt-get install postgresql): the baseline is not checked");
        final int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            port = socket.getLocalPort();
        }
        server = LocalPostgres.start(Files.createTempDirectory("ledger-postgres-target-test"), port);
    }

    @AfterAll
    static void stopServer() throws IOException
    {
        if (server != null)
        {
            server.destroy();
        }
    }

    @Test
    void appliesEveryTransferAndTheBooksBalance() throws Exception
    {
        final Map<String, String> options = options("two_phase", "5000", "1", "true");
        LoadGeneratorTest.assertAllApplied(LoadGenerator.run(options), 500);
        final Map<String, String> saturation = options("two_phase", "max", "2", "false");
        saturation.put("window", "2");
        final LoadStats.Summary summary = LoadGenerator.run(saturation);
        LoadGeneratorTest.assertAllApplied(summary, 500);
        assertThat(summary.sent()).isGreaterThan(2);
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
            ResultSet sums = connection.createStatement().executeQuery("SELECT sum(debits_pending), " +
                "sum(credits_pending), sum(debits_posted), sum(credits_posted), " +
                "(SELECT count(*) FROM transfers) FROM accounts"))
        {
            sums.next();
            assertThat(sums.getLong(1)).isEqualTo(sums.getLong(2)).isPositive();
            assertThat(sums.getLong(3)).isEqualTo(sums.getLong(4)).isPositive();
            assertThat(sums.getLong(5)).isGreaterThanOrEqualTo(2_000);
        }
        // Torn down after the run: nothing of it is left for autovacuum to work on during the next one.
        final Map<String, String> teardown = options("hot", "5000", "3", "true");
        teardown.put("teardown", "true");
        LoadGeneratorTest.assertAllApplied(LoadGenerator.run(teardown), 500);
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
            ResultSet tables = connection.createStatement().executeQuery(
                "SELECT to_regclass('transfers') IS NULL AND to_regclass('accounts') IS NULL"))
        {
            tables.next();
            assertThat(tables.getBoolean(1)).as("tables dropped").isTrue();
        }
    }

    private static Map<String, String> options(final String workload, final String rate, final String idBase,
        final String setup)
    {
        final Map<String, String> options = new LinkedHashMap<>();
        for (final List<String> pair : List.of(List.of("mode", "postgres"), List.of("workload", workload),
            List.of("batch", "500"), List.of("rate", rate), List.of("warmup-s", "1"), List.of("duration-s", "2"),
            List.of("jdbc", server.jdbcUrl()), List.of("synchronous-commit", "off"), List.of("connections", "2"),
            List.of("max-in-flight", "64"), List.of("seed", "1"), List.of("shards", "2"), List.of("setup", setup),
            List.of("id-base", idBase + "000000000")))
        {
            options.put(pair.get(0), pair.get(1));
        }
        return options;
    }
}
