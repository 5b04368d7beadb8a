package dev.ledger.core;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads what a {@link SnapshotEncoder} wrote from a {@link SnapshotSource}, through one reusable chunk. It asks
 * the source for exactly the bytes of each value or array range, never ahead of the snapshot's end, so a short
 * source fails in the source's {@code readFully}.
 */
final class SnapshotDecoder
{
    private final SnapshotSource source;
    private final ByteBuffer chunk =
        ByteBuffer.allocateDirect(SnapshotEncoder.CHUNK_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    private final UnsafeBuffer buffer = new UnsafeBuffer(chunk);
    private long bytesRead;

    SnapshotDecoder(final SnapshotSource source)
    {
        this.source = source;
    }

    /** Bytes read so far: where the next value starts, for messages. */
    long bytesRead()
    {
        return bytesRead;
    }

    int getInt()
    {
        read(Integer.BYTES);
        return buffer.getInt(0, ByteOrder.LITTLE_ENDIAN);
    }

    long getLong()
    {
        read(Long.BYTES);
        return buffer.getLong(0, ByteOrder.LITTLE_ENDIAN);
    }

    void getLongs(final long[] array, final int from, final int count)
    {
        int index = from;
        int remaining = count;
        while (remaining > 0)
        {
            final int length = Math.min(remaining, SnapshotEncoder.CHUNK_LENGTH / Long.BYTES);
            read(length * Long.BYTES);
            chunk.clear();
            chunk.asLongBuffer().get(array, index, length);
            index += length;
            remaining -= length;
        }
    }

    void getInts(final int[] array, final int from, final int count)
    {
        int index = from;
        int remaining = count;
        while (remaining > 0)
        {
            final int length = Math.min(remaining, SnapshotEncoder.CHUNK_LENGTH / Integer.BYTES);
            read(length * Integer.BYTES);
            chunk.clear();
            chunk.asIntBuffer().get(array, index, length);
            index += length;
            remaining -= length;
        }
    }

    void getBytes(final byte[] array, final int from, final int count)
    {
        int index = from;
        int remaining = count;
        while (remaining > 0)
        {
            final int length = Math.min(remaining, SnapshotEncoder.CHUNK_LENGTH);
            read(length);
            buffer.getBytes(0, array, index, length);
            index += length;
            remaining -= length;
        }
    }

    private void read(final int length)
    {
        source.readFully(buffer, 0, length);
        bytesRead += length;
    }
}
