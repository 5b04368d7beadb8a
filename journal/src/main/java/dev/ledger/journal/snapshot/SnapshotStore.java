package dev.ledger.journal.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import dev.ledger.core.Ledger;

/**
 * The snapshots of one journal: files named by the journal index they cover, newest kept, older pruned.
 */
public final class SnapshotStore
{
    private static final String PREFIX = "snapshot-";
    private static final String SUFFIX = ".snap";

    private final Path directory;

    /**
     * @param directory the snapshot directory (created on the first write).
     */
    public SnapshotStore(final Path directory)
    {
        this.directory = directory;
    }

    /**
     * Writes a snapshot of the ledger as it is after journal entry {@code header.index()}.
     *
     * @param ledger the ledger, between batches.
     * @param header what it covers: the entry's index, log position, checksum and the ledger's state hash.
     * @return the file written.
     */
    public Path write(final Ledger ledger, final SnapshotFile.Header header)
    {
        try
        {
            Files.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create snapshot directory " + directory, ex);
        }
        final Path file = directory.resolve(String.format(Locale.ROOT, "%s%020d%s", PREFIX, header.index(), SUFFIX));
        SnapshotFile.write(file, ledger, header);
        return file;
    }

    /**
     * @return the snapshot files, newest (highest index) first; leftovers of interrupted writes excluded.
     */
    public List<Path> newestFirst()
    {
        final List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(directory))
        {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX))
        {
            stream.forEach(files::add);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list snapshots in " + directory, ex);
        }
        files.sort(Comparator.comparing((Path path) -> path.getFileName().toString()).reversed());
        return files;
    }

    /**
     * Deletes all but the newest {@code keep} snapshots, and leftovers of interrupted writes.
     *
     * @param keep how many to keep, at least 1.
     */
    public void prune(final int keep)
    {
        if (keep < 1)
        {
            throw new IllegalArgumentException("keep at least one snapshot: " + keep);
        }
        final List<Path> files = newestFirst();
        try
        {
            for (int i = keep; i < files.size(); i++)
            {
                Files.deleteIfExists(files.get(i));
            }
            if (Files.isDirectory(directory))
            {
                try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.tmp"))
                {
                    for (final Path leftover : stream)
                    {
                        Files.deleteIfExists(leftover);
                    }
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot prune snapshots in " + directory, ex);
        }
    }
}
