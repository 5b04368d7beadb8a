package dev.ledger.journal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ledger.core.BatchStatus;
import dev.ledger.core.LedgerLimits;
import dev.ledger.journal.chronicle.ChronicleLog;

/**
 * The writer of a journal: appends one entry per applied log message, chained by checksums, and commits
 * groups of entries at the durability of its {@link Durability}.
 * <p>
 * Usage on the applying thread: apply a log message, {@code append...} its entry, repeat for the messages at
 * hand, {@link #commit()} once, then acknowledge their results. An append whose log position is not greater
 * than the last journaled one is skipped (it was journaled before a restart), so replaying the replicated log
 * never writes an entry twice.
 * <p>
 * Opening cuts a torn tail: entries after the newest sound one are declared void by a {@link EntryKind#CUT}
 * entry, and the chain resumes from the sound one. Any failed write makes the journal refuse all further
 * calls with a {@link JournalException}, so that nothing is acknowledged past it.
 * <p>
 * Not thread-safe: one writer thread; readers use {@link JournalReader}. Only {@link #committedIndex()} may be
 * read from any thread: a reader in the writer's process that reads no further than it never meets an entry
 * still being written, nor one not yet durable at the journal's {@link Durability}.
 */
public final class Journal implements AutoCloseable
{
    /** Returned by the append methods when the log position was journaled already. */
    public static final long NOT_APPENDED = -1;

    /**
     * Entries at the end of the journal checked (framing, checksum and chain) on open: enough to hold any group
     * that was not yet committed when the machine stopped. Older damage is the verifier's to find.
     */
    static final int TAIL_CHECK_ENTRIES = 64;

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    private final ChronicleLog log;
    private final Durability durability;
    private final ByteBuffer stagingBytes = BufferUtil.allocateDirectAligned(
        BitUtil.align(JournalEntry.LENGTH_MAX, 4096), 4096);
    private final UnsafeBuffer staging = new UnsafeBuffer(stagingBytes);
    private final JournalEntry entry = new JournalEntry();
    private final CRC32C crc = new CRC32C();
    private long nextIndex;
    private long lastChecksum;
    private long lastLogPosition = -1;
    private long lastStateHash;
    /** Written by the writer thread only; volatile so that readers on other threads can stay behind it. */
    private volatile long committedIndex = -1;
    private long syncCount;
    private Throwable failure;

    private Journal(final JournalContext context)
    {
        JournalMetadata.createOrCheck(context.directory(), context.ledgerConfig(), context.stateHash());
        log = ChronicleLog.openForAppend(JournalMetadata.queueDirectory(context.directory()),
            context.durability() == Durability.SYNC,
            context.rollCycle());
        durability = context.durability();
        try
        {
            openTail();
        }
        catch (final RuntimeException | Error ex)
        {
            log.close();
            if (ex instanceof JournalException)
            {
                throw (JournalException)ex;
            }
            // E.g. the InternalError of a mapped read past the end of a file truncated in the middle.
            throw new JournalException(-1, "cannot open the journal in " + context.directory() + " for appending: " +
                ex + " (verify it with 'ledger journal verify')", ex);
        }
    }

    /**
     * Opens (creating if needed) the journal in the context's directory, cutting a torn tail.
     *
     * @param context the settings.
     * @return the journal, ready to append after its last sound entry.
     */
    public static Journal open(final JournalContext context)
    {
        return new Journal(context.conclude());
    }

    private void openTail()
    {
        final long count = log.count();
        final long windowStart = Math.max(0, count - TAIL_CHECK_ENTRIES);
        final byte[] tail = new byte[JournalEntry.LENGTH_MAX];
        final UnsafeBuffer tailBuffer = new UnsafeBuffer(tail);
        long good = -1;
        long goodClusterTimeNs = 0;
        long firstBad = -1;
        boolean anchored = windowStart == 0;
        try (ChronicleLog.Cursor cursor = log.cursor())
        {
            if (windowStart > 0 && cursor.seek(windowStart - 1) && readSound(cursor, tail, tailBuffer, windowStart - 1))
            {
                good = windowStart - 1;
                goodClusterTimeNs = keep(entry);
                anchored = true;
            }
            cursor.seek(windowStart);
            for (long i = windowStart; i < count; i++)
            {
                final boolean sound = readSound(cursor, tail, tailBuffer, i) &&
                    (!anchored || entry.previousChecksum() == lastChecksum);
                if (sound && (firstBad < 0 || entry.kind() == EntryKind.CUT && entry.voidFromIndex() <= firstBad))
                {
                    // In the chain: the next entry, or a cut made at an earlier open that voids the bad ones.
                    good = i;
                    goodClusterTimeNs = keep(entry);
                    anchored = true;
                    firstBad = -1;
                }
                else if (firstBad < 0)
                {
                    // Torn, damaged, or sound alone but linked to a damaged one: from here on nothing chains.
                    firstBad = i;
                }
            }
        }
        nextIndex = count;
        committedIndex = count - 1;
        if (firstBad >= 0)
        {
            LOG.error("journal {}: entries {}..{} are torn or damaged (the chain breaks at {}, the last sound entry " +
                "is {}); cutting them; an entry the node acknowledged among them is gone from this journal and " +
                "comes back only if the replicated log still holds it", durability, firstBad, count - 1, firstBad,
                good);
            appendCut(firstBad, goodClusterTimeNs);
            commit();
        }
    }

