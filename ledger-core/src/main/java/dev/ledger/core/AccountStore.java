package dev.ledger.core;

/**
 * Every account, as fixed-size records in one preallocated long array, in creation (and so timestamp) order,
 * with the id index. An account is never deleted; only the undo of a linked chain drops the newest records.
 * <p>
 * Record layout, in longs: id (2), debits_pending (2), debits_posted (2), credits_pending (2),
 * credits_posted (2), user_data_128 (2), user_data_64, user_data_32 | ledger &lt;&lt; 32,
 * code | flags &lt;&lt; 16, timestamp, and the heads and tails of the account's debit and credit transfer lists.
 */
final class AccountStore extends IdIndex
{
    static final int ID_LO = 0;
    static final int ID_HI = 1;
    static final int DEBITS_PENDING = 2;
    static final int DEBITS_POSTED = 4;
    static final int CREDITS_PENDING = 6;
    static final int CREDITS_POSTED = 8;
    static final int USER_DATA_128 = 10;
    static final int USER_DATA_64 = 12;
    static final int USER_DATA_32_LEDGER = 13;
    static final int CODE_FLAGS = 14;
    static final int TIMESTAMP = 15;
    /** Debit transfer list: head in the low 32 bits, tail in the high 32 bits; -1 when empty. */
    static final int DEBIT_LIST = 16;
    /** Credit transfer list, as the debit list. */
    static final int CREDIT_LIST = 17;
    static final int RECORD_LONGS = 18;

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
        for (int i = DEBITS_PENDING; i < USER_DATA_128; i++)
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
     */
    void readSnapshot(final SnapshotDecoder decoder, final int count, final boolean placedByThisHash)
    {
        decoder.getLongs(records, 0, count * RECORD_LONGS);
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
