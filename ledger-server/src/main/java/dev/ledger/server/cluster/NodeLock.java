package dev.ledger.server.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a node's data directory, held for the life of the process. The operating system
 * releases it when the process ends, however it ends (SIGKILL included): holding it proves that no other live
 * process owns the directory, which is what lets a node restart at once after a crash ({@link MarkFiles}).
 */
public final class NodeLock implements AutoCloseable
{
    /** The lock file inside the data directory. */
    public static final String FILENAME = "node.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private NodeLock(final FileChannel channel, final FileLock lock)
    {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @param dataDirectory the node's data directory, created if missing.
     * @return the lock.
     * @throws IllegalStateException when another live process holds it.
     */
    public static NodeLock acquire(final Path dataDirectory)
    {
        try
        {
            Files.createDirectories(dataDirectory);
            final FileChannel channel = FileChannel.open(dataDirectory.resolve(FILENAME),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            final FileLock lock = channel.tryLock();
            if (lock == null)
            {
                channel.close();
                throw new IllegalStateException("another process runs a node on " + dataDirectory.toAbsolutePath());
            }
            return new NodeLock(channel, lock);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot lock the data directory " + dataDirectory.toAbsolutePath(), ex);
        }
    }

    @Override
    public void close()
    {
        try
        {
            lock.release();
            channel.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
