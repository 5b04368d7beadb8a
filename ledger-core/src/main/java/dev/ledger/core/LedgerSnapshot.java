package dev.ledger.core;

/**
 * The snapshot format of a {@link Ledger}: everything that survives from one batch to the next, little-endian,
 * in this order (README "Snapshots"):
 * <ol>
 * <li>header: magic, format version, the three capacities of {@link LedgerConfig}, the counts (accounts,
 * transfers, burned ids, balance snapshots, scheduled expiries) as ints; the last timestamp and the state
 * hash as longs;</li>
 * <li>{@link AccountStore}: the live records, then the whole id-index slot array;</li>
 * <li>{@link TransferStore}: the live records, the burned ids (two longs each, oldest first), the live status
 * bytes, next-debit and next-credit links, then the whole id-index slot array;</li>
 * <li>{@link AccountHistory}: the balance snapshots taken;</li>
 * <li>{@link ExpiryQueue}: the heap's deadlines and references as laid out;</li>
 * <li>the end marker.</li>
 * </ol>
 * Not in it, because nothing of them lives from one batch to the next: {@link ChainScope} (its undo log is
 * emptied when a chain persists or is discarded, and every chain closes within its batch; a snapshot is refused
 * while one is open), {@link BatchPrefetcher} (its scratch is refilled for every chunk of a batch and its
 * answers decide nothing) and the scratch {@link QueryBounds} of queries. Records past the live prefixes are not written
 * either: no read goes there, and leaving them out makes the snapshot a function of the state alone.
 * <p>
 * The journal around it adds a file header and a checksum; reading checks the structure (magic, version,
 * capacities, counts, end marker) and cheap invariants, and fails with an {@link IllegalArgumentException} naming
 * what is wrong, but trusts the checksum for the contents of records and slots.
 */
final class LedgerSnapshot
{
    /** "LSNP" as little-endian bytes. */
    static final int MAGIC = 0x504E_534C;
    /**
     * Bumped on any change to what is written or to what it means: the layout, a record layout, the id-index
     * hash or slot encoding, the heap order, the state hash. A reader accepts its own version and those listed
     * below.
     */
    static final int VERSION = 5;
    /**
     * Version 1: as 3, but the id indexes placed each id by a hash of the whole id; read by re-inserting the ids
     * (the index of a restored ledger is then laid out as if the ids had been created in reference order).
     */
    static final int VERSION_WHOLE_ID_HASH = 1;
    /** Version 2: as 3, but the id indexes' blocks held 8 ids, not 16; read by re-inserting the ids. */
    static final int VERSION_BLOCKS_OF_8 = 2;
    /**
     * Version 3: as 4, but the account records' fields in the order of {@link AccountStore#LAYOUT_V3}; read by
     * moving them.
     */
    static final int VERSION_ACCOUNT_LAYOUT_3 = 3;
    /** Version 4: as 5, but the id indexes probed slot after slot; read by re-inserting the ids. */
    static final int VERSION_LINEAR_PROBING = 4;
    /** "LEND" as little-endian bytes: catches a reader and a writer that disagree on the layout. */
    static final int END_MAGIC = 0x444E_454C;
    /** Bytes of the header before the first section. */
    static final int HEADER_LENGTH = 10 * Integer.BYTES + 2 * Long.BYTES;

    private final LedgerConfig config;
    private final AccountStore accounts;
    private final TransferStore transfers;
    private final AccountHistory history;
    private final ExpiryQueue expiries;
    private final StateHash hash;
    private final ChainScope scope;

    LedgerSnapshot(
        final LedgerConfig config,
        final AccountStore accounts,
        final TransferStore transfers,
        final AccountHistory history,
        final ExpiryQueue expiries,
        final StateHash hash,
        final ChainScope scope)
    {
        this.config = config;
        this.accounts = accounts;
        this.transfers = transfers;
        this.history = history;
        this.expiries = expiries;
        this.hash = hash;
        this.scope = scope;
    }

