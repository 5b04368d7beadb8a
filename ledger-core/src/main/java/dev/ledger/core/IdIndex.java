package dev.ledger.core;

/**
 * An open-addressing hash index from a 128-bit id to an int reference, with no deletes except the most recent
 * inserts (a rolled-back linked chain undoes its inserts newest first, which leaves every probe sequence
 * intact, whatever the sequence).
 * <p>
 * Each slot is one long: the high 32 bits are a tag from the hash, the low 32 bits the reference plus one
 * (0 is an empty slot). The tag spares most probes a visit to the record that holds the full id, which the
 * subclass compares in {@link #keyEquals}.
 * <p>
 * Ids that differ only in their low {@link #BLOCK_BITS} bits form a block, and a block hashes to one run of
 * {@link #BLOCK_SLOTS} slots (two or three cache lines) in which each id's home is the slot of its low bits. Ids
 * handed out in sequence (a counter, a client's batch) therefore share lines and pages: a batch of 8189 of
 * them touches ~1/8 of the lines, and ~1/16 of the TLB entries, that one random slot per id would. Ids without
 * such locality (random, or time-based with random low bits) land one per block, as in any hash table.
 * Blocks of 16 measured 4.9% faster than blocks of 8 for sequential ids ({@code hot}), blocks of 32 slower; a
 * larger block also lengthens the probes of ids that are sparse within their block (every 16th id, say).
 * <p>
 * A probe steps 1 slot, then {@link #BLOCK_SLOTS}, then 1, and so on. An id whose home is taken tries its
 * neighbour, in the same line, where a random id's probe usually ends, as with linear probing; then the same
 * place one run on. A block whose run another block holds so moves to the next run at 3 probes per id, where
 * linear probing made each of its ids probe past all of the other block's: as the transfer index filled from
 * empty to 40%, {@code hot} lost 11% with linear probing and loses 5% now. The steps sum to
 * {@link #PROBE_STEP}, which is odd, so a probe reaches every slot of the power-of-two table.
 */
abstract class IdIndex
{
    static final int NONE = -1;
    static final int BLOCK_BITS = 4;
    static final int BLOCK_SLOTS = 1 << BLOCK_BITS;
    private static final long BLOCK_MASK = BLOCK_SLOTS - 1;
    /** Records on loan from other shards, visible to {@link #find} for one event (see {@link ForeignRecords}). */
    static final int GHOSTS_MAX = 2;
    /** Two steps of a probe: 1 slot, then the rest. Odd, so that the probe's slots cover the table. */
    static final int PROBE_STEP = BLOCK_SLOTS + 1;

    private final long[] slots;
    private final int mask;
    private final long[] ghostIds = new long[2 * GHOSTS_MAX];
    private final int[] ghostReferences = new int[GHOSTS_MAX];
    private int ghostCount;
    /**
     * Where the last {@link #find} of a missing id stopped: the first empty slot of its probe, and its tag. An
     * {@link #insert} of that id, the usual next step, takes the slot without hashing and probing again, as long
     * as no slot was emptied since (only {@link #removeNewest} and restores empty slots; they forget it).
     */
    private long missIdLo;
    private long missIdHi;
    private long missTag;
    private int missIndex = NONE;

    IdIndex(final int capacity)
    {
        // Load factor at most 1/2 keeps probe sequences short.
        final int size = Math.max(16, Integer.highestOneBit(Math.max(1, capacity - 1)) << 2);
        slots = new long[size];
        mask = size - 1;
    }

    /**
     * Whether the record behind {@code reference} has the given id.
     */
    abstract boolean keyEquals(int reference, long idLo, long idHi);

    /**
     * The hash of the id's block: its low 32 bits place the block, its high 32 bits, plus the id's offset in
     * the block (so that the ids of one block never share a tag), are the tag.
     */
    static long hash(final long idLo, final long idHi)
    {
        long h = (idLo & ~BLOCK_MASK) * 0x9E3779B97F4A7C15L ^ Long.rotateLeft(idHi * 0xC2B2AE3D27D4EB4FL, 31);
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        return h + ((idLo & BLOCK_MASK) << 32);
    }

    private int home(final long h, final long idLo)
    {
        return ((int)h << BLOCK_BITS | (int)(idLo & BLOCK_MASK)) & mask;
    }

    final int find(final long idLo, final long idHi)
    {
        return find(idLo, idHi, hash(idLo, idHi));
    }

    /** As {@link #find(long, long)}, with the id's {@link #hash} computed beforehand. */
    final int find(final long idLo, final long idHi, final long h)
    {
        assert h == hash(idLo, idHi) : "hash of another id";
        final long tag = h & 0xFFFF_FFFF_0000_0000L;
        final int home = home(h, idLo);
        int index = home;
        int step = 1;
        while (true)
        {
            final long slot = slots[index];
            if (slot == 0)
            {
                missIdLo = idLo;
                missIdHi = idHi;
                missTag = tag;
                missIndex = index;
                return ghostCount == 0 ? NONE : findGhost(idLo, idHi);
            }
            if ((slot & 0xFFFF_FFFF_0000_0000L) == tag)
            {
                final int reference = (int)slot - 1;
                if (keyEquals(reference, idLo, idHi))
                {
                    return reference;
                }
            }
            index = (index + step) & mask;
            step = PROBE_STEP - step;
            requireUnvisited(index, home, step);
        }
    }

