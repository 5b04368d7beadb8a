package dev.ledger.core;

import org.agrona.DirectBuffer;

/**
 * Where {@link Ledger#writeSnapshot(SnapshotSink)} streams a snapshot, implemented by the caller (a file, a
 * socket, memory): the ledger does no I/O itself. The bytes, in call order, are the snapshot.
 */
@FunctionalInterface
public interface SnapshotSink
{
    /**
     * Takes the next bytes of the snapshot. The buffer is reused once this returns, so copy what is kept.
     *
     * @param buffer holds the bytes.
     * @param offset where they start.
     * @param length how many, 1..1 MiB.
     * @throws java.io.UncheckedIOException if they cannot be written; the snapshot is then incomplete.
     */
    void write(DirectBuffer buffer, int offset, int length);
}
