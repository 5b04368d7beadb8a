package dev.ledger.journal;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import dev.ledger.journal.chronicle.ChronicleLog;

/**
 * Streams journal entries in order from any index, checking each one: its framing and checksum, its index,
 * its link to the previous entry's checksum, and that log positions grow. Void entries before a
 * {@link EntryKind#CUT} are skipped, and the cut itself is not returned.
 * <p>
 * Corruption is reported as a {@link JournalException} naming the exact index and what is wrong; an invalid
 * entry at the very end that no cut covers yet is reported as a torn tail.
 * <p>
 * Works in any process, beside a live writer: {@link #refresh()} picks up entries appended since.
 */
public final class JournalReader implements AutoCloseable
{
    private final ChronicleLog log;
    private final ChronicleLog.Cursor cursor;
    private final byte[] bytes = new byte[JournalEntry.LENGTH_MAX];
    private final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
    private final CRC32C crc = new CRC32C();
    private final JournalEntry probe = new JournalEntry();
    private long position;
    private boolean anchored;
    private long anchorChecksum;
    private long lastLogPosition = -1;
    private long voidCount;

    private JournalReader(final ChronicleLog log)
    {
        this.log = log;
        this.cursor = log.cursor();
    }

    /**
     * Opens a journal directory for reading.
     *
     * @param directory the journal's directory.
     * @return a reader positioned at index 0.
     * @throws JournalException when the directory holds no journal.
     */
    public static JournalReader open(final Path directory)
    {
        JournalMetadata.read(directory);
        final Path queue = JournalMetadata.queueDirectory(directory);
        if (!Files.isDirectory(queue))
        {
            throw new JournalException(-1, "journal " + directory + " has no entries directory " + queue, null);
        }
        final JournalReader reader = new JournalReader(ChronicleLog.openForRead(queue));
        reader.seek(0);
        return reader;
    }

    /** @return entries in the journal (void ones and cuts included) as last counted. */
    public long count()
    {
        return log.count();
    }

    /** Counts entries appended since opening or the last refresh. */
    public void refresh()
    {
        log.rescan();
    }

    /** @return the index of the entry the next call to {@link #next} examines. */
    public long position()
    {
        return position;
    }

    /** @return how many void entries have been skipped so far. */
    public long voidCount()
    {
        return voidCount;
    }

    /**
     * Positions the reader so that the next entry returned is the one at {@code index} (or the first sound one
     * after it, if it is void). The link of that first entry to its predecessor is checked when the predecessor
     * is sound.
     *
     * @param index a journal index, 0..{@link #count()}.
     * @return false when there is no such index.
     */
    public boolean seek(final long index)
    {
        anchored = false;
        lastLogPosition = -1;
        if (index > 0 && cursor.seek(index - 1))
        {
            final int length = cursor.read(bytes);
            if (length > 0 && probe.wrap(buffer, 0, length).validate(crc) == null && probe.index() == index - 1)
            {
                anchored = true;
                anchorChecksum = probe.checksum();
                lastLogPosition = probe.logPosition();
            }
        }
        else if (index == 0)
        {
            anchored = true;
            anchorChecksum = 0;
        }
        position = index;
        return cursor.seek(index);
    }

    /**
     * Reads the next sound entry into {@code entry} (valid until the next call).
     *
     * @param entry the view to point at it.
     * @return false at the end of the journal.
     * @throws JournalException at the first corrupt entry, with its index.
     */
    public boolean next(final JournalEntry entry)
    {
        return next(entry, false);
    }

    /**
     * As {@link #next(JournalEntry)}, but also returns a sound {@link EntryKind#CUT} entry (checked as any other):
     * a snapshot taken right after a writer cut a torn tail covers the cut's index.
     */
    boolean nextIncludingCuts(final JournalEntry entry)
    {
        return next(entry, true);
    }

    private boolean next(final JournalEntry entry, final boolean includeCuts)
    {
        while (true)
        {
            final long index = position;
            final int length = cursor.read(bytes);
            if (length == ChronicleLog.END && index < log.count())
            {
                // Chronicle counted this record (its framing says it is there) but will not hand it out, e.g.
                // because its header has been flagged as still being written.
                throw new JournalException(index, "entry is missing: the queue counts " + log.count() +
                    " entries but reading ends before this one" + tornOrNot(index), null);
            }
            if (length == ChronicleLog.END)
            {
                return false;
            }
            if (length == ChronicleLog.UNREADABLE)
            {
                throw new JournalException(index, "entry is unreadable: " + cursor.failure() +
                    tornOrNot(index), null);
            }
            position++;
            final String problem = length < 0 ?
                "entry is longer than the longest entry (" + JournalEntry.LENGTH_MAX + " bytes)" :
                check(entry.wrap(buffer, 0, length), index);
            if (problem != null)
            {
                skipToCut(index, problem, entry);
                continue;
            }
            anchored = true;
            anchorChecksum = entry.checksum();
            if (entry.kind() == EntryKind.CUT)
            {
                if (includeCuts)
                {
                    return true;
                }
                continue;
            }
            lastLogPosition = entry.logPosition();
            return true;
        }
    }

    private String check(final JournalEntry entry, final long index)
    {
        final String invalid = entry.validate(crc);
        if (invalid != null)
        {
            return invalid;
        }
        if (entry.index() != index)
        {
            return "entry says it is index " + entry.index();
        }
        if (anchored && entry.previousChecksum() != anchorChecksum)
        {
            return "chain broken: it links to checksum " + Long.toHexString(entry.previousChecksum()) +
                " but the entry before it has " + Long.toHexString(anchorChecksum);
        }
        final boolean cut = entry.kind() == EntryKind.CUT;
        if (cut ? entry.logPosition() < lastLogPosition : entry.logPosition() <= lastLogPosition)
        {
            return "log position " + entry.logPosition() + " does not follow " + lastLogPosition;
        }
        return null;
    }

    private void skipToCut(final long badIndex, final String problem, final JournalEntry entry)
    {
        while (true)
        {
            final long index = position;
            final int length = cursor.read(bytes);
            if (length == ChronicleLog.END || length == ChronicleLog.UNREADABLE)
            {
                throw new JournalException(badIndex, problem + tornOrNot(badIndex), null);
            }
            position++;
            if (length > 0 && entry.wrap(buffer, 0, length).validate(crc) == null &&
                entry.kind() == EntryKind.CUT && entry.index() == index && entry.voidFromIndex() <= badIndex &&
                (!anchored || entry.previousChecksum() == anchorChecksum))
            {
                voidCount += index - entry.voidFromIndex();
                anchored = true;
                anchorChecksum = entry.checksum();
                return;
            }
        }
    }

    /**
     * @param badIndex the first bad entry.
     * @return whether it is a torn tail (the bad entry is the last the queue counts), in words.
     */
    private String tornOrNot(final long badIndex)
    {
        return badIndex >= log.count() - 1 ?
            " (torn tail: the writer cuts it when it next opens the journal)" : " (and no cut after it)";
    }

    @Override
    public void close()
    {
        cursor.close();
        log.close();
    }
}
