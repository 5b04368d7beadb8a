package dev.ledger.server.service;

import dev.ledger.core.SnapshotSink;
import dev.ledger.core.SnapshotSource;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The ledger state the service applies committed log messages to and answers queries from, on the service
 * thread: one plain ledger ({@link SingleLedgerEngine}), or account shards on their own threads
 * ({@link ShardedEngine}). Both decide every event exactly as one ledger would; they differ in what each
 * journal entry's state hash is ({@link #journalHash()}).
 */
public interface LedgerEngine extends AutoCloseable
{
    /**
     * Applies a create batch.
     *
     * @return its {@code BatchStatus}; when OK, one result code per event in {@code results}.
     */
    int create(boolean transfers, long timestampNs, DirectBuffer events, int offset, int count,
        MutableDirectBuffer results);

    /** Expires what is due at a cluster time; returns how many pending transfers expired. */
    int expire(long timestampNs);

    /** The earliest scheduled expiry deadline, {@link Long#MAX_VALUE} if none. */
    long nextExpiryTimestampNs();

    /**
     * The state hash each journal entry records after everything applied so far: the ledger's state hash with one
     * ledger ({@code JournalHash.LEDGER}), the results chain with shards ({@code JournalHash.RESULTS}).
     */
    long journalHash();

    int lookup(boolean transfers, DirectBuffer ids, int offset, int count, MutableDirectBuffer output, int outOffset);

    int accountRows(boolean balances, DirectBuffer filter, int offset, MutableDirectBuffer output, int outOffset);

    int query(boolean transfers, DirectBuffer filter, int offset, MutableDirectBuffer output, int outOffset);

    long accountCount();

    /** Transfers stored (with shards, one between two shards counts on both). */
    long transferCount();

    /** Writes the whole state, between messages; returns its length in bytes. */
    long writeSnapshot(SnapshotSink sink);

    /** Restores the whole state, before the first message; the engine must be new. */
    void readSnapshot(SnapshotSource source);

    /** One line for the logs: the split, and the state's size and hash. */
    String describe();

    @Override
    void close();
}