    /** Reads entry {@code index} into {@link #entry}: whether it is sound on its own and says it is that index. */
    private boolean readSound(final ChronicleLog.Cursor cursor, final byte[] tail, final UnsafeBuffer tailBuffer,
        final long index)
    {
        final int length = cursor.read(tail);
        return length > 0 && entry.wrap(tailBuffer, 0, length).validate(crc) == null && entry.index() == index;
    }

    /** Makes {@link #entry} the one the chain continues from; returns its cluster time. */
    private long keep(final JournalEntry sound)
    {
        lastChecksum = sound.checksum();
        lastLogPosition = sound.logPosition();
        lastStateHash = sound.stateHash();
        return sound.clusterTimeNs();
    }

    private void appendCut(final long voidFromIndex, final long clusterTimeNs)
    {
        JournalEntry.encodeHeader(staging, EntryKind.CUT, nextIndex, lastLogPosition, clusterTimeNs, lastStateHash,
            lastChecksum, 0, BatchStatus.OK, 0, BitUtil.SIZE_OF_LONG);
        staging.putLong(JournalEntry.HEADER_LENGTH, voidFromIndex, java.nio.ByteOrder.LITTLE_ENDIAN);
        write(JournalEntry.seal(crc, staging, JournalEntry.HEADER_LENGTH + BitUtil.SIZE_OF_LONG), lastLogPosition,
            lastStateHash);
    }

    /**
     * Appends the entry of a create_accounts or create_transfers log message.
     *
     * @param kind          {@link EntryKind#CREATE_ACCOUNTS} or {@link EntryKind#CREATE_TRANSFERS}.
     * @param logPosition   the message's position in the replicated log; must grow from entry to entry.
     * @param clusterTimeNs the message's cluster time.
     * @param events        the events as applied.
     * @param eventsOffset  where they start.
     * @param eventCount    how many, 1..{@link LedgerLimits#BATCH_EVENTS_MAX}.
     * @param batchStatus   what the ledger answered for the batch.
     * @param results       one int result code per event (read only when the status is OK).
     * @param resultsOffset where they start.
     * @param stateHash     the ledger's state hash after applying.
     * @return the entry's journal index, or {@link #NOT_APPENDED} when the position was journaled already.
     */
    public long appendCreate(
        final int kind,
        final long logPosition,
        final long clusterTimeNs,
        final DirectBuffer events,
        final int eventsOffset,
        final int eventCount,
        final int batchStatus,
        final DirectBuffer results,
        final int resultsOffset,
        final long stateHash)
    {
        requireUsable();
        if (kind != EntryKind.CREATE_ACCOUNTS && kind != EntryKind.CREATE_TRANSFERS)
        {
            throw new IllegalArgumentException("not a create kind: " + EntryKind.name(kind));
        }
        if (eventCount < 1 || eventCount > LedgerLimits.BATCH_EVENTS_MAX)
        {
            throw new IllegalArgumentException("event count must be 1.." + LedgerLimits.BATCH_EVENTS_MAX + ": " +
                eventCount);
        }
        if (logPosition <= lastLogPosition)
        {
            return NOT_APPENDED;
        }
        final int eventsLength =
            JournalEntry.encodeEvents(events, eventsOffset, eventCount, staging, JournalEntry.HEADER_LENGTH);
        final int resultsLength = batchStatus == BatchStatus.OK ? eventCount * BitUtil.SIZE_OF_INT : 0;
        JournalEntry.encodeHeader(staging, kind, nextIndex, logPosition, clusterTimeNs, stateHash, lastChecksum,
            eventCount, batchStatus, eventsLength, resultsLength);
        staging.putBytes(JournalEntry.HEADER_LENGTH + eventsLength, results, resultsOffset, resultsLength);
        final int length = JournalEntry.seal(crc, staging, JournalEntry.HEADER_LENGTH + eventsLength + resultsLength);
        return write(length, logPosition, stateHash);
    }

