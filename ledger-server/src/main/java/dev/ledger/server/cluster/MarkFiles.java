package dev.ledger.server.cluster;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.agrona.concurrent.SystemEpochClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aeron.archive.ArchiveMarkFile;
import io.aeron.cluster.service.ClusterMarkFile;

/**
 * Aeron's mark files say "a component is alive here" until their activity timestamp is ~10 s old, so a node
 * restarted right after SIGKILL would refuse to start ("active mark file detected"). A node that holds its
 * {@link NodeLock} knows the previous owner is dead, so it marks their mark files terminated (as a clean stop
 * would have) and starts at once. Mark files are never touched without the lock.
 */
final class MarkFiles
{
    private static final Logger LOG = LoggerFactory.getLogger(MarkFiles.class);
    private static final long OPEN_TIMEOUT_MS = 100;

    private MarkFiles()
    {
    }

    static void releaseDeadOwner(final NodeLock proof, final File clusterDirectory, final File archiveDirectory)
    {
        if (proof == null)
        {
            throw new IllegalArgumentException("only the holder of the node lock may release mark files");
        }
        release(clusterDirectory, ClusterMarkFile.FILENAME, false);
        release(clusterDirectory, ClusterMarkFile.markFilenameForService(0), false);
        release(archiveDirectory, ArchiveMarkFile.FILENAME, true);
    }

    private static void release(final File directory, final String filename, final boolean archive)
    {
        final Path path = directory.toPath().resolve(filename);
        if (!Files.exists(path))
        {
            return;
        }
        try
        {
            if (archive)
            {
                try (ArchiveMarkFile markFile = new ArchiveMarkFile(
                    directory, filename, SystemEpochClock.INSTANCE, OPEN_TIMEOUT_MS, LOG::debug))
                {
                    markFile.signalTerminated();
                }
            }
            else
            {
                try (ClusterMarkFile markFile = new ClusterMarkFile(
                    directory, filename, SystemEpochClock.INSTANCE, OPEN_TIMEOUT_MS, LOG::debug))
                {
                    markFile.signalTerminated();
                }
            }
        }
        catch (final RuntimeException ex)
        {
            // A mark file its owner never finished writing (killed during start-up) holds nothing to keep.
            LOG.warn("removing the unreadable mark file {} left by a process that died: {}", path, ex.toString());
            try
            {
                Files.deleteIfExists(path);
            }
            catch (final java.io.IOException io)
            {
                throw new java.io.UncheckedIOException(io);
            }
        }
    }
}
