package dev.ledger.core;

/**
 * Every account, as fixed-size records in one preallocated long array, in creation (and so timestamp) order,
 * with the id index. An account is never deleted; only the undo of a linked chain drops the newest records.
 * <p>
 * Record layout, in longs: id (2), debits_pending (2), debits_posted (2), credits_pending (2),
 * credits_posted (2), user_data_32 | ledger &lt;&lt; 32, code | flags &lt;&lt; 16, the heads and tails of the
 * account's debit and credit transfer lists, then what creating a transfer never reads: user_data_128 (2),
 * user_data_64, timestamp. What a transfer reads is the first 112 of the 144 bytes, so that half the records
 * (those starting in the first quarter of a cache line) give it two lines instead of three.
 */
final class AccountStore extends IdIndex
{
    static final int ID_LO = 0;
    static final int ID_HI = 1;
    static final int DEBITS_PENDING = 2;
    static final int DEBITS_POSTED = 4;
    static final int CREDITS_PENDING = 6;
    static final int CREDITS_POSTED = 8;
    static final int USER_DATA_32_LEDGER = 10;
    static final int CODE_FLAGS = 11;
    static final int DEBIT_LIST = 12;
    static final int CREDIT_LIST = 13;
    static final int USER_DATA_128 = 14;
    static final int USER_DATA_64 = 16;
    static final int TIMESTAMP = 17;
    static final int RECORD_LONGS = 18;
    /**
     * The layout of snapshot versions 1 to 3, in which the fields are also hashed for {@code contentDigest}: at
     * position {@code i}, the index of that field in the current layout. Ids, balances, user_data_128,
     * user_data_64, user_data_32 | ledger, code | flags, timestamp, debit list, credit list.
     */
    static final int[] LAYOUT_V3 = {
        ID_LO, ID_HI, DEBITS_PENDING, DEBITS_PENDING + 1, DEBITS_POSTED, DEBITS_POSTED + 1,
        CREDITS_PENDING, CREDITS_PENDING + 1, CREDITS_POSTED, CREDITS_POSTED + 1,
        USER_DATA_128, USER_DATA_128 + 1, USER_DATA_64, USER_DATA_32_LEDGER, CODE_FLAGS, TIMESTAMP,
        DEBIT_LIST, CREDIT_LIST };

    static final long EMPTY_LIST = -1L;

    final long[] records;
    private final int capacity;
    private int count;

    AccountStore(final int capacity)
    {
        super(capacity);
        this.capacity = capacity;
        // Past the capacity: one slot per role for the records of other shards (ForeignRecords).
        this.records = new long[Math.multiplyExact(capacity + GHOSTS_MAX, RECORD_LONGS)];
    }

    /** Whether a reference names a record on loan from another shard rather than an account of this one. */
    boolean isGhost(final int reference)
    {
        return reference >= capacity;
    }

    @Override
    boolean keyEquals(final int reference, final long idLo, final long idHi)
    {
        final int base = reference * RECORD_LONGS;
        return records[base + ID_LO] == idLo && records[base + ID_HI] == idHi;
    }

    int count()
    {
        return count;
    }

    int capacity()
    {
        return capacity;
    }

    static int base(final int reference)
    {
        return reference * RECORD_LONGS;
    }

    int ledger(final int reference)
    {
        return (int)(records[base(reference) + USER_DATA_32_LEDGER] >>> 32);
    }

    int flags(final int reference)
    {
        return (int)(records[base(reference) + CODE_FLAGS] >>> 16) & 0xFFFF;
    }

    void setFlags(final int reference, final int flags)
    {
        final int index = base(reference) + CODE_FLAGS;
        records[index] = (records[index] & 0xFFFFL) | ((long)flags << 16);
    }

    long timestamp(final int reference)
    {
        return records[base(reference) + TIMESTAMP];
    }

    /**
     * Appends an account with zero balances and empty transfer lists.
     *
     * @return its reference.
     */
    int append(
        final long idLo,
        final long idHi,
        final long userData128Lo,
        final long userData128Hi,
        final long userData64,
        final int userData32,
        final int ledger,
        final int code,
        final int flags,
        final long timestamp)
    {
        final int reference = count;
        final int base = base(reference);
        final long[] r = records;
        r[base + ID_LO] = idLo;
        r[base + ID_HI] = idHi;
        for (int i = DEBITS_PENDING; i <= CREDITS_POSTED + 1; i++)
        {
            r[base + i] = 0;
        }
        r[base + USER_DATA_128] = userData128Lo;
        r[base + USER_DATA_128 + 1] = userData128Hi;
        r[base + USER_DATA_64] = userData64;
        r[base + USER_DATA_32_LEDGER] = (userData32 & 0xFFFF_FFFFL) | ((long)ledger << 32);
        r[base + CODE_FLAGS] = (code & 0xFFFFL) | ((long)flags << 16);
        r[base + TIMESTAMP] = timestamp;
        r[base + DEBIT_LIST] = EMPTY_LIST;
        r[base + CREDIT_LIST] = EMPTY_LIST;
        insert(idLo, idHi, reference);
        count = reference + 1;
        return reference;
    }

    /**
     * Drops the newest account: the undo of its creation inside a rolled-back linked chain.
     */
    void removeNewest()
    {
        final int reference = count - 1;
        final int base = base(reference);
        removeNewest(records[base + ID_LO], records[base + ID_HI], reference);
        count = reference;
    }

    /**
     * The reference of the first account whose timestamp is at least {@code timestamp}, or {@link #count()}.
     */
    int lowerBound(final long timestamp)
    {
        return lowerBound(records, count, RECORD_LONGS, TIMESTAMP, timestamp);
    }

    boolean containsTimestamp(final long timestamp)
    {
        return containsTimestamp(records, count, RECORD_LONGS, TIMESTAMP, timestamp);
    }

    long lastTimestamp()
    {
        return count == 0 ? 0 : records[base(count - 1) + TIMESTAMP];
    }

    /** Snapshot: the records of the live accounts, then the whole index. */
    void writeSnapshot(final SnapshotEncoder encoder)
    {
        encoder.putLongs(records, 0, count * RECORD_LONGS);
        writeSlots(encoder);
    }

    /**
     * Restore into a new store: {@code count}, already checked against the capacity, accounts and the index
     * (re-built when its slots were placed by an older hash).
     *
     * @param layoutV3 whether the records are laid out as {@link #LAYOUT_V3} says: their fields are moved.
     */
    void readSnapshot(final SnapshotDecoder decoder, final int count, final boolean placedByThisHash, final boolean layoutV3)
    {
        decoder.getLongs(records, 0, count * RECORD_LONGS);
        if (layoutV3)
        {
            final long[] old = new long[RECORD_LONGS];
            for (int reference = 0; reference < count; reference++)
            {
                final int base = base(reference);
                System.arraycopy(records, base, old, 0, RECORD_LONGS);
                for (int i = 0; i < RECORD_LONGS; i++)
                {
                    records[base + LAYOUT_V3[i]] = old[i];
                }
            }
        }
        if (!readSlots(decoder, placedByThisHash))
        {
            for (int reference = 0; reference < count; reference++)
            {
                insert(records[base(reference) + ID_LO], records[base(reference) + ID_HI], reference);
            }
        }
        this.count = count;
    }

    long footprintBytes()
    {
        return (long)records.length * Long.BYTES + indexFootprintBytes();
    }
}
