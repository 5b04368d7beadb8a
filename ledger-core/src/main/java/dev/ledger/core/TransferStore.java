package dev.ledger.core;

import java.util.Arrays;

/**
 * Every transfer, as fixed-size records in one preallocated long array, in creation (and so timestamp)
 * order, with the id index; plus the ids burned by transient failures, which share the index so that one
 * probe answers both "exists" and "already failed".
 * <p>
 * Record layout, in longs: id (2), debit_account_id (2), credit_account_id (2), amount (2), pending_id (2),
 * user_data_128 (2), user_data_64, user_data_32 | timeout &lt;&lt; 32, ledger | code &lt;&lt; 32 | flags &lt;&lt; 48,
 * timestamp, debit account reference | credit account reference &lt;&lt; 32, the previous transfers of the same
 * debit account | of the same credit account &lt;&lt; 32, and the balance snapshots of the debit |
 * credit side (-1 where the account keeps no history). The pending status is kept in a byte per transfer.
 * <p>
 * Transfers fill the records from the front; burned ids fill them from the back (only their id is kept), so
 * both share one capacity and one index without extra memory.
 */
final class TransferStore extends IdIndex
{
    static final int ID_LO = 0;
    static final int ID_HI = 1;
    static final int DEBIT_ACCOUNT_ID = 2;
    static final int CREDIT_ACCOUNT_ID = 4;
    static final int AMOUNT = 6;
    static final int PENDING_ID = 8;
    static final int USER_DATA_128 = 10;
    static final int USER_DATA_64 = 12;
    static final int USER_DATA_32_TIMEOUT = 13;
    static final int LEDGER_CODE_FLAGS = 14;
    static final int TIMESTAMP = 15;
    static final int ACCOUNTS = 16;
    static final int PREVIOUS = 17;
    static final int HISTORY = 18;
    static final int RECORD_LONGS = 19;

    static final byte STATUS_NONE = 0;
    static final byte STATUS_PENDING = 1;
    static final byte STATUS_POSTED = 2;
    static final byte STATUS_VOIDED = 3;
    static final byte STATUS_EXPIRED = 4;

    final long[] records;
    final byte[] status;
    /**
     * The next transfer of the same debit (credit) account, outside the records: appending a transfer then
     * writes its predecessor's link with a plain store, which retires without waiting for the line. Past the
     * count every link is {@link AccountHistory#NONE}: filled so, and a removed transfer (always the newest)
     * has had its successors' links cut before it goes.
     */
    final int[] nextDebit;
    final int[] nextCredit;
    private final int capacity;
    private final boolean[] ghostOrphan = new boolean[GHOSTS_MAX];
    private int count;
    private int orphanCount;

    TransferStore(final int capacity)
    {
        super(capacity);
        this.capacity = capacity;
        // Past the capacity: slots for the records of other shards (ForeignRecords).
        this.records = new long[Math.multiplyExact(capacity + GHOSTS_MAX, RECORD_LONGS)];
        this.status = new byte[capacity + GHOSTS_MAX];
        this.nextDebit = new int[capacity + GHOSTS_MAX];
        this.nextCredit = new int[capacity + GHOSTS_MAX];
        Arrays.fill(nextDebit, AccountHistory.NONE);
        Arrays.fill(nextCredit, AccountHistory.NONE);
    }

    /** Whether a reference found in the index names a burned id rather than a transfer. */
    boolean isOrphan(final int reference)
    {
        return reference >= count && (reference < capacity || ghostOrphan[reference - capacity]);
    }

    /** Whether a reference names a record on loan from another shard. */
    boolean isGhost(final int reference)
    {
        return reference >= capacity;
    }

    int capacity()
    {
        return capacity;
    }

    @Override
    boolean keyEquals(final int reference, final long idLo, final long idHi)
    {
        final int base = reference * RECORD_LONGS;
        return records[base + ID_LO] == idLo && records[base + ID_HI] == idHi;
    }

    static int base(final int reference)
    {
        return reference * RECORD_LONGS;
    }

    int count()
    {
        return count;
    }

    int orphanCount()
    {
        return orphanCount;
    }

    /** Ids still free: created transfers and burned ids share the capacity. */
    int remaining()
    {
        return capacity - count - orphanCount;
    }

    int flags(final int reference)
    {
        return (int)(records[base(reference) + LEDGER_CODE_FLAGS] >>> 48);
    }

