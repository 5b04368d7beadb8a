package dev.ledger.perf.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Where the PostgreSQL baseline's time goes, from {@code pg_stat_statements} with the statements inside the
 * function tracked: {@code begin JDBC_URL} resets and starts collecting, {@code end JDBC_URL} prints the
 * statements by total time (Markdown lines prefixed {@code PGPROFILE }, for the comparison's report) and stops.
 */
public final class PostgresProfile
{
    private static final int STATEMENTS = 8;
    private static final int TEXT_MAX = 90;

    private PostgresProfile()
    {
    }

    /**
     * @param args {@code begin} or {@code end}, then the JDBC URL of the baseline's database.
     * @throws SQLException when a statement fails.
     */
    public static void main(final String[] args) throws SQLException
    {
        if (args.length != 2 || !(args[0].equals("begin") || args[0].equals("end")))
        {
            System.err.println("usage: PostgresProfile begin|end JDBC_URL");
            System.exit(2);
        }
        try (Connection connection = DriverManager.getConnection(args[1]);
            Statement statement = connection.createStatement())
        {
            if (args[0].equals("begin"))
            {
                statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
                statement.execute("ALTER SYSTEM SET pg_stat_statements.track = 'all'");
                statement.execute("SELECT pg_reload_conf()");
                statement.execute("SELECT pg_stat_statements_reset()");
                return;
            }
            report(statement);
            statement.execute("ALTER SYSTEM RESET pg_stat_statements.track");
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    private static void report(final Statement statement) throws SQLException
    {
        // The function's own row holds all of its statements' time: their shares are of that.
        double total = 0;
        try (ResultSet rows = statement.executeQuery("SELECT total_exec_time, calls FROM pg_stat_statements " +
            "WHERE query LIKE 'SELECT create_transfers(%' AND toplevel"))
        {
            if (rows.next())
            {
                total = rows.getDouble(1);
                System.out.printf(Locale.ROOT, "PGPROFILE create_transfers: %,d calls, %.1f ms each on average " +
                    "(pg_stat_statements, statements inside the function tracked).%n", rows.getLong(2),
                    total / Math.max(1, rows.getLong(2)));
            }
        }
        System.out.println("PGPROFILE");
        System.out.println("PGPROFILE | statement inside create_transfers | share of the function's time | ms per call |");
        System.out.println("PGPROFILE |---|---:|---:|");
        try (ResultSet rows = statement.executeQuery("SELECT query, total_exec_time, calls FROM pg_stat_statements " +
            "WHERE NOT toplevel ORDER BY total_exec_time DESC LIMIT " + STATEMENTS))
        {
            while (rows.next())
            {
                String text = rows.getString(1).replaceAll("\\s+", " ").replace("|", "\\|").trim();
                text = text.length() > TEXT_MAX ? text.substring(0, TEXT_MAX) + "..." : text;
                System.out.printf(Locale.ROOT, "PGPROFILE | `%s` | %.0f%% | %.2f |%n", text,
                    total > 0 ? 100 * rows.getDouble(2) / total : 0, rows.getDouble(2) / Math.max(1, rows.getLong(3)));
            }
        }
    }
}
