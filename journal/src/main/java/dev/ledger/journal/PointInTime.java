package dev.ledger.journal;

import java.nio.file.Path;

import dev.ledger.core.Ledger;

/**
 * The ledger as it was at a point of the journal: after a given entry, or after every log message sequenced at
 * or before a cluster time. Rebuilt from the newest snapshot before that point and a checked replay of the
 * journal after it, so a state it returns is one the node really had.
 */
public final class PointInTime
{
    private PointInTime()
    {
    }

    /**
     * @param journal the journal directory.
     * @param index   the last entry to include; entries up to the end when it is beyond.
     * @return the ledger after that entry.
     * @throws JournalException on corruption or a replay that diverges from the record.
     */
    public static Ledger atIndex(final Path journal, final long index)
    {
        return replay(journal, index, Long.MAX_VALUE);
    }

    /**
     * @param journal       the journal directory.
     * @param clusterTimeNs include every entry whose cluster time is at or before this.
     * @return the ledger at that time.
     * @throws JournalException on corruption or a replay that diverges from the record.
     */
    public static Ledger atTime(final Path journal, final long clusterTimeNs)
    {
        return replay(journal, Long.MAX_VALUE, clusterTimeNs);
    }

    private static Ledger replay(final Path journal, final long lastIndex, final long lastClusterTimeNs)
    {
        return LedgerRecovery.recover(journal, lastIndex, lastClusterTimeNs).ledger();
    }
}
