package dev.ledger.journal;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ledger.core.Ledger;
import dev.ledger.core.LedgerConfig;
import dev.ledger.core.ResultsChain;
import dev.ledger.journal.snapshot.SnapshotFile;
import dev.ledger.journal.snapshot.SnapshotStore;

/**
 * Rebuilds a node's ledger on restart: the newest sound snapshot, then the journal after it, every entry
 * replayed and checked against its recorded results and state hash. A snapshot that is corrupt, or that does
 * not match the journal entry it claims to cover, is skipped with a warning for an older one, or for a full
 * replay. A journal that records the results chain ({@link JournalHash#RESULTS}, a sharded node's) is always
 * replayed whole: the chain is checked from its first entry.
 */
public final class LedgerRecovery
{
    private static final Logger LOG = LoggerFactory.getLogger(LedgerRecovery.class);

    private LedgerRecovery()
    {
    }

    /**
     * What a recovery produced.
     *
     * @param ledger          the ledger after the last entry replayed.
     * @param lastIndex       the index of that entry, or -1 for none.
     * @param lastLogPosition its log position, or -1.
     * @param snapshotIndex   the index the snapshot used covered, or -1 when none was used.
     * @param entriesReplayed entries replayed after the snapshot.
     * @param elapsedNs       how long it took.
     */
    public record Recovered(
        Ledger ledger, long lastIndex, long lastLogPosition, long snapshotIndex, long entriesReplayed, long elapsedNs)
    {
    }

