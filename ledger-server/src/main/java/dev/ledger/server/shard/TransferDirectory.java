package dev.ledger.server.shard;

/**
 * The router's map from a transfer id to the shards that have taken part in an event with that id: a superset
 * of the shards holding its record (or its burned id), so that a resubmission, a post or a void reaches them
 * whatever accounts it names. Never shrinks.
 * <p>
 * Only a superset is needed, so ids are not stored: each slot is one long, a 32-bit fingerprint of the id and a
 * 32-bit mask of shards (8 bytes a slot, at most half the slots used: 16-32 bytes per id). Two ids with the same
 * fingerprint on one probe run share a slot and so a mask, which only adds shards to their events; an id always
 * finds the same slot (the first with its fingerprint on its run, and runs never break because nothing is
 * removed), so the slot holds every shard its id was given.
 */
final class TransferDirectory
{
    /** A mask is 32 bits. */
    static final int SHARDS_MAX = 32;

    private final long[] slots;
    private final int mask;
    private final int capacity;
    private int size;

    /**
     * @param capacity the most slots it will fill (distinct ids, fewer when fingerprints coincide).
     */
    TransferDirectory(final int capacity)
    {
        final int length = Math.max(16, Integer.highestOneBit(Math.max(1, capacity - 1)) << 2);
        slots = new long[length];
        mask = length - 1;
        this.capacity = capacity;
    }

    int size()
    {
        return size;
    }

    /** The slots it is made of (its capacity decides how many): for snapshots. */
    int slotCount()
    {
        return slots.length;
    }

    long slot(final int index)
    {
        return slots[index];
    }

    /** Fills a slot of a new directory from a snapshot of one with the same capacity. */
    void restoreSlot(final int index, final long value)
    {
        if (value == 0 || slots[index] != 0 || size == capacity)
        {
            throw new IllegalStateException("transfer directory snapshot: slot " + index + " cannot take " + value);
        }
        slots[index] = value;
        size++;
    }

    /** Room for {@code ids} more distinct ids. */
    boolean hasRoom(final int ids)
    {
        return capacity - size >= ids;
    }

    /** The shards recorded for an id, 0 if none. */
    long shards(final long idLo, final long idHi)
    {
        return slots[slot(idLo, idHi)] & 0xFFFF_FFFFL;
    }

    /**
     * Reads the id's home slot: a pass over a batch issuing these independent loads first lets their cache
     * misses overlap, so the lookups that follow mostly hit.
     */
    long touch(final long idLo, final long idHi)
    {
        return slots[(int)hash(idLo, idHi) & mask];
    }

    /** Adds shards (a nonzero mask of shards below 32) to an id's set; the caller checked {@link #hasRoom}. */
    void add(final long idLo, final long idHi, final long shards)
    {
        final int index = slot(idLo, idHi);
        if (slots[index] == 0)
        {
            if (size == capacity)
            {
                throw new IllegalStateException("transfer directory full: " + capacity + " ids");
            }
            slots[index] = hash(idLo, idHi) & 0xFFFF_FFFF_0000_0000L;
            size++;
        }
        slots[index] |= shards;
    }

    /** The slot holding the id's fingerprint (the first on its probe run), or the empty slot that ends the run. */
    private int slot(final long idLo, final long idHi)
    {
        final long h = hash(idLo, idHi);
        final long fingerprint = h & 0xFFFF_FFFF_0000_0000L;
        int index = (int)h & mask;
        long slot;
        while ((slot = slots[index]) != 0 && (slot & 0xFFFF_FFFF_0000_0000L) != fingerprint)
        {
            index = (index + 1) & mask;
        }
        return index;
    }

    private static long hash(final long idLo, final long idHi)
    {
        long h = idLo * 0x9E3779B97F4A7C15L + idHi;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 29;
        h *= 0x94D049BB133111EBL;
        return h ^ (h >>> 32);
    }
}
