package dev.ledger.core;

import org.agrona.MutableDirectBuffer;

/**
 * Where {@link Ledger#readSnapshot(LedgerConfig, SnapshotSource)} reads a snapshot from, implemented by the
 * caller: the bytes given to a {@link SnapshotSink}, in the same order. The ledger reads exactly the snapshot's
 * length, never ahead, so a source may hold more than one snapshot or a trailer of its own after it.
 */
@FunctionalInterface
public interface SnapshotSource
{
    /**
     * Reads exactly the next {@code length} bytes of the snapshot.
     *
     * @param buffer where to put them.
     * @param offset where the first goes.
     * @param length how many, 1..1 MiB.
     * @throws RuntimeException (such as {@link IllegalStateException} or {@link java.io.UncheckedIOException})
     *                          if fewer bytes remain or they cannot be read; it reaches the caller of
     *                          {@code readSnapshot} unchanged, and no ledger is returned.
     */
    void readFully(MutableDirectBuffer buffer, int offset, int length);
}
