package dev.ledger.journal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.SplittableRandom;

import dev.ledger.core.Ledger;
import dev.ledger.core.LedgerConfig;
import dev.ledger.core.WorkloadGenerator;

/**
 * The process {@link JournalCrashTest} kills: a node that recovers its ledger from the journal, then applies and
 * journals a seeded workload as fast as it can, committing in small groups and printing {@code ACK <index>}
 * after each commit returns. Only an acknowledged index is a promise; the test holds the journal to every one.
 * <p>
 * Arguments: journal directory, seed, run number, durability ({@code os} or {@code sync}). Lines on stdout:
 * {@code START <nextIndex> <stateHash>} once the journal is open and the ledger replayed, then {@code ACK}s.
 * It exits by itself when its stdin closes (the test died) or after a minute, so it never outlives the test.
 */
public final class JournalCrashChild
{
    /** The capacities of every crash-test journal: room for the whole test, tight enough to refuse now and then. */
    static final LedgerConfig CONFIG = new LedgerConfig(4096, 1 << 17, 1 << 17);
    /** Exit code when the recovered journal and its replayed ledger disagree. */
    static final int EXIT_DIVERGED = 3;

    private static final long LATE_EPOCH_NS = 9_000_000_000_000_000_000L;
    private static final long LIFETIME_MAX_NS = 60_000_000_000L;
    private static final int GROUP_ENTRIES_MAX = 8;

    private JournalCrashChild()
    {
    }

    public static void main(final String[] args)
    {
        final Path directory = Path.of(args[0]);
        final long seed = Long.parseLong(args[1]);
        final int run = Integer.parseInt(args[2]);
        final Durability durability = Durability.parse(args[3]);
        exitWhenStdinCloses();
        final PrintStream out = System.out;
        final JournalContext context = new JournalContext().directory(directory).ledgerConfig(CONFIG)
            .durability(durability);
        try (Journal journal = Journal.open(context))
        {
            // Open first: it cuts a torn tail, which a reader would report as corruption.
            final Ledger ledger = journal.nextIndex() > 0 ? PointInTime.atIndex(directory, Long.MAX_VALUE) :
                new Ledger(CONFIG);
            out.println("START " + journal.nextIndex() + " " + Long.toHexString(ledger.stateHash()));
            out.flush();
            if (journal.nextIndex() > 0 && ledger.stateHash() != journal.lastStateHash())
            {
                System.err.println("replayed state hash " + Long.toHexString(ledger.stateHash()) +
                    " differs from the journal's last " + Long.toHexString(journal.lastStateHash()));
                System.exit(EXIT_DIVERGED);
            }
            final long runSeed = regularEpochSeed(seed * 1_000_003L + run);
            final JournaledWorkload workload = new JournaledWorkload(runSeed, 1 << 20, ledger, CONFIG);
            workload.resumeAfter(journal.lastLogPosition());
            final SplittableRandom random = new SplittableRandom(runSeed);
            final long deadlineNs = System.nanoTime() + LIFETIME_MAX_NS;
            while (System.nanoTime() < deadlineNs)
            {
                final int group = 1 + random.nextInt(GROUP_ENTRIES_MAX);
                for (int i = 0; i < group; i++)
                {
                    if (workload.step(journal) == Journal.NOT_APPENDED)
                    {
                        throw new IllegalStateException("log position " + workload.logPosition() + " not appended");
                    }
                }
                journal.commit();
                out.println("ACK " + journal.committedIndex());
                out.flush();
            }
        }
    }

    /**
     * Seeds whose generator starts in the late epoch can push timestamps to the end of their range; a workload
     * continued over many runs must stay in the regular one.
     */
    private static long regularEpochSeed(final long seed)
    {
        long candidate = seed;
        while (new WorkloadGenerator(candidate, 100, CONFIG).clusterTimeNs() >= LATE_EPOCH_NS)
        {
            candidate++;
        }
        return candidate;
    }

    private static void exitWhenStdinCloses()
    {
        final Thread watcher = new Thread(() ->
        {
            try
            {
                final InputStream in = System.in;
                while (in.read() != -1)
                {
                    // Nothing is sent; a read returns only at end of stream.
                }
            }
            catch (final IOException ignored)
            {
                // Treated as closed.
            }
            Runtime.getRuntime().halt(2);
        }, "stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }
}
