package dev.ledger.core;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Streams little-endian values and whole array ranges to a {@link SnapshotSink} through one reusable chunk of
 * {@link #CHUNK_LENGTH} bytes. Arrays go in with the bulk {@code put} of a little-endian {@link ByteBuffer} view,
 * a plain memory copy on little-endian hardware, so writing costs about two copies of the bytes, not a call per
 * element. Used once per snapshot; it allocates its chunk, which is fine off the hot path.
 */
final class SnapshotEncoder
{
    /** Bytes handed to the sink at a time, at most. */
    static final int CHUNK_LENGTH = 1 << 20;

    private final SnapshotSink sink;
    private final ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    private final UnsafeBuffer buffer = new UnsafeBuffer(chunk);
    private int position;
    private long bytesWritten;

    SnapshotEncoder(final SnapshotSink sink)
    {
        this.sink = sink;
    }

    void putInt(final int value)
    {
        room(Integer.BYTES);
        buffer.putInt(position, value, ByteOrder.LITTLE_ENDIAN);
        position += Integer.BYTES;
    }

    void putLong(final long value)
    {
        room(Long.BYTES);
        buffer.putLong(position, value, ByteOrder.LITTLE_ENDIAN);
        position += Long.BYTES;
    }

    void putLongs(final long[] array, final int from, final int count)
    {
        int index = from;
        int remaining = count;
        while (remaining > 0)
        {
            final int length = Math.min(remaining, room(Long.BYTES) / Long.BYTES);
            chunk.limit(CHUNK_LENGTH).position(position);
            chunk.asLongBuffer().put(array, index, length);
            position += length * Long.BYTES;
            index += length;
            remaining -= length;
        }
    }

    void putInts(final int[] array, final int from, final int count)
    {
        int index = from;
        int remaining = count;
        while (remaining > 0)
        {
            final int length = Math.min(remaining, room(Integer.BYTES) / Integer.BYTES);
            chunk.limit(CHUNK_LENGTH).position(position);
            chunk.asIntBuffer().put(array, index, length);
            position += length * Integer.BYTES;
            index += length;
            remaining -= length;
        }
    }

    void putBytes(final byte[] array, final int from, final int count)
    {
        int index = from;
        int remaining = count;
        while (remaining > 0)
        {
            final int length = Math.min(remaining, room(1));
            buffer.putBytes(position, array, index, length);
            position += length;
            index += length;
            remaining -= length;
        }
    }

    /** Hands what is buffered to the sink: call once, after the last value. */
    void finish()
    {
        flush();
    }

    long bytesWritten()
    {
        return bytesWritten + position;
    }

    /** Flushes first if fewer than {@code length} bytes are free, and returns the bytes free. */
    private int room(final int length)
    {
        if (CHUNK_LENGTH - position < length)
        {
            flush();
        }
        return CHUNK_LENGTH - position;
    }

    private void flush()
    {
        if (position > 0)
        {
            sink.write(buffer, 0, position);
            bytesWritten += position;
            position = 0;
        }
    }
}
