package dev.ledger.journal.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.CRC32C;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import dev.ledger.core.SnapshotSource;

/**
 * The ledger state of a snapshot file, read and checksummed by a second thread a few chunks ahead of the
 * ledger that consumes it: reading gigabytes from the page cache and CRC-checking them overlaps with allocating
 * the ledger and copying into its arrays. The checksum covers exactly the bytes from {@code start} to
 * {@code limit}, whatever the ledger consumes; {@link #finish()} makes it final.
 */
final class ReadAheadSource implements SnapshotSource, AutoCloseable
{
    private static final int SLOTS = 4;
    private static final int CHUNK = 1 << 20;
    private static final int END = -1;
    private static final int FAILED = -2;

    private final ByteBuffer[] chunks = new ByteBuffer[SLOTS];
    private final UnsafeBuffer[] views = new UnsafeBuffer[SLOTS];
    private final int[] lengths = new int[SLOTS];
    private final BlockingQueue<Integer> full = new ArrayBlockingQueue<>(SLOTS + 1);
    private final BlockingQueue<Integer> free = new ArrayBlockingQueue<>(SLOTS);
    private final Thread thread;
    private volatile IOException failure;
    private int slot = -1;
    private int slotPosition;
    private long consumed;

    ReadAheadSource(final FileChannel channel, final CRC32C crc, final long start, final long limit)
    {
        for (int i = 0; i < SLOTS; i++)
        {
            chunks[i] = ByteBuffer.allocateDirect(CHUNK);
            views[i] = new UnsafeBuffer(chunks[i]);
            free.add(i);
        }
        thread = new Thread(() -> readAll(channel, crc, start, limit), "snapshot-read-ahead");
        thread.setDaemon(true);
        thread.start();
    }

    private void readAll(final FileChannel channel, final CRC32C crc, final long start, final long limit)
    {
        try
        {
            long position = start;
            while (position < limit)
            {
                final int next = free.take();
                final ByteBuffer chunk = chunks[next];
                chunk.clear().limit((int)Math.min(CHUNK, limit - position));
                while (chunk.hasRemaining())
                {
                    if (channel.read(chunk, position + chunk.position()) < 0)
                    {
                        throw new IOException("snapshot file ends at " + (position + chunk.position()));
                    }
                }
                chunk.flip();
                crc.update(chunk.duplicate());
                lengths[next] = chunk.limit();
                position += chunk.limit();
                full.put(next);
            }
            full.put(END);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final IOException ex)
        {
            failure = ex;
            full.offer(FAILED);
        }
    }

    @Override
    public void readFully(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        int done = 0;
        while (done < length)
        {
            if (slot < 0 || slotPosition == lengths[slot])
            {
                nextSlot();
            }
            final int n = Math.min(length - done, lengths[slot] - slotPosition);
            buffer.putBytes(offset + done, views[slot], slotPosition, n);
            slotPosition += n;
            done += n;
        }
        consumed += length;
    }

    private void nextSlot()
    {
        if (slot >= 0)
        {
            free.add(slot);
            slot = -1;
        }
        final int next;
        try
        {
            next = full.take();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a snapshot", ex);
        }
        if (next == FAILED)
        {
            throw new UncheckedIOException(failure);
        }
        if (next == END)
        {
            full.offer(END);
            throw new IllegalStateException("snapshot ends early: the ledger wants more than the file holds");
        }
        slot = next;
        slotPosition = 0;
    }

    /** @return bytes given to the ledger so far. */
    long consumed()
    {
        return consumed;
    }

    /**
     * Waits until every byte up to the limit has been read and checksummed, reading past what the ledger did
     * not consume.
     *
     * @return whether the ledger consumed exactly the bytes up to the limit.
     */
    boolean finish()
    {
        boolean exact = slot < 0 || slotPosition == lengths[slot];
        if (slot >= 0)
        {
            free.add(slot);
            slot = -1;
        }
        try
        {
            while (true)
            {
                final int next = full.take();
                if (next == END)
                {
                    break;
                }
                if (next == FAILED)
                {
                    throw new UncheckedIOException(failure);
                }
                exact = false;
                free.add(next);
            }
            thread.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a snapshot", ex);
        }
        return exact;
    }

    @Override
    public void close()
    {
        thread.interrupt();
        try
        {
            thread.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