    /**
     * @param journal the journal directory.
     * @return the ledger after the journal's last sound entry.
     * @throws JournalException on corruption in the replayed part or a replay that diverges from the record.
     */
    public static Recovered recover(final Path journal)
    {
        return recover(journal, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /**
     * @param journal           the journal directory.
     * @param lastIndex         replay no entry after this index.
     * @param lastClusterTimeNs replay no entry whose cluster time is after this.
     * @return the ledger at that point.
     */
    public static Recovered recover(final Path journal, final long lastIndex, final long lastClusterTimeNs)
    {
        final long start = System.nanoTime();
        final LedgerConfig config = JournalMetadata.read(journal);
        final JournalHash kind = JournalMetadata.readStateHash(journal);
        final JournalEntry entry = new JournalEntry();
        final List<Path> files = kind == JournalHash.RESULTS ? List.of() :
            new SnapshotStore(JournalMetadata.snapshotDirectory(journal)).newestFirst();
        // On a restart, load the newest snapshot on another thread while this one opens the journal (the
        // first Chronicle queue a JVM opens costs ~0.6 s of initialisation); it is used only once checked.
        CompletableFuture<SnapshotFile.Loaded> newest = !files.isEmpty() && lastIndex == Long.MAX_VALUE &&
            lastClusterTimeNs == Long.MAX_VALUE ? loadAsync(files.get(0), config) : null;
        try (JournalReader reader = JournalReader.open(journal))
        {
            SnapshotFile.Loaded snapshot = null;
            for (final Path file : files)
            {
                snapshot = loadIfUsable(file, config, reader, entry, lastIndex, lastClusterTimeNs, newest);
                if (snapshot == null && newest != null)
                {
                    // A rejected preload finishes before an older snapshot loads: one ledger's memory at a time.
                    newest.handle((loaded, failure) -> null).join();
                }
                newest = null;
                if (snapshot != null)
                {
                    break;
                }
            }
            final Ledger ledger;
            long index = -1;
            long logPosition = -1;
            if (snapshot != null)
            {
                ledger = snapshot.ledger();
                index = snapshot.header().index();
                logPosition = snapshot.header().logPosition();
            }
            else
            {
                ledger = new Ledger(config);
            }
            final EntryApplier applier = new EntryApplier(ledger, kind, ResultsChain.SEED);
            long replayed = 0;
            try (ReadAheadReader tail = ReadAheadReader.open(journal, index + 1))
            {
                // Stop at lastIndex without reading the entry after it: that one may be torn or corrupt, and
                // the state up to lastIndex does not depend on it.
                while (index < lastIndex && tail.next(entry) && entry.index() <= lastIndex &&
                    entry.clusterTimeNs() <= lastClusterTimeNs)
                {
                    final String divergence = applier.apply(entry, tail.events());
                    if (divergence != null)
                    {
                        throw new JournalException(entry.index(), "replay diverges: " + divergence, null);
                    }
                    index = entry.index();
                    logPosition = entry.logPosition();
                    replayed++;
                }
            }
            return new Recovered(ledger, index, logPosition, snapshot == null ? -1 : snapshot.header().index(),
                replayed, System.nanoTime() - start);
        }
    }

    private static CompletableFuture<SnapshotFile.Loaded> loadAsync(final Path file, final LedgerConfig config)
    {
        return CompletableFuture.supplyAsync(() -> SnapshotFile.read(file, config), task ->
        {
            final Thread thread = new Thread(task, "snapshot-load");
            thread.setDaemon(true);
            thread.start();
        });
    }

    private static SnapshotFile.Loaded loadIfUsable(
        final Path file,
        final LedgerConfig config,
        final JournalReader reader,
        final JournalEntry entry,
        final long lastIndex,
        final long lastClusterTimeNs,
        final CompletableFuture<SnapshotFile.Loaded> preloaded)
    {
        try
        {
            final SnapshotFile.Header header = SnapshotFile.readHeader(file);
            if (header.index() > lastIndex)
            {
                return null;
            }
            if (!reader.seek(header.index()) || !reader.nextIncludingCuts(entry) || entry.index() != header.index())
            {
                LOG.warn("snapshot {} covers journal index {}, which the journal does not hold soundly; skipped",
                    file, header.index());
                return null;
            }
            if (entry.clusterTimeNs() > lastClusterTimeNs)
            {
                return null;
            }
            if (entry.checksum() != header.entryChecksum() || entry.stateHash() != header.stateHash() ||
                entry.logPosition() != header.logPosition())
            {
                LOG.warn("snapshot {} does not match journal entry {} (checksum, state hash or log position); skipped",
                    file, header.index());
                return null;
            }
            return preloaded != null ? preloaded.join() : SnapshotFile.read(file, config);
        }
        catch (final CompletionException ex)
        {
            LOG.warn("snapshot {} is unusable ({}); trying an older one or a full replay", file,
                ex.getCause().getMessage());
            return null;
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("snapshot {} is unusable ({}); trying an older one or a full replay", file, ex.getMessage());
            return null;
        }
    }

    /**
     * Writes a snapshot of a ledger that has applied every entry of the journal, covering its last entry.
     *
     * @param journalDirectory the journal's directory.
     * @param journal          the open journal, committed.
     * @param ledger           the ledger, between batches, having applied the journal's last entry.
     * @return the snapshot file.
     */
    public static Path snapshot(final Path journalDirectory, final Journal journal, final Ledger ledger)
    {
        if (journal.nextIndex() == 0)
        {
            throw new IllegalStateException("an empty journal has nothing to snapshot");
        }
        if (JournalMetadata.readStateHash(journalDirectory) != JournalHash.LEDGER)
        {
            throw new IllegalStateException("a journal that records the results chain (a sharded node's) is " +
                "replayed whole; it takes no ledger snapshots");
        }
        if (ledger.stateHash() != journal.lastStateHash())
        {
            throw new IllegalStateException("the ledger's state hash " + Long.toHexString(ledger.stateHash()) +
                " is not the journal's last " + Long.toHexString(journal.lastStateHash()));
        }
        return new SnapshotStore(JournalMetadata.snapshotDirectory(journalDirectory)).write(ledger,
            new SnapshotFile.Header(journal.nextIndex() - 1, journal.lastLogPosition(), journal.lastChecksum(),
                ledger.stateHash()));
    }
}
