package dev.ledger.server.shard;

/**
 * The ids of the records that the events of a shard's window (from the event being decided to the furthest one
 * looked at) may read or change, with a count each: an event further on may send its records early only while
 * none of its own ids is here, because then nothing between now and it changes them. A small open-addressing
 * table of (id, count); ids whose count falls to zero stay as dead entries until the table is rebuilt from the
 * live ones. Ids that cannot be known yet count as a wildcard, which holds every event behind it.
 */
final class RecordWindow
{
    private static final int SLOTS = 1 << 12;
    private static final int MASK = SLOTS - 1;
    private static final int REBUILD_AT = SLOTS / 2;

    private final long[] keys = new long[2 * SLOTS];
    private final int[] counts = new int[SLOTS];
    private final boolean[] used = new boolean[SLOTS];
    private int occupied;
    private int wildcards;

    void clear()
    {
        java.util.Arrays.fill(used, false);
        occupied = 0;
        wildcards = 0;
    }

    /** Whether none of the ids (pairs) is held by an event in the window, and no wildcard is. */
    boolean clean(final long[] ids, final int pairs)
    {
        if (wildcards > 0 || pairs < 0)
        {
            return false;
        }
        for (int i = 0; i < pairs; i++)
        {
            final int slot = find(ids[2 * i], ids[2 * i + 1]);
            if (used[slot] && counts[slot] > 0)
            {
                return false;
            }
        }
        return true;
    }

    /** Adds an event's ids ({@code pairs} = -1: a wildcard). */
    void add(final long[] ids, final int pairs)
    {
        if (pairs < 0)
        {
            wildcards++;
            return;
        }
        for (int i = 0; i < pairs; i++)
        {
            final long lo = ids[2 * i];
            final long hi = ids[2 * i + 1];
            if ((lo | hi) == 0)
            {
                continue;
            }
            final int slot = find(lo, hi);
            if (!used[slot])
            {
                used[slot] = true;
                keys[2 * slot] = lo;
                keys[2 * slot + 1] = hi;
                counts[slot] = 0;
                occupied++;
            }
            counts[slot]++;
        }
    }

    /** Removes an event's ids, added before with the same arguments. */
    void remove(final long[] ids, final int pairs)
    {
        if (pairs < 0)
        {
            wildcards--;
            return;
        }
        for (int i = 0; i < pairs; i++)
        {
            final long lo = ids[2 * i];
            final long hi = ids[2 * i + 1];
            if ((lo | hi) != 0)
            {
                counts[find(lo, hi)]--;
            }
        }
    }

    /** Whether dead entries have piled up: then {@link #clear} and re-add the live events. */
    boolean crowded()
    {
        return occupied >= REBUILD_AT;
    }

    private int find(final long lo, final long hi)
    {
        long h = lo * 0x9E3779B97F4A7C15L ^ Long.rotateLeft(hi * 0xC2B2AE3D27D4EB4FL, 29);
        h ^= h >>> 32;
        int slot = (int)h & MASK;
        while (used[slot] && (keys[2 * slot] != lo || keys[2 * slot + 1] != hi))
        {
            slot = (slot + 1) & MASK;
        }
        return slot;
    }
}
