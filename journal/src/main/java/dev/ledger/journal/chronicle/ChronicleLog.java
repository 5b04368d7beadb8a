package dev.ledger.journal.chronicle;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.text.ParseException;
import java.util.Arrays;

import org.agrona.BufferUtil;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.LargeRollCycles;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.posix.MAdviseFlag;
import net.openhft.posix.PosixAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sequence of opaque byte records on a Chronicle queue, addressed by ordinal (0, 1, 2, ... over all cycle
 * files). It is the only class that touches Chronicle: the journal above it owns the entry format, the
 * checksums and the meaning of the records.
 * <p>
 * Chronicle rolls to a new file per cycle of wall-clock time; that decides file names only. Ordinals are
 * derived from the per-cycle excerpt counts, so they never depend on when an entry was written.
 * <p>
 * One writer at a time per directory (Chronicle's append lock); any number of readers in any process.
 */
public final class ChronicleLog implements AutoCloseable
{
    /** {@link Cursor#read} at the end of the log. */
    public static final int END = -1;
    /** {@link Cursor#read} of a record longer than the buffer. */
    public static final int TOO_LONG = -2;
    /** {@link Cursor#read} of a record Chronicle could not read: damaged framing or a truncated file. */
    public static final int UNREADABLE = -3;

    /** Chronicle's record header: the length in the low 30 bits, then the metadata and not-complete flags. */
    private static final int NOT_COMPLETE = 0x80000000;
    private static final int META_DATA = 0x40000000;
    private static final int LENGTH_MASK = 0x3FFFFFFF;
    /** The first 4 bytes of every journal entry (JournalEntry.MAGIC): tells an entry from Chronicle's metadata. */
    private static final int ENTRY_MAGIC = 0x4E524A4C;

    private static final Logger LOG = LoggerFactory.getLogger(ChronicleLog.class);

    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final ExcerptTailer counter;
    private final boolean syncToDisk;
    private File syncedFile;
    /** Position in {@link #cycles} of the cycle current at the last sync (-1 before any). */
    private int firstUnsyncedCycle = -1;
    private FileChannel syncedChannel;
    private int[] cycles = new int[16];
    private long[] cycleFirstOrdinals = new long[16];
    private int cycleCount;
    private long count;
    private long readableLimit = Long.MAX_VALUE;
    /** Where the last framing walk stopped: its cycle, the file position of the next header, records before it. */
    private int walkedCycle = Integer.MIN_VALUE;
    private long walkedPosition;
    private long walkedRecords;
    /** The appender's chunk last given {@link #adviseNoReadAhead}. */
    private BytesStore<?, ?> advisedChunk;
    private boolean adviceUnavailable;
    private boolean adviceFailureLogged;

    private ChronicleLog(final Path directory, final boolean readOnly, final boolean syncToDisk, final String roll)
    {
        this.syncToDisk = syncToDisk;
        final SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(directory)
            .rollCycle(rollCycle(roll))
            .readOnly(readOnly);
        if (syncToDisk)
        {
            // SYNC makes appender.sync() an msync(MS_SYNC) of the written range; ASYNC would be a no-op on Linux.
            builder.syncMode(SyncMode.SYNC);
        }
        queue = builder.build();
        ExcerptAppender createdAppender = null;
        ExcerptTailer createdCounter = null;
        try
        {
            createdAppender = readOnly ? null : queue.createAppender();
            createdCounter = queue.createTailer();
            appender = createdAppender;
            counter = createdCounter;
            if (!readOnly)
            {
                loadPosix();
            }
            rescan();
            firstUnsyncedCycle = cycleCount - 1;
        }
        catch (final RuntimeException | Error ex)
        {
            // Close what was opened: an unclosed queue is otherwise released, with a warning, by its finalizer.
            if (createdCounter != null)
            {
                createdCounter.close();
            }
            if (createdAppender != null)
            {
                createdAppender.close();
            }
            queue.close();
            throw ex;
        }
    }

    /**
     * Opens (creating if needed) a log for appending.
     *
     * @param directory  the queue's directory.
     * @param syncToDisk whether {@link #sync()} must reach the disk.
     * @param roll       file roll cycle: {@code daily}, {@code hourly} or {@code secondly} (tests).
     * @return the log.
     */
    public static ChronicleLog openForAppend(final Path directory, final boolean syncToDisk, final String roll)
    {
        return new ChronicleLog(directory, false, syncToDisk, roll);
    }

    /**
     * Opens an existing log for reading only.
     *
     * @param directory the queue's directory.
     * @return the log.
     */
    public static ChronicleLog openForRead(final Path directory)
    {
        return new ChronicleLog(directory, true, false, "daily");
    }

    private static RollCycle rollCycle(final String roll)
    {
        switch (roll)
        {
            case "daily":
                return LargeRollCycles.LARGE_DAILY;
            case "hourly":
                return LargeRollCycles.LARGE_HOURLY;
            case "secondly":
                return TestRollCycles.TEST_SECONDLY;
            default:
                throw new IllegalArgumentException("roll cycle must be daily, hourly or secondly: " + roll);
        }
    }

    /**
     * Re-reads the cycle files and their excerpt counts (for a reader following a log another process appends to).
     * The framing walk of a reader resumes where the previous one stopped, so a reader that follows a live writer
     * pays for the records appended since, not for the whole log.
     */
    public void rescan()
    {
        cycleCount = 0;
        count = 0;
        readableLimit = Long.MAX_VALUE;
        if (queue.firstIndex() == Long.MAX_VALUE)
        {
            return;
        }
        final int last = queue.lastCycle();
        int cycle = queue.firstCycle();
        while (true)
        {
            addCycle(cycle, count);
            final long framed = framedRecords(cycle);
            if (framed >= 0)
            {
                // The file's framing runs past its end: count up to the record it tears, and read no further.
                count += framed + 1;
                readableLimit = count - 1;
                break;
            }
            count += counter.excerptsInCycle(cycle);
            if (cycle >= last)
            {
                break;
            }
            try
            {
                final int next = queue.nextCycle(cycle, TailerDirection.FORWARD);
                if (next == Integer.MIN_VALUE || next <= cycle)
                {
                    break;
                }
                cycle = next;
            }
            catch (final ParseException ex)
            {
                throw new IllegalStateException("unreadable cycle file name after cycle " + cycle, ex);
            }
        }
    }

    /**
     * Walks a cycle file's record framing (Chronicle's 4-byte headers: length in the low 30 bits, then the
     * metadata and not-complete flags) with plain reads, before Chronicle maps any of it: in a file truncated or
     * damaged so that a record runs past the end of the file, a mapped read there faults the JVM asynchronously
     * (SIGBUS), which no caller can handle.
     * <p>
     * Records walked before are not walked again: a cycle before the one the last walk stopped in was walked
     * to its end (a writer appends only to the newest cycle), and the walk of that one resumes at its next header.
     *
     * @return -1 when the framing is within the file, else how many data records lie wholly before the tear.
     */
    private long framedRecords(final int cycle)
    {
        if (appender != null || cycle < walkedCycle)
        {
            return -1;
        }
        final File file = cycleFile(cycle);
        if (!file.isFile())
        {
            return -1;
        }
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file.toPath()))
        {
            final long size = channel.size();
            final ByteBuffer word = ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            final boolean resume = cycle == walkedCycle;
            long position = resume ? walkedPosition : 0;
            long records = resume ? walkedRecords : 0;
            walkedCycle = cycle;
            while (position + 4 <= size)
            {
                // Each stop remembers the header it stopped at: the next walk starts there.
                walkedPosition = position;
                walkedRecords = records;
                word.clear();
                channel.read(word, position);
                final int header = word.getInt(0);
                if (header == 0)
                {
                    return -1;
                }
                final long end = position + 4 + (header & LENGTH_MASK);
                if ((header & NOT_COMPLETE) != 0)
                {
                    // A writer's unfinished last record has no length yet. One with a length, holding one of our
                    // entries or followed by more records, is a finished record whose flag bit got flipped.
                    final boolean finished = end > position + 4 && end <= size &&
                        (readInt(channel, word, position + 4) == ENTRY_MAGIC ||
                        readInt(channel, word, (end + 3) & ~3L) != 0);
                    return finished ? records : -1;
                }
                if (end > size)
                {
                    return records;
                }
                if ((header & META_DATA) != 0)
                {
                    if (end >= position + 8 && readInt(channel, word, position + 4) == ENTRY_MAGIC)
                    {
                        // One of our entries marked as Chronicle metadata (a flipped flag bit): Chronicle would
                        // skip it silently, so the count stops here and the reader reports it.
                        return records;
                    }
                }
                else
                {
                    records++;
                }
                position = (end + 3) & ~3L;
            }
            walkedPosition = position;
            walkedRecords = records;
            return -1;
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException("cannot read " + file, ex);
        }
    }

    /** @return the file Chronicle keeps a cycle's records in. */
    private File cycleFile(final int cycle)
    {
        final RollCycle roll = queue.rollCycle();
        final java.time.format.DateTimeFormatter format = java.time.format.DateTimeFormatter.ofPattern(roll.format())
            .withZone(java.time.ZoneOffset.UTC);
        return new File(queue.file(),
            format.format(java.time.Instant.ofEpochMilli((long)cycle * roll.lengthInMillis())) + ".cq4");
    }

    private static int readInt(final java.nio.channels.FileChannel channel, final ByteBuffer word, final long position)
        throws java.io.IOException
    {
        word.clear();
        return channel.read(word, position) == 4 ? word.getInt(0) : 0;
    }

    private void addCycle(final int cycle, final long firstOrdinal)
    {
        if (cycleCount == cycles.length)
        {
            cycles = Arrays.copyOf(cycles, cycleCount * 2);
            cycleFirstOrdinals = Arrays.copyOf(cycleFirstOrdinals, cycleCount * 2);
        }
        cycles[cycleCount] = cycle;
        cycleFirstOrdinals[cycleCount] = firstOrdinal;
        cycleCount++;
    }

    /**
     * @return records in the log, as last counted by this instance.
     */
    public long count()
    {
        return count;
    }

    /**
     * Appends one record: the bytes of {@code source} from 0 to {@code length}. It is readable by others
     * when this returns; durable against power loss only after {@link #sync()}.
     *
     * @param source a direct buffer holding the record.
     * @param length the record's length.
     * @return the record's ordinal.
     */
    public long append(final ByteBuffer source, final int length)
    {
        try (DocumentContext document = appender.writingDocument())
        {
            final Bytes<?> bytes = document.wire().bytes();
            bytes.unsafeWrite(BufferUtil.address(source), length);
            adviseNoReadAhead(bytes.bytesStore());
        }
        final long index = appender.lastIndexAppended();
        final int cycle = queue.rollCycle().toCycle(index);
        if (cycleCount == 0 || cycles[cycleCount - 1] != cycle)
        {
            addCycle(cycle, count);
        }
        final long ordinal = cycleFirstOrdinals[cycleCount - 1] + queue.rollCycle().toSequenceNumber(index);
        if (ordinal != count)
        {
            throw new IllegalStateException("log ordinal " + ordinal + " where " + count + " was expected");
        }
        count++;
        return ordinal;
    }

    /** Loads the POSIX binding now, not at the first append (on the node's service thread). */
    private void loadPosix()
    {
        try
        {
            PosixAPI.posix();
        }
        catch (final RuntimeException | LinkageError ex)
        {
            adviceUnavailable = true;
            LOG.warn("journal: no POSIX binding ({}); appends may stall while the kernel zero-fills read-ahead " +
                "windows", ex.toString());
        }
    }

    /**
     * Tells the kernel not to read ahead around page faults in the appender's current memory-mapped chunk (once
     * per chunk). Appending through a mapping writes into the file's holes, and a fault there makes the kernel
     * "read" (zero-fill) the whole read-ahead window around it in one go: with the 2-vCPU VM's 8 MiB window that
     * was ~30 ms of kernel time on the appending thread every ~6 s at 1.4 MB/s, which no other thread could
     * preempt (with the advice, the same writes never stalled 2 ms). The advice covers exactly the chunk's
     * mapping ({@code address} is where it starts; {@code realCapacity()} is the file position where it ends, so
     * its length is that minus {@code start()}); this log's own tailers share the mappings, other readers do not.
     * Best effort: a failed call is logged (once) and appending works as before.
     */
    private void adviseNoReadAhead(final BytesStore<?, ?> store)
    {
        if (store == advisedChunk || !(store instanceof MappedBytesStore) || adviceUnavailable)
        {
            return;
        }
        advisedChunk = store;
        final MappedBytesStore chunk = (MappedBytesStore)store;
        try
        {
            final int result = PosixAPI.posix().madvise(chunk.address, chunk.realCapacity() - chunk.start(),
                MAdviseFlag.MADV_RANDOM);
            if (result != 0 && !adviceFailureLogged)
            {
                adviceFailureLogged = true;
                LOG.warn("journal: madvise(MADV_RANDOM) of a {}-byte chunk at file position {} failed: {}; appends " +
                    "may stall while the kernel zero-fills read-ahead windows", chunk.realCapacity() - chunk.start(),
                    chunk.start(), PosixAPI.posix().lastErrorStr());
            }
        }
        catch (final RuntimeException | LinkageError ex)
        {
            adviceUnavailable = true;
            LOG.warn("journal: cannot advise the kernel against read-ahead on the journal's mapping ({}); appends " +
                "may stall while it zero-fills read-ahead windows", ex.toString());
        }
    }

    /**
     * Makes every appended record durable when opened with {@code syncToDisk}, else does nothing (the page cache
     * already survives a process crash). Chronicle's {@code appender.sync()} msyncs only the range written in the
     * current memory-mapped chunk, so the cycle file is also fdatasync'ed (covering a group that crossed a chunk
     * boundary), and a newly rolled file's directory entry is forced too.
     *
     * @throws UncheckedIOException when the disk refuses.
     */
    public void sync()
    {
        if (!syncToDisk)
        {
            return;
        }
        appender.sync();
        try
        {
            // Files the group rolled away from since the last sync: Chronicle's msync covered none of them.
            for (int c = Math.max(0, firstUnsyncedCycle); c < cycleCount - 1; c++)
            {
                try (FileChannel rolled = FileChannel.open(cycleFile(cycles[c]).toPath(), StandardOpenOption.READ))
                {
                    rolled.force(false);
                }
            }
            firstUnsyncedCycle = cycleCount - 1;
            final File file = appender.currentFile();
            if (syncedFile == null || !syncedFile.equals(file))
            {
                if (syncedChannel != null)
                {
                    syncedChannel.close();
                }
                syncedChannel = FileChannel.open(file.toPath(), StandardOpenOption.READ);
                syncedFile = file;
                try (FileChannel directory = FileChannel.open(file.toPath().getParent(), StandardOpenOption.READ))
                {
                    directory.force(true);
                }
            }
            syncedChannel.force(false);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot sync the journal to disk", ex);
        }
    }

    /**
     * @return a new cursor over the records.
     */
    public Cursor cursor()
    {
        return new Cursor(queue.createTailer());
    }

    @Override
    public void close()
    {
        counter.close();
        if (syncedChannel != null)
        {
            try
            {
                syncedChannel.close();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
        if (appender != null)
        {
            appender.close();
        }
        queue.close();
    }

    private long indexOf(final long ordinal)
    {
        int low = 0;
        int high = cycleCount - 1;
        while (low < high)
        {
            final int middle = (low + high + 1) >>> 1;
            if (cycleFirstOrdinals[middle] <= ordinal)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }
        return queue.rollCycle().toIndex(cycles[low], ordinal - cycleFirstOrdinals[low]);
    }

    /**
     * Reads records in order from a position. Not thread-safe; one per reading thread.
     */
    public final class Cursor implements AutoCloseable
    {
        private final ExcerptTailer tailer;
        private long ordinal;
        private String failure;

        private Cursor(final ExcerptTailer tailer)
        {
            this.tailer = tailer;
        }

        /**
         * Positions the cursor so that the next read returns record {@code ordinal}.
         *
         * @param ordinal the record to read next, 0..{@link #count()}.
         * @return false when that record does not exist.
         */
        public boolean seek(final long ordinal)
        {
            if (ordinal < 0 || ordinal > count)
            {
                return false;
            }
            this.ordinal = ordinal;
            failure = null;
            if (ordinal == count)
            {
                tailer.toEnd();
                return true;
            }
            try
            {
                return tailer.moveToIndex(indexOf(ordinal));
            }
            catch (final RuntimeException ex)
            {
                // Chronicle's index in the file is damaged: the next read reports it at this ordinal.
                failure = ex.toString();
                return true;
            }
        }

        /**
         * @return the ordinal of the record the next read returns.
         */
        public long position()
        {
            return ordinal;
        }

        /**
         * Copies the next record into {@code target} from position 0.
         *
         * @param target a buffer for the record.
         * @return the record's length; {@link #END} at the end of the log; {@link #TOO_LONG} when the record is
         *     longer than {@code target} (it is skipped); {@link #UNREADABLE} when Chronicle failed to read it
         *     ({@link #failure()} says why; the cursor cannot go on past it).
         */
        public int read(final byte[] target)
        {
            if (failure != null)
            {
                return UNREADABLE;
            }
            if (ordinal >= readableLimit)
            {
                failure = "record " + ordinal + " runs past the end of its file (truncated or damaged framing)";
                return UNREADABLE;
            }
            // Chronicle reads its own framing from the file: damaged framing surfaces as its exceptions.
            try (DocumentContext document = tailer.readingDocument())
            {
                if (!document.isPresent())
                {
                    return END;
                }
                ordinal++;
                final Bytes<?> bytes = document.wire().bytes();
                final long length = bytes.readRemaining();
                if (length > target.length)
                {
                    return TOO_LONG;
                }
                // A bulk copy; Chronicle's read(ByteBuffer) copies byte by byte.
                bytes.read(target, 0, (int)length);
                return (int)length;
            }
            catch (final RuntimeException ex)
            {
                failure = ex.toString();
                return UNREADABLE;
            }
        }

        /**
         * @return why the last read returned {@link #UNREADABLE}, or null.
         */
        public String failure()
        {
            return failure;
        }

        @Override
        public void close()
        {
            tailer.close();
        }
    }
}
