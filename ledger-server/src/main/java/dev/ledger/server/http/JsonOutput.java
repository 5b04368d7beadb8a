package dev.ledger.server.http;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable in-memory byte sink that the JSON generator writes into and that is reset, not reallocated,
 * between responses: after the first few responses it has grown to the largest one and allocates no more.
 * Not thread-safe.
 */
final class JsonOutput extends OutputStream
{
    private byte[] bytes;
    private int length;

    /**
     * An empty output.
     *
     * @param initialCapacity bytes to start with.
     */
    JsonOutput(final int initialCapacity)
    {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    /** Forgets what was written; keeps the capacity. */
    void reset()
    {
        length = 0;
    }

    /** @return the bytes written since the last {@link #reset()} are {@code buffer()[0, length())}. */
    byte[] buffer()
    {
        return bytes;
    }

    /** @return how many bytes were written since the last {@link #reset()}. */
    int length()
    {
        return length;
    }

    @Override
    public void write(final int b)
    {
        ensure(1);
        bytes[length++] = (byte)b;
    }

    @Override
    public void write(final byte[] source, final int offset, final int count)
    {
        ensure(count);
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
    }

    private void ensure(final int count)
    {
        if (bytes.length - length < count)
        {
            final long wanted = Math.max((long)length + count, 2L * bytes.length);
            bytes = Arrays.copyOf(bytes, (int)Math.min(wanted, Integer.MAX_VALUE - 8));
        }
    }
}