    /**
     * A probe that is back at its home slot about to step 1 again has visited every slot: the index is full, which
     * the stores' capacities rule out (at most half the slots are taken); a broken probe would loop forever.
     */
    private static void requireUnvisited(final int index, final int home, final int step)
    {
        if (index == home && step == 1)
        {
            throw new IllegalStateException("id index full: a probe visited every slot");
        }
    }

    private int findGhost(final long idLo, final long idHi)
    {
        for (int i = 0; i < ghostCount; i++)
        {
            if (ghostIds[2 * i] == idLo && ghostIds[2 * i + 1] == idHi)
            {
                return ghostReferences[i];
            }
        }
        return NONE;
    }

    /** Makes {@link #find} answer {@code reference} for the id until {@link #clearGhosts()}; ids not indexed. */
    final void addGhost(final long idLo, final long idHi, final int reference)
    {
        ghostIds[2 * ghostCount] = idLo;
        ghostIds[2 * ghostCount + 1] = idHi;
        ghostReferences[ghostCount++] = reference;
    }

    final int ghostCount()
    {
        return ghostCount;
    }

    final void clearGhosts()
    {
        ghostCount = 0;
    }

    /** The home slot of an id of {@link #hash} {@code h}: where its probe starts (it may hold another id). */
    final int homeIndex(final long h, final long idLo)
    {
        return home(h, idLo);
    }

    /** The reference a slot holds, or {@link #NONE} when it is empty; for warming the caches only. */
    final int slotReference(final int index)
    {
        final long slot = slots[index];
        return slot == 0 ? NONE : (int)slot - 1;
    }

    final void insert(final long idLo, final long idHi, final int reference)
    {
        final int missed = missIndex;
        missIndex = NONE;
        if (missed != NONE && missIdLo == idLo && missIdHi == idHi && slots[missed] == 0)
        {
            slots[missed] = missTag | ((reference + 1) & 0xFFFF_FFFFL);
            return;
        }
        final long h = hash(idLo, idHi);
        final int home = home(h, idLo);
        int index = home;
        int step = 1;
        while (slots[index] != 0)
        {
            index = (index + step) & mask;
            step = PROBE_STEP - step;
            requireUnvisited(index, home, step);
        }
        slots[index] = (h & 0xFFFF_FFFF_0000_0000L) | ((reference + 1) & 0xFFFF_FFFFL);
    }

    /**
     * Removes an id inserted after every other id still present on its probe sequence: only the undo of the
     * newest inserts may call this.
     */
    final void removeNewest(final long idLo, final long idHi, final int reference)
    {
        missIndex = NONE;
        final long h = hash(idLo, idHi);
        final long expected = (h & 0xFFFF_FFFF_0000_0000L) | ((reference + 1) & 0xFFFF_FFFFL);
        final int home = home(h, idLo);
        int index = home;
        int step = 1;
        while (slots[index] != expected)
        {
            if (slots[index] == 0)
            {
                throw new IllegalStateException("undo of an id that is not in the index");
            }
            index = (index + step) & mask;
            step = PROBE_STEP - step;
            requireUnvisited(index, home, step);
        }
        slots[index] = 0;
    }

    /** Snapshot: the whole slot array as laid out, so that a restore needs no rehashing. */
    final void writeSlots(final SnapshotEncoder encoder)
    {
        encoder.putLongs(slots, 0, slots.length);
    }

    /**
     * Restore: the slot array as {@link #writeSlots} wrote it (same capacity, so the same length). Slots placed
     * by an older hash are read past and left empty: the store then inserts its ids again.
     *
     * @return whether the slots were kept; if not, the caller must insert every id.
     */
    final boolean readSlots(final SnapshotDecoder decoder, final boolean placedByThisHash)
    {
        missIndex = NONE;
        decoder.getLongs(slots, 0, slots.length);
        if (!placedByThisHash)
        {
            java.util.Arrays.fill(slots, 0L);
        }
        return placedByThisHash;
    }

    final long indexFootprintBytes()
    {
        return (long)slots.length * Long.BYTES;
    }

    /**
     * Binary search over records sorted by timestamp (creation order is timestamp order): the first record whose
     * timestamp is at least {@code timestamp}, or {@code count}.
     */
    static int lowerBound(
        final long[] records, final int count, final int recordLongs, final int timestampIndex, final long timestamp)
    {
        int low = 0;
        int high = count;
        while (low < high)
        {
            final int middle = (low + high) >>> 1;
            if (records[middle * recordLongs + timestampIndex] < timestamp)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }

    static boolean containsTimestamp(
        final long[] records, final int count, final int recordLongs, final int timestampIndex, final long timestamp)
    {
        final int reference = lowerBound(records, count, recordLongs, timestampIndex, timestamp);
        return reference < count && records[reference * recordLongs + timestampIndex] == timestamp;
    }
}
