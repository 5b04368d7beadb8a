package dev.ledger.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A node's settings: every option has a name, a default and a description, and takes its value from, in
 * order of precedence, a command-line flag ({@code --name=value} or {@code --name value}), an environment
 * variable ({@code LEDGER_NAME}, upper case, dashes as underscores), a properties file ({@code --config FILE}
 * or {@code LEDGER_CONFIG}), or the default. {@link #describe()} lists every value and where it came from.
 */
public final class NodeConfig
{
    /** One option. */
    public record Option(String name, String defaultValue, String description)
    {
    }

    /** Every option, in the order they are printed. */
    public static final List<Option> OPTIONS = List.of(
        new Option("data-dir", "./data", "the node's data: journal, cluster log and archive, lock"),
        new Option("http-host", "127.0.0.1", "the HTTP API's address"),
        new Option("http-port", "8080", "the HTTP API's port (0: any free port)"),
        new Option("cluster-host", "localhost", "this member's address for cluster traffic and ingress (one member)"),
        new Option("cluster-members", "", "the members' addresses, comma-separated, member i at the i-th (the same " +
            "list, in the same order, on every member); empty: one member at cluster-host"),
        new Option("member-id", "0", "this member's index in cluster-members"),
        new Option("cluster-port-base", "21000", "ports of member i: base + 100*i + 1..6 (archive control, " +
            "ingress, consensus, log, catch-up, log control)"),
        new Option("journal-durability", "os", "os: an acknowledged entry survives a process crash; sync: it " +
            "reached the disk before acknowledgement and survives power loss (journal/README.md)"),
        new Option("archive-sync-level", "0", "Aeron archive file sync: 0 page cache (survives a process crash), " +
            "1 data synced, 2 data and metadata synced (survives power loss)"),
        new Option("idle-strategy", "sleep", "idle strategy of every agent, shard threads included: sleep (park " +
            "100 us), backoff, yield, spin (never spin on a 2-core machine)"),
        new Option("shards", "1", "account shards, each on its own thread, 1..32 (equal on every member): 1 applies " +
            "on the service thread, the fastest on 2 cores; N splits accounts by id hash, each shard holding a share " +
            "of the accounts and room for all transfers, and the journal records the results chain; a data dir " +
            "keeps the number it was created with (ledger-server/README.md)"),
        new Option("accounts-max", "1000000", "accounts the ledger can hold (equal on every member)"),
        new Option("transfers-max", "10000000", "transfer ids the ledger can hold (equal on every member)"),
        new Option("history-max", "1000000", "balance snapshots kept for history accounts (equal on every member)"),
        new Option("snapshot-interval-s", "3600", "seconds between cluster snapshots, which bound the log a restart " +
            "replays: the leader takes each into the log and every member writes one at that position (0: only when " +
            "a lone member stops; a snapshot holds the service thread while it is written)"),
        new Option("aeron-dir", "", "the media driver's directory (default: under /dev/shm, named after data-dir)"),
        new Option("request-timeout-ms", "5000", "how long the HTTP gateway waits for the cluster's answer"),
        new Option("max-in-flight", "4096", "requests the HTTP gateway has outstanding at most; more get 503"));

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> sources = new LinkedHashMap<>();

    private NodeConfig()
    {
    }

    /**
     * @param args        the command line.
     * @param environment the process environment.
     * @return the settings.
     * @throws IllegalArgumentException naming the flag, variable or file entry that is not an option.
     */
    public static NodeConfig parse(final String[] args, final Map<String, String> environment)
    {
        final Map<String, String> flags = parseFlags(args);
        final NodeConfig config = new NodeConfig();
        String file = flags.remove("config");
        if (file == null)
        {
            file = environment.get("LEDGER_CONFIG");
        }
        final Properties properties = file == null ? new Properties() : load(Path.of(file));
        for (final String key : properties.stringPropertyNames())
        {
            requireOption(key, "in " + file);
        }
        for (final Option option : OPTIONS)
        {
            final String env = "LEDGER_" + option.name().toUpperCase(Locale.ROOT).replace('-', '_');
            if (flags.containsKey(option.name()))
            {
                config.put(option, flags.get(option.name()), "flag");
            }
            else if (environment.containsKey(env))
            {
                config.put(option, environment.get(env), "env " + env);
            }
            else if (properties.containsKey(option.name()))
            {
                config.put(option, properties.getProperty(option.name()), "file " + file);
            }
            else
            {
                config.put(option, option.defaultValue(), "default");
            }
        }
        return config;
    }

    /**
     * @param name an option's name.
     * @return its value.
     */
    public String get(final String name)
    {
        final String value = values.get(requireOption(name, "asked for"));
        return value;
    }

    /**
     * @param name an option's name.
     * @return its value as an int.
     * @throws IllegalArgumentException naming the option when it is not one.
     */
    public int getInt(final String name)
    {
        final String value = get(name);
        try
        {
            return Integer.parseInt(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(name + " must be an integer (" + sources.get(name) + "): " + value);
        }
    }

    /**
     * @param name an option's name.
     * @param min  the smallest value allowed.
     * @param max  the largest.
     * @return its value as an int in {@code min..max}.
     * @throws IllegalArgumentException naming the option, its source and the range when it is not.
     */
    public int getInt(final String name, final int min, final int max)
    {
        final int value = getInt(name);
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + " (" + sources.get(name) +
                "): " + value);
        }
        return value;
    }

    /**
     * @param name an option's name.
     * @return its value as a path.
     */
    public Path getPath(final String name)
    {
        return Path.of(get(name));
    }

    /**
     * @return one line per option: name, value, and where the value came from.
     */
    public String describe()
    {
        final StringBuilder text = new StringBuilder("settings:");
        for (final Option option : OPTIONS)
        {
            text.append(System.lineSeparator()).append(String.format("  %-20s %-24s (%s)",
                option.name(), values.get(option.name()), sources.get(option.name())));
        }
        return text.toString();
    }

    /**
     * @return the help text: every option with its default and description.
     */
    public static String usage()
    {
        final StringBuilder text = new StringBuilder("usage: ledger-server [--config FILE] [--option value]...");
        for (final Option option : OPTIONS)
        {
            text.append(System.lineSeparator()).append(String.format("  --%-20s %s (default: %s)",
                option.name(), option.description(), option.defaultValue().isEmpty() ? "none" : option.defaultValue()));
        }
        return text.toString();
    }

    private void put(final Option option, final String value, final String source)
    {
        values.put(option.name(), value.trim());
        sources.put(option.name(), source);
    }

    private static Map<String, String> parseFlags(final String[] args)
    {
        final Map<String, String> flags = new LinkedHashMap<>();
        final List<String> list = new ArrayList<>(List.of(args));
        for (int i = 0; i < list.size(); i++)
        {
            final String arg = list.get(i);
            if (!arg.startsWith("--") || arg.length() == 2)
            {
                throw new IllegalArgumentException("expected --option value, got: " + arg);
            }
            final int equals = arg.indexOf('=');
            final String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
            if (!"config".equals(name))
            {
                requireOption(name, "flag");
            }
            final String value;
            if (equals >= 0)
            {
                value = arg.substring(equals + 1);
            }
            else if (i + 1 < list.size())
            {
                value = list.get(++i);
            }
            else
            {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            if (flags.put(name, value) != null)
            {
                throw new IllegalArgumentException("--" + name + " is given twice");
            }
        }
        return flags;
    }

    private static String requireOption(final String name, final String where)
    {
        for (final Option option : OPTIONS)
        {
            if (option.name().equals(name))
            {
                return name;
            }
        }
        throw new IllegalArgumentException("unknown option '" + name + "' (" + where + "); see --help");
    }

    private static Properties load(final Path file)
    {
        final Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file))
        {
            properties.load(in);
            return properties;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the config file " + file, ex);
        }
    }
}