    /**
     * Appends the entry of a log-sequenced expiry of pending transfers.
     *
     * @param logPosition   the timer's position in the replicated log.
     * @param clusterTimeNs its cluster time.
     * @param expiredCount  how many pending transfers expired.
     * @param stateHash     the state hash after.
     * @return the entry's journal index, or {@link #NOT_APPENDED} when the position was journaled already.
     */
    public long appendExpiry(final long logPosition, final long clusterTimeNs, final int expiredCount,
        final long stateHash)
    {
        requireUsable();
        if (logPosition <= lastLogPosition)
        {
            return NOT_APPENDED;
        }
        JournalEntry.encodeHeader(staging, EntryKind.EXPIRE_PENDING_TRANSFERS, nextIndex, logPosition, clusterTimeNs,
            stateHash, lastChecksum, 0, BatchStatus.OK, 0, BitUtil.SIZE_OF_INT);
        staging.putInt(JournalEntry.HEADER_LENGTH, expiredCount, java.nio.ByteOrder.LITTLE_ENDIAN);
        return write(JournalEntry.seal(crc, staging, JournalEntry.HEADER_LENGTH + BitUtil.SIZE_OF_INT), logPosition,
            stateHash);
    }

    private long write(final int length, final long logPosition, final long stateHash)
    {
        final long index = nextIndex;
        try
        {
            final long ordinal = log.append(stagingBytes, length);
            if (ordinal != index)
            {
                throw new IllegalStateException("entry " + index + " landed at position " + ordinal);
            }
        }
        catch (final RuntimeException | Error ex)
        {
            throw fail(index, "append failed", ex);
        }
        lastChecksum = staging.getLong(length - JournalEntry.CHECKSUM_LENGTH, java.nio.ByteOrder.LITTLE_ENDIAN);
        lastLogPosition = logPosition;
        lastStateHash = stateHash;
        nextIndex = index + 1;
        return index;
    }

    /**
     * Makes every entry appended so far durable at this journal's {@link Durability}: one sync for the whole
     * group in {@link Durability#SYNC} mode. Acknowledge results only after this returns.
     */
    public void commit()
    {
        requireUsable();
        if (committedIndex == nextIndex - 1)
        {
            return;
        }
        try
        {
            log.sync();
        }
        catch (final RuntimeException | Error ex)
        {
            throw fail(nextIndex - 1, "sync failed", ex);
        }
        if (durability == Durability.SYNC)
        {
            syncCount++;
        }
        committedIndex = nextIndex - 1;
    }

    private JournalException fail(final long index, final String what, final Throwable cause)
    {
        failure = cause;
        LOG.error("journal {} at index {}: it refuses all further writes", what, index, cause);
        return new JournalException(index, what + ": " + cause, cause);
    }

    private void requireUsable()
    {
        if (failure != null)
        {
            throw new JournalException(nextIndex, "an earlier write failed; the journal takes no more: " + failure,
                failure);
        }
    }

    /** @return the index the next entry gets (the number of entries, void ones and cuts included). */
    public long nextIndex()
    {
        return nextIndex;
    }

    /**
     * Safe to call from any thread.
     *
     * @return the newest index made durable by {@link #commit()}, or -1.
     */
    public long committedIndex()
    {
        return committedIndex;
    }

    /** @return the log position of the newest entry, or -1 for an empty journal. */
    public long lastLogPosition()
    {
        return lastLogPosition;
    }

    /** @return the state hash recorded by the newest entry (0 for an empty journal). */
    public long lastStateHash()
    {
        return lastStateHash;
    }

    /** @return the checksum of the newest entry, the next entry's link (0 for an empty journal). */
    public long lastChecksum()
    {
        return lastChecksum;
    }

    /** @return how many disk syncs this writer performed (always 0 in {@link Durability#OS} mode). */
    public long syncCount()
    {
        return syncCount;
    }

    public Durability durability()
    {
        return durability;
    }

    @Override
    public void close()
    {
        log.close();
    }
}