    /**
     * Writes the state as it is between batches.
     *
     * @return bytes written.
     */
    long write(final SnapshotSink sink, final long lastTimestamp)
    {
        if (scope.isOpen())
        {
            throw new IllegalStateException("snapshot inside a linked chain: take it between batches");
        }
        final SnapshotEncoder encoder = new SnapshotEncoder(sink);
        encoder.putInt(MAGIC);
        encoder.putInt(VERSION);
        encoder.putInt(config.accountsMax());
        encoder.putInt(config.transfersMax());
        encoder.putInt(config.historyMax());
        encoder.putInt(accounts.count());
        encoder.putInt(transfers.count());
        encoder.putInt(transfers.orphanCount());
        encoder.putInt(history.snapshotCount());
        encoder.putInt(expiries.size());
        encoder.putLong(lastTimestamp);
        encoder.putLong(hash.value());
        accounts.writeSnapshot(encoder);
        transfers.writeSnapshot(encoder);
        history.writeSnapshot(encoder);
        expiries.writeSnapshot(encoder);
        encoder.putInt(END_MAGIC);
        encoder.finish();
        return encoder.bytesWritten();
    }

    /**
     * Reads a snapshot into this snapshot's new, empty stores.
     *
     * @return the last timestamp.
     * @throws IllegalArgumentException if the bytes are not a snapshot of this version and configuration.
     */
    long read(final SnapshotSource source)
    {
        final SnapshotDecoder decoder = new SnapshotDecoder(source);
        final int magic = decoder.getInt();
        if (magic != MAGIC)
        {
            throw new IllegalArgumentException(String.format(
                "not a ledger snapshot: magic 0x%08x, expected 0x%08x", magic, MAGIC));
        }
        final int version = decoder.getInt();
        if (version < VERSION_WHOLE_ID_HASH || version > VERSION)
        {
            throw new IllegalArgumentException(
                "unsupported snapshot format version " + version + ": this build reads versions " +
                VERSION_WHOLE_ID_HASH + " to " + VERSION);
        }
        requireConfig(decoder.getInt(), decoder.getInt(), decoder.getInt());
        final int accountCount = requireCount("account count", decoder.getInt(), config.accountsMax());
        final int transferCount = requireCount("transfer count", decoder.getInt(), config.transfersMax());
        final int orphanCount = requireCount(
            "burned id count", decoder.getInt(), config.transfersMax() - transferCount);
        final int snapshotCount = requireCount("balance snapshot count", decoder.getInt(), config.historyMax());
        final int expiryCount = requireCount("expiry count", decoder.getInt(), transferCount);
        final long lastTimestamp = decoder.getLong();
        if (lastTimestamp < 0)
        {
            throw new IllegalArgumentException("snapshot last timestamp is negative: " + lastTimestamp);
        }
        final long hashValue = decoder.getLong();

        final boolean slotsPlacedByThisHash = version > VERSION_LINEAR_PROBING;
        accounts.readSnapshot(decoder, accountCount, slotsPlacedByThisHash, version <= VERSION_ACCOUNT_LAYOUT_3);
        transfers.readSnapshot(decoder, transferCount, orphanCount, slotsPlacedByThisHash);
        history.readSnapshot(decoder, snapshotCount);
        expiries.readSnapshot(decoder, expiryCount, transferCount);
        final long endPosition = decoder.bytesRead();
        final int end = decoder.getInt();
        if (end != END_MAGIC)
        {
            throw new IllegalArgumentException(String.format(
                "snapshot end marker missing at byte %d: 0x%08x, expected 0x%08x", endPosition, end, END_MAGIC));
        }
        if (lastTimestamp < accounts.lastTimestamp() || lastTimestamp < transfers.lastTimestamp())
        {
            throw new IllegalArgumentException("snapshot last timestamp " + lastTimestamp + " is below a record's: " +
                "account " + accounts.lastTimestamp() + ", transfer " + transfers.lastTimestamp());
        }
        hash.restore(hashValue);
        return lastTimestamp;
    }

    private void requireConfig(final int accountsMax, final int transfersMax, final int historyMax)
    {
        if (accountsMax != config.accountsMax() || transfersMax != config.transfersMax() ||
            historyMax != config.historyMax())
        {
            throw new IllegalArgumentException("snapshot capacities (accountsMax=" + accountsMax + ", transfersMax=" +
                transfersMax + ", historyMax=" + historyMax + ") differ from the configured (accountsMax=" +
                config.accountsMax() + ", transfersMax=" + config.transfersMax() + ", historyMax=" +
                config.historyMax() + "): restore needs the configuration the snapshot was taken with");
        }
    }

    private static int requireCount(final String name, final int count, final int max)
    {
        if (count < 0 || count > max)
        {
            throw new IllegalArgumentException("snapshot " + name + " " + count + " is outside 0.." + max);
        }
        return count;
    }
}
