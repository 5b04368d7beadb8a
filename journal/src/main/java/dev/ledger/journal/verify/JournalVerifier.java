package dev.ledger.journal.verify;

import java.nio.file.Path;

import dev.ledger.core.Ledger;
import dev.ledger.core.ResultsChain;
import dev.ledger.journal.EntryApplier;
import dev.ledger.journal.JournalEntry;
import dev.ledger.journal.JournalException;
import dev.ledger.journal.JournalMetadata;
import dev.ledger.journal.ReadAheadReader;

/**
 * Verifies a whole journal: the checksum chain of every entry, and a replay of every entry into a fresh ledger
 * that must reproduce every recorded batch status, result code and state hash. Stops at the first problem.
 */
public final class JournalVerifier
{
    /** Told how far verification got, every {@link #PROGRESS_EVERY} entries and at the end. */
    @FunctionalInterface
    public interface Progress
    {
        /**
         * @param index   the index just verified.
         * @param count   entries in the journal.
         * @param events  events verified so far.
         */
        void onProgress(long index, long count, long events);
    }

    /** How many entries between progress reports. */
    public static final int PROGRESS_EVERY = 256;

    private JournalVerifier()
    {
    }

    /**
     * @param journal  the journal directory.
     * @param progress where to report progress (may be a no-op).
     * @return the report; {@link VerifyReport#ok()} only when everything verified.
     * @throws JournalException when the directory holds no readable journal at all.
     */
    public static VerifyReport verify(final Path journal, final Progress progress)
    {
        final long start = System.nanoTime();
        final EntryApplier applier = new EntryApplier(new Ledger(JournalMetadata.read(journal)),
            JournalMetadata.readStateHash(journal), ResultsChain.SEED);
        final JournalEntry entry = new JournalEntry();
        long entries = 0;
        long events = 0;
        long lastIndex = -1;
        try (ReadAheadReader reader = ReadAheadReader.open(journal, 0))
        {
            final long count = reader.count();
            while (true)
            {
                try
                {
                    if (!reader.next(entry))
                    {
                        break;
                    }
                }
                catch (final JournalException ex)
                {
                    return new VerifyReport(entries, events, reader.voidCount(), ex.index(),
                        applier.stateHash(), ex.index(), ex.getMessage(), System.nanoTime() - start);
                }
                lastIndex = entry.index();
                final String divergence = applier.apply(entry, reader.events());
                if (divergence != null)
                {
                    return new VerifyReport(entries, events, reader.voidCount(), lastIndex,
                        applier.stateHash(), lastIndex, "replay diverges: " + divergence,
                        System.nanoTime() - start);
                }
                entries++;
                events += entry.eventCount();
                if (entries % PROGRESS_EVERY == 0)
                {
                    progress.onProgress(lastIndex, count, events);
                }
            }
            progress.onProgress(lastIndex, count, events);
            return new VerifyReport(entries, events, reader.voidCount(), lastIndex, applier.stateHash(), -1,
                null, System.nanoTime() - start);
        }
    }
}
