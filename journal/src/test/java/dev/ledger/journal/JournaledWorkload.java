package dev.ledger.journal;

import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;

import dev.ledger.core.BatchStatus;
import dev.ledger.core.Ledger;
import dev.ledger.core.LedgerConfig;
import dev.ledger.core.LedgerDriver;
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.ResultsChain;
import dev.ledger.core.WorkloadGenerator;

/**
 * What a node does, on one thread: seeded random create batches (and now and then a log-sequenced expiry) are
 * applied to a ledger and journaled with growing log positions. Tests read the journal back against it (public
 * for the tests of modules that read journals, such as {@code ops}).
 */
public final class JournaledWorkload
{
    private final WorkloadGenerator generator;
    private Ledger ledger;
    private WorkloadGenerator.StateView view;
    private final SplittableRandom random;
    private final UnsafeBuffer events =
        new UnsafeBuffer(new byte[LedgerLimits.BATCH_EVENTS_MAX * LedgerLimits.RECORD_LENGTH]);
    private final UnsafeBuffer results =
        new UnsafeBuffer(new byte[LedgerLimits.BATCH_EVENTS_MAX * LedgerLimits.RESULT_LENGTH]);
    private long logPosition;
    private long clusterTimeNs;
    private JournalHash recorded = JournalHash.LEDGER;
    private long resultsChain = ResultsChain.SEED;

    public JournaledWorkload(final long seed, final int eventsPlanned)
    {
        this(new WorkloadGenerator(seed, eventsPlanned), null, seed);
    }

    /** With the given ledger capacities, or capacities chosen from the seed when null. */
    public JournaledWorkload(final long seed, final int eventsPlanned, final LedgerConfig config)
    {
        this(new WorkloadGenerator(seed, eventsPlanned, config), null, seed);
    }

    /**
     * Continues from a ledger that already holds state (a node restarted from its journal): new batches are
     * generated from {@code seed} and applied on top of it.
     *
     * @param seed          the only source of randomness.
     * @param eventsPlanned about how many events will be asked for.
     * @param ledger        the ledger to apply to; the generator uses its capacities.
     * @param config        those capacities (the journal's).
     */
    JournaledWorkload(final long seed, final int eventsPlanned, final Ledger ledger, final LedgerConfig config)
    {
        this(new WorkloadGenerator(seed, eventsPlanned, config), ledger, seed);
    }

    private JournaledWorkload(final WorkloadGenerator generator, final Ledger ledger, final long seed)
    {
        this.generator = generator;
        this.ledger = ledger != null ? ledger : new Ledger(generator.config());
        view = WorkloadGenerator.StateView.of(new LedgerDriver(this.ledger));
        random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    }

    /** Records the results chain in each entry, as a sharded node does, instead of the ledger's state hash. */
    public JournaledWorkload recordResultsChain()
    {
        recorded = JournalHash.RESULTS;
        return this;
    }

    /** The hash of the recorded kind after the last step. */
    public long recordedHash()
    {
        return recorded == JournalHash.LEDGER ? ledger.stateHash() : resultsChain;
    }

    public LedgerConfig config()
    {
        return generator.config();
    }

    public Ledger ledger()
    {
        return ledger;
    }

    /** Go on with another ledger in the same state (one recovered from a snapshot and the journal). */
    public void useLedger(final Ledger recovered)
    {
        ledger = recovered;
        view = WorkloadGenerator.StateView.of(new LedgerDriver(recovered));
    }

    public long logPosition()
    {
        return logPosition;
    }

    /** Continue log positions after those already in a journal (a restarted node). */
    public void resumeAfter(final long lastLogPosition)
    {
        logPosition = Math.max(logPosition, lastLogPosition);
    }

    /**
     * Applies the next log message and journals it.
     *
     * @return the journal index, or {@link Journal#NOT_APPENDED}.
     */
    public long step(final Journal journal)
    {
        logPosition += 1 + random.nextInt(1000);
        if (clusterTimeNs != 0 && random.nextInt(10) == 0)
        {
            clusterTimeNs += random.nextLong(5_000_000_000L);
            final int expired = ledger.expirePendingTransfers(clusterTimeNs);
            if (expired > 0)
            {
                resultsChain = ResultsChain.mix(resultsChain, BatchStatus.OK, results, 0);
            }
            return journal.appendExpiry(logPosition, clusterTimeNs, expired, recordedHash());
        }
        final WorkloadGenerator.Batch batch = generator.next(view);
        clusterTimeNs = batch.clusterTimeNs();
        final int count = batch.size();
        final boolean accounts = batch.operation() == WorkloadGenerator.Operation.CREATE_ACCOUNTS;
        for (int i = 0; i < count; i++)
        {
            if (accounts)
            {
                batch.accounts().get(i).encode(events, i * LedgerLimits.RECORD_LENGTH);
            }
            else
            {
                batch.transfers().get(i).encode(events, i * LedgerLimits.RECORD_LENGTH);
            }
        }
        final int status = accounts ?
            ledger.createAccounts(clusterTimeNs, events, 0, count, results, 0) :
            ledger.createTransfers(clusterTimeNs, events, 0, count, results, 0);
        resultsChain = ResultsChain.mix(resultsChain, status, results, status == BatchStatus.OK ? count : 0);
        return journal.appendCreate(accounts ? EntryKind.CREATE_ACCOUNTS : EntryKind.CREATE_TRANSFERS, logPosition,
            clusterTimeNs, events, 0, count, status, results, 0, recordedHash());
    }

}
