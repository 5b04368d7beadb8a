package dev.ledger.perf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

import dev.ledger.core.Ledger;
import dev.ledger.journal.Durability;
import dev.ledger.journal.Journal;
import dev.ledger.journal.JournalContext;
import dev.ledger.journal.JournalMetadata;
import dev.ledger.journal.LedgerRecovery;

/**
 * A node's restart, alone in a fresh JVM, for {@link JournalBenchmark}: recovers the ledger from a journal
 * directory (newest snapshot and the tail after it) and prints, on its last line, seconds to recover, seconds to
 * write a snapshot afterwards (0 when not asked) and the snapshot's bytes.
 */
public final class RestartProbe
{
    private RestartProbe()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path journal = Paths.get(args[0]);
        final boolean snapshotAfter = Boolean.parseBoolean(args[1]);
        final long start = System.nanoTime();
        final LedgerRecovery.Recovered recovered = LedgerRecovery.recover(journal);
        final double recoverSeconds = (System.nanoTime() - start) / 1e9;
        double snapshotSeconds = 0;
        long snapshotBytes = 0;
        if (snapshotAfter)
        {
            final Ledger ledger = recovered.ledger();
            final long snapshotStart = System.nanoTime();
            try (Journal writer = Journal.open(new JournalContext().directory(journal)
                .ledgerConfig(JournalMetadata.read(journal)).durability(Durability.OS)))
            {
                snapshotBytes = Files.size(LedgerRecovery.snapshot(journal, writer, ledger));
            }
            snapshotSeconds = (System.nanoTime() - snapshotStart) / 1e9;
        }
        System.out.printf(Locale.ROOT, "%.3f %.3f %d%n", recoverSeconds, snapshotSeconds, snapshotBytes);
    }
}
