package dev.ledger.journal;

import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import dev.ledger.core.LedgerLimits;

/**
 * A {@link JournalReader} on its own thread, a few entries ahead of the consumer: reading, copying out of the
 * file, checking each entry's checksum and chain, and decoding its events ({@link #events()}) run on another
 * core while the consumer applies the entries before it. For replays (verify, restart, point in time); the
 * entries, their order and every error are exactly those of the plain reader.
 * <p>
 * Bounded: {@link #SLOTS} entry buffers, each with room for a whole batch of decoded events (~1 MiB); the
 * reading thread waits while all are full.
 */
public final class ReadAheadReader implements AutoCloseable
{
    /** Entries read ahead at most. */
    public static final int SLOTS = 4;
    private static final Integer END = -1;
    private static final Integer FAILED = -2;

    private final byte[][] slots = new byte[SLOTS][JournalEntry.LENGTH_MAX];
    private final int[] lengths = new int[SLOTS];
    private final UnsafeBuffer[] decoded = new UnsafeBuffer[SLOTS];
    private final boolean[] decodedWhole = new boolean[SLOTS];
    private final BlockingQueue<Integer> full = new ArrayBlockingQueue<>(SLOTS + 1);
    private final BlockingQueue<Integer> free = new ArrayBlockingQueue<>(SLOTS);
    private final UnsafeBuffer view = new UnsafeBuffer(slots[0]);
    private final Thread thread;
    private final long count;
    private volatile RuntimeException failure;
    private volatile long voidCount;
    private int held = -1;
    private boolean ended;

    private ReadAheadReader(final Path journal, final long index)
    {
        for (int i = 0; i < SLOTS; i++)
        {
            free.add(i);
            decoded[i] = new UnsafeBuffer(new byte[LedgerLimits.BATCH_EVENTS_MAX * LedgerLimits.RECORD_LENGTH]);
        }
        // Chronicle's tailers belong to one thread: the reader is opened and used only by the reading thread.
        final CompletableFuture<Long> opened = new CompletableFuture<>();
        thread = new Thread(() -> readAll(journal, index, opened), "journal-read-ahead");
        thread.setDaemon(true);
        thread.start();
        try
        {
            count = opened.join();
        }
        catch (final CompletionException ex)
        {
            throw ex.getCause() instanceof JournalException ? (JournalException)ex.getCause() :
                new JournalException(-1, "cannot open the journal " + journal + ": " + ex.getCause(), ex.getCause());
        }
    }

    /**
     * Opens a journal and starts reading it from an index.
     *
     * @param journal the journal directory.
     * @param index   the index of the first entry to read.
     * @return the reader.
     * @throws JournalException when the directory holds no readable journal.
     */
    public static ReadAheadReader open(final Path journal, final long index)
    {
        return new ReadAheadReader(journal, index);
    }

    private void readAll(final Path journal, final long index, final CompletableFuture<Long> opened)
    {
        JournalReader reader = null;
        try
        {
            reader = JournalReader.open(journal);
            if (!reader.seek(index))
            {
                throw new JournalException(index, "no such index: the journal holds " + reader.count() + " entries",
                    null);
            }
        }
        catch (final RuntimeException | Error ex)
        {
            if (reader != null)
            {
                reader.close();
            }
            // Any throwable: the opening thread waits for this future and would otherwise wait forever.
            opened.completeExceptionally(ex);
            return;
        }
        final JournalReader source = reader;
        opened.complete(source.count());
        final JournalEntry entry = new JournalEntry();
        try (source)
        {
            while (source.next(entry))
            {
                final int slot = free.take();
                entry.buffer().getBytes(0, slots[slot], 0, entry.length());
                lengths[slot] = entry.length();
                decodedWhole[slot] = entry.kind() == EntryKind.EXPIRE_PENDING_TRANSFERS ||
                    entry.copyEvents(decoded[slot], 0);
                voidCount = source.voidCount();
                full.put(slot);
            }
            voidCount = source.voidCount();
            full.put(END);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final RuntimeException ex)
        {
            failure = ex;
            full.offer(FAILED);
        }
        catch (final Error ex)
        {
            // E.g. the InternalError of a mapped read past the end of a file truncated under the reader: without
            // FAILED the consumer would wait in next() forever.
            failure = new JournalException(source.position(), "reading the journal failed: " + ex, ex);
            full.offer(FAILED);
        }
    }

    /** @return entries in the journal (void ones and cuts included) when it was opened. */
    public long count()
    {
        return count;
    }

    /** @return void entries the reading thread has skipped so far (it may be a few entries ahead). */
    public long voidCount()
    {
        return voidCount;
    }

    /**
     * The next sound entry, as {@link JournalReader#next} would return it; valid until the next call.
     *
     * @param entry the view to point at it.
     * @return false at the end of the journal.
     * @throws JournalException at the first corrupt entry, as the plain reader reports it.
     */
    public boolean next(final JournalEntry entry)
    {
        if (held >= 0)
        {
            free.add(held);
            held = -1;
        }
        if (ended)
        {
            if (failure != null)
            {
                throw asJournalException(failure);
            }
            return false;
        }
        final int slot;
        try
        {
            slot = full.take();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new JournalException(-1, "interrupted while reading the journal", ex);
        }
        if (slot < 0)
        {
            ended = true;
            if (slot == FAILED)
            {
                throw asJournalException(failure);
            }
            return false;
        }
        held = slot;
        view.wrap(slots[slot]);
        entry.wrap(view, 0, lengths[slot]);
        return true;
    }

    /**
     * The events of the entry {@link #next} returned last, decoded on the reading thread as the ledger takes them
     * ({@link JournalEntry#copyEvents}); valid until the next call.
     *
     * @return the events, or null when they do not decode to the count the entry states (damage its checksum
     *     did not catch); for an expiry entry, which has no events, a buffer whose content means nothing.
     */
    public DirectBuffer events()
    {
        if (held < 0)
        {
            throw new IllegalStateException("no entry is held: call next() first");
        }
        return decodedWhole[held] ? decoded[held] : null;
    }

    private static JournalException asJournalException(final RuntimeException failure)
    {
        return failure instanceof JournalException ? (JournalException)failure :
            new JournalException(-1, "reading the journal failed: " + failure, failure);
    }

    @Override
    public void close()
    {
        thread.interrupt();
        try
        {
            thread.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