    int code(final int reference)
    {
        return (int)(records[base(reference) + LEDGER_CODE_FLAGS] >>> 32) & 0xFFFF;
    }

    int ledger(final int reference)
    {
        return (int)records[base(reference) + LEDGER_CODE_FLAGS];
    }

    long timeout(final int reference)
    {
        return records[base(reference) + USER_DATA_32_TIMEOUT] >>> 32;
    }

    int userData32(final int reference)
    {
        return (int)records[base(reference) + USER_DATA_32_TIMEOUT];
    }

    long timestamp(final int reference)
    {
        return records[base(reference) + TIMESTAMP];
    }

    int debitAccount(final int reference)
    {
        return (int)records[base(reference) + ACCOUNTS];
    }

    int creditAccount(final int reference)
    {
        return (int)(records[base(reference) + ACCOUNTS] >>> 32);
    }

    /**
     * Appends a transfer; the caller fills the list links and history fields.
     *
     * @return its reference.
     */
    int append(final long idLo, final long idHi, final long timestamp)
    {
        final int reference = count;
        final int base = base(reference);
        records[base + ID_LO] = idLo;
        records[base + ID_HI] = idHi;
        records[base + TIMESTAMP] = timestamp;
        status[reference] = STATUS_NONE;
        insert(idLo, idHi, reference);
        count = reference + 1;
        return reference;
    }

    /**
     * Drops the newest transfer from the store and the index: the undo of its creation.
     */
    void removeNewest()
    {
        final int reference = count - 1;
        final int base = base(reference);
        removeNewest(records[base + ID_LO], records[base + ID_HI], reference);
        count = reference;
    }

    /**
     * Burns an id that failed for a transient reason, so that it later answers {@code id_already_failed}.
     */
    void addOrphan(final long idLo, final long idHi)
    {
        final int reference = capacity - 1 - orphanCount;
        final int base = base(reference);
        records[base + ID_LO] = idLo;
        records[base + ID_HI] = idHi;
        insert(idLo, idHi, reference);
        orphanCount++;
    }

    /** Marks a ghost slot as holding a burned id (true) or a transfer (false). */
    void setGhostOrphan(final int reference, final boolean orphan)
    {
        ghostOrphan[reference - capacity] = orphan;
    }

    /**
     * The reference of the first transfer whose timestamp is at least {@code timestamp}, or {@link #count()}.
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

    /**
     * Snapshot: the records of the live transfers; the burned ids, oldest first (only their ids: the rest of a
     * burned record is never read, and may hold what a rolled-back transfer left there); the status bytes and
     * next links of the live transfers; the whole index.
     */
    void writeSnapshot(final SnapshotEncoder encoder)
    {
        encoder.putLongs(records, 0, count * RECORD_LONGS);
        for (int i = 0; i < orphanCount; i++)
        {
            final int base = base(capacity - 1 - i);
            encoder.putLong(records[base + ID_LO]);
            encoder.putLong(records[base + ID_HI]);
        }
        encoder.putBytes(status, 0, count);
        encoder.putInts(nextDebit, 0, count);
        encoder.putInts(nextCredit, 0, count);
        writeSlots(encoder);
    }

    /**
     * Restore into a new store; the counts are already checked against the capacity. The index is re-built when
     * its slots were placed by an older hash.
     */
    void readSnapshot(
        final SnapshotDecoder decoder, final int count, final int orphanCount, final boolean placedByThisHash)
    {
        decoder.getLongs(records, 0, count * RECORD_LONGS);
        for (int i = 0; i < orphanCount; i++)
        {
            final int base = base(capacity - 1 - i);
            records[base + ID_LO] = decoder.getLong();
            records[base + ID_HI] = decoder.getLong();
        }
        decoder.getBytes(status, 0, count);
        decoder.getInts(nextDebit, 0, count);
        decoder.getInts(nextCredit, 0, count);
        if (!readSlots(decoder, placedByThisHash))
        {
            for (int reference = 0; reference < count; reference++)
            {
                insert(records[base(reference) + ID_LO], records[base(reference) + ID_HI], reference);
            }
            for (int i = 0; i < orphanCount; i++)
            {
                final int reference = capacity - 1 - i;
                insert(records[base(reference) + ID_LO], records[base(reference) + ID_HI], reference);
            }
        }
        this.count = count;
        this.orphanCount = orphanCount;
    }

    long footprintBytes()
    {
        return (long)records.length * Long.BYTES + status.length + 2L * Integer.BYTES * capacity +
            indexFootprintBytes();
    }
}
