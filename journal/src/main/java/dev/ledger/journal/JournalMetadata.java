package dev.ledger.journal;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

import dev.ledger.core.LedgerConfig;

/**
 * The layout of a journal directory and the settings bound to it at creation: the ledger capacities that
 * decide which batches were refused for lack of room, so that a replay must use the same ones.
 *
 * <pre>
 *   DIR/journal.properties   format version, ledger capacities, kind of state hash (written once)
 *   DIR/queue/               the entries (Chronicle Queue files)
 *   DIR/snapshots/           ledger snapshots, snapshot-INDEX.snap
 * </pre>
 */
public final class JournalMetadata
{
    static final String FILE_NAME = "journal.properties";
    private static final String VERSION = "journal.format.version";
    private static final String ACCOUNTS_MAX = "ledger.accounts.max";
    private static final String TRANSFERS_MAX = "ledger.transfers.max";
    private static final String HISTORY_MAX = "ledger.history.max";
    private static final String STATE_HASH = "journal.state.hash";

    private JournalMetadata()
    {
    }

    /** @return the directory of the entries. */
    public static Path queueDirectory(final Path journal)
    {
        return journal.resolve("queue");
    }

    /** @return the directory of the snapshots. */
    public static Path snapshotDirectory(final Path journal)
    {
        return journal.resolve("snapshots");
    }

    /**
     * Reads the ledger capacities of an existing journal.
     *
     * @param journal the journal directory.
     * @return its ledger capacities.
     * @throws JournalException when the directory holds no readable journal.
     */
    public static LedgerConfig read(final Path journal)
    {
        final Properties properties = properties(journal);
        return new LedgerConfig(
            Integer.parseInt(properties.getProperty(ACCOUNTS_MAX)),
            Integer.parseInt(properties.getProperty(TRANSFERS_MAX)),
            Integer.parseInt(properties.getProperty(HISTORY_MAX)));
    }

    /**
     * Reads what the state hash of an existing journal's entries is ({@link JournalHash#LEDGER} for journals
     * written before the choice existed).
     *
     * @param journal the journal directory.
     * @return the kind of state hash.
     * @throws JournalException when the directory holds no readable journal.
     */
    public static JournalHash readStateHash(final Path journal)
    {
        final Properties properties = properties(journal);
        try
        {
            return JournalHash.parse(properties.getProperty(STATE_HASH, JournalHash.LEDGER.property()));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new JournalException(-1, journal.resolve(FILE_NAME) + ": " + ex.getMessage(), ex);
        }
    }

    private static Properties properties(final Path journal)
    {
        final Path file = journal.resolve(FILE_NAME);
        if (!Files.isRegularFile(file))
        {
            throw new JournalException(-1, "not a journal directory (no " + FILE_NAME + "): " + journal, null);
        }
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            properties.load(reader);
            final int version = Integer.parseInt(properties.getProperty(VERSION, "0"));
            if (version < 1 || version > JournalEntry.FORMAT_VERSION)
            {
                throw new JournalException(-1, file + ": format version " + version + " is not readable here", null);
            }
            Integer.parseInt(properties.getProperty(ACCOUNTS_MAX));
            Integer.parseInt(properties.getProperty(TRANSFERS_MAX));
            Integer.parseInt(properties.getProperty(HISTORY_MAX));
            return properties;
        }
        catch (final IOException | RuntimeException ex)
        {
            if (ex instanceof JournalException)
            {
                throw (JournalException)ex;
            }
            throw new JournalException(-1, "unreadable " + file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Binds a new journal directory to ledger capacities, or checks that an existing one has the same.
     *
     * @param journal the journal directory.
     * @param config  the capacities of the ledger whose log messages it records.
     * @param hash    what each entry's state hash is.
     */
    static void createOrCheck(final Path journal, final LedgerConfig config, final JournalHash hash)
    {
        if (Files.isRegularFile(journal.resolve(FILE_NAME)))
        {
            final JournalHash existingHash = readStateHash(journal);
            if (existingHash != hash)
            {
                throw new JournalException(-1, "journal " + journal + " records the " + existingHash.property() +
                    " state hash, not the " + hash.property() + " one (a node with one shard records the ledger's " +
                    "hash, one with several the results chain; a journal keeps the kind it was created with)", null);
            }
            final LedgerConfig existing = read(journal);
            if (!existing.equals(config))
            {
                throw new JournalException(-1, "journal " + journal + " was created for ledger capacities " + existing +
                    ", not " + config + " (a node's capacities, and the number of its shards, which decide them, are " +
                    "bound to its journal: a replay must refuse exactly the batches the node refused)", null);
            }
            return;
        }
        try
        {
            Files.createDirectories(journal);
            final Properties properties = new Properties();
            properties.setProperty(VERSION, Integer.toString(JournalEntry.FORMAT_VERSION));
            properties.setProperty(ACCOUNTS_MAX, Integer.toString(config.accountsMax()));
            properties.setProperty(TRANSFERS_MAX, Integer.toString(config.transfersMax()));
            properties.setProperty(HISTORY_MAX, Integer.toString(config.historyMax()));
            properties.setProperty(STATE_HASH, hash.property());
            final Path temporary = journal.resolve(FILE_NAME + ".tmp");
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8))
            {
                properties.store(writer, "Ledger journal: settings bound at creation; do not edit");
            }
            Files.move(temporary, journal.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create journal in " + journal, ex);
        }
    }
}
