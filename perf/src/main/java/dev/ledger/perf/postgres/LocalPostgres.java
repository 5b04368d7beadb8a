package dev.ledger.perf.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of our own for the baseline: {@code initdb} into a directory of ours, started on
 * 127.0.0.1 at a port of ours with settings sized for this machine, stopped at the end. Uses the Debian
 * packages' binaries (perf/run-postgres-comparison.sh installs them when missing). PostgreSQL refuses to run as
 * root: as root, its commands run as the {@code postgres} user, who then owns the directory.
 * <p>
 * {@code LocalPostgres start DIR PORT} and {@code LocalPostgres stop DIR} do the same from a script.
 */
public final class LocalPostgres implements AutoCloseable
{
    /** The database the benchmark uses, and its superuser (trust authentication, loopback only). */
    public static final String DATABASE = "ledger";
    private static final String USER = "ledger";
    private static final long START_TIMEOUT_S = 120;

    /** Settings for a 2-core, 24 GiB machine running one heavy writer: what a competent operator would set. */
    private static final List<String> SETTINGS = List.of(
        "listen_addresses = '127.0.0.1'",
        "max_connections = 64",
        "shared_buffers = 4GB",
        "effective_cache_size = 12GB",
        "work_mem = 64MB",
        "maintenance_work_mem = 1GB",
        "wal_buffers = 64MB",
        "max_wal_size = 16GB",
        "min_wal_size = 2GB",
        "checkpoint_timeout = 30min",
        "checkpoint_completion_target = 0.9",
        // Durability stays on at the server; each connection chooses synchronous_commit (on or off).
        "fsync = on",
        "full_page_writes = on",
        "jit = off",
        "log_min_messages = warning",
        // Statement statistics for the comparison's profile (PostgresProfile): collected only while it asks.
        "shared_preload_libraries = 'pg_stat_statements'",
        "pg_stat_statements.track = 'none'");

    private final Path bin;
    private final Path dir;
    private final int port;

    private LocalPostgres(final Path bin, final Path dir, final int port)
    {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /**
     * @return the directory of the newest installed PostgreSQL's server binaries, if any.
     */
    public static Optional<Path> binaries()
    {
        final Path debian = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(debian))
        {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(debian))
        {
            return versions.map(version -> version.resolve("bin"))
                .filter(bin -> Files.isExecutable(bin.resolve("postgres")) && Files.isExecutable(bin.resolve("initdb")))
                .max(Comparator.comparingInt(LocalPostgres::majorVersion));
        }
        catch (final IOException ex)
        {
            return Optional.empty();
        }
    }

    private static int majorVersion(final Path bin)
    {
        try
        {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        }
        catch (final NumberFormatException ex)
        {
            return 0;
        }
    }

    /**
     * Creates a fresh cluster in {@code dir} (whatever was there is deleted) and starts it.
     *
     * @param dir  the server's directory: data, socket and log.
     * @param port its TCP port on 127.0.0.1.
     * @return the running server.
     * @throws IOException when PostgreSQL is not installed, or a command fails (its output in the message).
     */
    public static LocalPostgres start(final Path dir, final int port) throws IOException
    {
        final Path bin = binaries().orElseThrow(() ->
            new IOException("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/postgres): " +
                "apt-get install postgresql"));
        final LocalPostgres server = new LocalPostgres(bin, dir.toAbsolutePath(), port);
        server.stopQuietly();
        deleteTree(server.dir);
        Files.createDirectories(server.dir);
        if (isRoot())
        {
            run(List.of("chown", "-R", "postgres:", server.dir.toString()));
            try
            {
                server.asOwner(List.of("test", "-w", server.dir.toString()));
            }
            catch (final IOException ex)
            {
                throw new IOException("the postgres user cannot write " + server.dir + ": every parent directory " +
                    "must be searchable by others (chmod o+x), or choose a directory elsewhere", ex);
            }
        }
        server.asOwner(List.of(bin.resolve("initdb").toString(), "-D", server.data().toString(), "-U", USER,
            "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"));
        final List<String> settings = new ArrayList<>(SETTINGS);
        settings.add("port = " + port);
        settings.add("unix_socket_directories = '" + server.dir + "'");
        Files.write(server.data().resolve("postgresql.conf"), settings, StandardCharsets.UTF_8,
            StandardOpenOption.APPEND);
        final Path log = server.dir.resolve("postgres.log");
        try
        {
            server.asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", server.data().toString(), "-l",
                log.toString(), "-w", "-t", Long.toString(START_TIMEOUT_S), "start"));
        }
        catch (final IOException ex)
        {
            final List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            throw new IOException(ex.getMessage() + "; " + log + " ends: " +
                String.join(" | ", lines.subList(Math.max(0, lines.size() - 4), lines.size())), ex);
        }
        server.asOwner(List.of(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port),
            "-U", USER, DATABASE));
        return server;
    }

    /**
     * @return the JDBC URL of the benchmark's database.
     */
    public String jdbcUrl()
    {
        return jdbcUrl(port);
    }

    /**
     * @param port the server's port on 127.0.0.1.
     * @return the JDBC URL of the benchmark's database there.
     */
    public static String jdbcUrl(final int port)
    {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE + "?user=" + USER;
    }

    /**
     * @return the server's version line, e.g. {@code postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)}.
     * @throws IOException when it cannot be read.
     */
    public String version() throws IOException
    {
        return run(List.of(bin.resolve("postgres").toString(), "--version")).trim();
    }

    /** Stops the server (fast shutdown: open transactions are rolled back). */
    @Override
    public void close() throws IOException
    {
        asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "fast", "-w", "stop"));
    }

    /**
     * Stops the server and deletes its directory.
     *
     * @throws IOException when it cannot be stopped or deleted.
     */
    public void destroy() throws IOException
    {
        close();
        deleteTree(dir);
    }

    private void stopQuietly()
    {
        if (Files.exists(data().resolve("postmaster.pid")))
        {
            try
            {
                close();
            }
            catch (final IOException ignored)
            {
                // Not running after all: the directory is deleted next.
            }
        }
    }

    private Path data()
    {
        return dir.resolve("data");
    }

    private String asOwner(final List<String> command) throws IOException
    {
        final List<String> full = new ArrayList<>();
        if (isRoot())
        {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        return run(full);
    }

    private static boolean isRoot()
    {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String run(final List<String> command) throws IOException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try
        {
            if (process.waitFor() != 0)
            {
                throw new IOException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): " +
                    output.trim());
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted: " + String.join(" ", command), ex);
        }
        return output;
    }

    private static void deleteTree(final Path root) throws IOException
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(path);
            }
        }
    }

    /**
     * {@code start DIR PORT}: a fresh server, left running; {@code stop DIR}: stops the server in DIR.
     *
     * @param args the command and its arguments.
     * @throws IOException when a command fails.
     */
    public static void main(final String[] args) throws IOException
    {
        if (args.length == 3 && args[0].equals("start"))
        {
            final LocalPostgres server = start(Path.of(args[1]), Integer.parseInt(args[2]));
            System.out.println(server.version() + " on 127.0.0.1:" + args[2] + ", data in " + server.data());
        }
        else if (args.length == 2 && args[0].equals("stop"))
        {
            final Path bin = binaries().orElseThrow(() -> new IOException("PostgreSQL is not installed"));
            new LocalPostgres(bin, Path.of(args[1]).toAbsolutePath(), 0).close();
        }
        else
        {
            System.err.println("usage: LocalPostgres start DIR PORT | stop DIR; got " + Arrays.toString(args));
            System.exit(2);
        }
    }
}
