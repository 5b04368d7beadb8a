package dev.ledger.core;

import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A snapshot in memory, for tests: a {@link SnapshotSink} that keeps every byte, and sources over bytes that
 * fail as a file reader would when fewer bytes remain than asked for.
 */
final class SnapshotBytes implements SnapshotSink
{
    private byte[] bytes = new byte[1 << 16];
    private int length;
    private int writes;
    private int longestWrite;

    /** Writes the ledger's snapshot into a new {@code SnapshotBytes}. */
    static byte[] of(final Ledger ledger)
    {
        final SnapshotBytes sink = new SnapshotBytes();
        final long written = ledger.writeSnapshot(sink);
        if (written != sink.length)
        {
            throw new AssertionError("writeSnapshot returned " + written + " but wrote " + sink.length);
        }
        return sink.toArray();
    }

    /** Fails naming the first byte that differs, rather than printing two long arrays. */
    static void assertIdentical(final byte[] actual, final byte[] expected, final String what)
    {
        final int mismatch = Arrays.mismatch(actual, expected);
        if (mismatch >= 0)
        {
            throw new AssertionError(what + ": snapshots differ first at byte " + mismatch + " (lengths " +
                actual.length + " and " + expected.length + ")");
        }
    }

    @Override
    public void write(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < 1 || length > SnapshotEncoder.CHUNK_LENGTH)
        {
            throw new AssertionError("write of " + length + " bytes");
        }
        if (bytes.length - this.length < length)
        {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, this.length + length));
        }
        buffer.getBytes(offset, bytes, this.length, length);
        this.length += length;
        writes++;
        longestWrite = Math.max(longestWrite, length);
    }

    byte[] toArray()
    {
        return Arrays.copyOf(bytes, length);
    }

    int writes()
    {
        return writes;
    }

    int longestWrite()
    {
        return longestWrite;
    }

    /** A source of the first {@code limit} bytes that counts what was read. */
    static final class Source implements SnapshotSource
    {
        private final byte[] bytes;
        private final int limit;
        private int position;

        Source(final byte[] bytes)
        {
            this(bytes, bytes.length);
        }

        Source(final byte[] bytes, final int limit)
        {
            this.bytes = bytes;
            this.limit = limit;
        }

        @Override
        public void readFully(final MutableDirectBuffer buffer, final int offset, final int length)
        {
            if (length > limit - position)
            {
                throw new IllegalStateException("snapshot truncated: " + length + " bytes wanted at byte " + position +
                    ", " + (limit - position) + " left");
            }
            buffer.putBytes(offset, bytes, position, length);
            position += length;
        }

        int position()
        {
            return position;
        }
    }
}
