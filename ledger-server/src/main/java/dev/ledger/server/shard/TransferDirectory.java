package dev.ledger.server.shard;

/**
 * The router's map from a transfer id to the shards that have taken part in an event with that id: a
 * superset of the shards holding its record (or its burned id), so that a resubmission, a post or a void
 * reaches them whatever accounts it names. Open addressing with linear probing over preallocated arrays;
 * never shrinks. A bit per shard, so at most 64 shards.
 */
final class TransferDirectory
{
    private final long[] keys;
    private final long[] masks;
    private final int mask;
    private final int capacity;
    private int size;

    /**
     * @param capacity the most distinct ids it will hold.
     */
    TransferDirectory(final int capacity)
    {
        final int slots = Math.max(16, Integer.highestOneBit(Math.max(1, capacity - 1)) << 2);
        keys = new long[2 * slots];
        masks = new long[slots];
        mask = slots - 1;
        this.capacity = capacity;
    }

    int size()
    {
        return size;
    }

    /** Room for {@code ids} more distinct ids. */
    boolean hasRoom(final int ids)
    {
        return capacity - size >= ids;
    }

    /** The shards recorded for an id, 0 if none. */
    long shards(final long idLo, final long idHi)
    {
        int index = slot(idLo, idHi);
        while (masks[index] != 0)
        {
            if (keys[2 * index] == idLo && keys[2 * index + 1] == idHi)
            {
                return masks[index];
            }
            index = (index + 1) & mask;
        }
        return 0;
    }

    /**
     * Reads the id's home slot without comparing: a pass over a batch issuing these independent loads first lets
     * their cache misses overlap, so the lookups that follow mostly hit.
     */
    long touch(final long idLo, final long idHi)
    {
        final int index = slot(idLo, idHi);
        return masks[index] + keys[2 * index];
    }

    /** Adds shards to an id's set; the caller checked {@link #hasRoom}. */
    void add(final long idLo, final long idHi, final long shards)
    {
        int index = slot(idLo, idHi);
        while (masks[index] != 0)
        {
            if (keys[2 * index] == idLo && keys[2 * index + 1] == idHi)
            {
                masks[index] |= shards;
                return;
            }
            index = (index + 1) & mask;
        }
        if (size == capacity)
        {
            throw new IllegalStateException("transfer directory full: " + capacity + " ids");
        }
        keys[2 * index] = idLo;
        keys[2 * index + 1] = idHi;
        masks[index] = shards;
        size++;
    }

    private int slot(final long idLo, final long idHi)
    {
        long h = idLo * 0x9E3779B97F4A7C15L + idHi;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 29;
        return (int)h & mask;
    }
}
