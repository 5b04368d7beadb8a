package dev.ledger.server.shard;

import dev.ledger.core.Ledger;
import dev.ledger.core.SnapshotSink;
import dev.ledger.core.SnapshotSource;
import dev.ledger.core.Wire;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The state of a sharded ledger as one stream, taken between items (every shard idle): a header, every shard's
 * ledger snapshot in shard order, the router's transfer directory (its used slots), and the results chain.
 * Little-endian:
 * <pre>
 *   magic 'LSHD' (4), version (4), shards (4), directory slots (4)
 *   shards x ledger snapshot (self-delimiting, {@code Ledger.writeSnapshot})
 *   used slots (4), then used slots x [index (4), value (8)]
 *   results chain (8), end magic 'LSHE' (4)
 * </pre>
 * It restores only into a sharded ledger of the same number of shards and capacities: moving to another number
 * of shards means replaying the journal.
 */
final class ShardedSnapshot
{
    static final int MAGIC = 0x4448_534C;
    static final int END_MAGIC = 0x4548_534C;
    static final int VERSION = 1;
    private static final java.nio.ByteOrder ORDER = Wire.ORDER;
    private static final int SLOT_ENTRY = 12;
    private static final int CHUNK = 1 << 20;

    private ShardedSnapshot()
    {
    }

    static void write(final Ledger[] ledgers, final TransferDirectory directory, final long resultsChain,
        final SnapshotSink sink)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CHUNK]);
        buffer.putInt(0, MAGIC, ORDER);
        buffer.putInt(4, VERSION, ORDER);
        buffer.putInt(8, ledgers.length, ORDER);
        buffer.putInt(12, directory == null ? 0 : directory.slotCount(), ORDER);
        sink.write(buffer, 0, 16);
        for (final Ledger ledger : ledgers)
        {
            ledger.writeSnapshot(sink);
        }
        buffer.putInt(0, directory == null ? 0 : directory.size(), ORDER);
        sink.write(buffer, 0, 4);
        int used = 0;
        for (int i = 0; directory != null && i < directory.slotCount(); i++)
        {
            final long slot = directory.slot(i);
            if (slot != 0)
            {
                buffer.putInt(used * SLOT_ENTRY, i, ORDER);
                buffer.putLong(used * SLOT_ENTRY + 4, slot, ORDER);
                if (++used == CHUNK / SLOT_ENTRY)
                {
                    sink.write(buffer, 0, used * SLOT_ENTRY);
                    used = 0;
                }
            }
        }
        if (used > 0)
        {
            sink.write(buffer, 0, used * SLOT_ENTRY);
        }
        buffer.putLong(0, resultsChain, ORDER);
        buffer.putInt(8, END_MAGIC, ORDER);
        sink.write(buffer, 0, 12);
    }

    /**
     * Restores into new, empty shard ledgers and directory.
     *
     * @return the results chain.
     * @throws IllegalArgumentException if the stream is not a sharded snapshot of this shape.
     */
    static long read(final Ledger[] ledgers, final TransferDirectory directory, final SnapshotSource source)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CHUNK]);
        source.readFully(buffer, 0, 16);
        final int magic = buffer.getInt(0, ORDER);
        if (magic != MAGIC)
        {
            throw new IllegalArgumentException(String.format("not a sharded ledger snapshot: magic 0x%08x, expected " +
                "0x%08x (a snapshot of a node with one shard restores only into one shard)", magic, MAGIC));
        }
        final int version = buffer.getInt(4, ORDER);
        final int shards = buffer.getInt(8, ORDER);
        final int slots = buffer.getInt(12, ORDER);
        if (version != VERSION)
        {
            throw new IllegalArgumentException("sharded ledger snapshot version " + version + " is not readable here");
        }
        if (shards != ledgers.length || slots != (directory == null ? 0 : directory.slotCount()))
        {
            throw new IllegalArgumentException("the snapshot is of " + shards + " shards with a directory of " + slots +
                " slots, this ledger has " + ledgers.length + " shards and " +
                (directory == null ? 0 : directory.slotCount()) + " (restore with the same shards and capacities, " +
                "or replay the journal)");
        }
        for (final Ledger ledger : ledgers)
        {
            Ledger.readSnapshot(ledger, source);
        }
        source.readFully(buffer, 0, 4);
        int remaining = buffer.getInt(0, ORDER);
        while (remaining > 0)
        {
            final int n = Math.min(remaining, CHUNK / SLOT_ENTRY);
            source.readFully(buffer, 0, n * SLOT_ENTRY);
            for (int k = 0; k < n; k++)
            {
                final int index = buffer.getInt(k * SLOT_ENTRY, ORDER);
                if (index < 0 || index >= slots)
                {
                    throw new IllegalArgumentException("sharded ledger snapshot: directory slot " + index + " of " + slots);
                }
                directory.restoreSlot(index, buffer.getLong(k * SLOT_ENTRY + 4, ORDER));
            }
            remaining -= n;
        }
        source.readFully(buffer, 0, 12);
        if (buffer.getInt(8, ORDER) != END_MAGIC)
        {
            throw new IllegalArgumentException("sharded ledger snapshot: no end marker");
        }
        return buffer.getLong(0, ORDER);
    }
}
