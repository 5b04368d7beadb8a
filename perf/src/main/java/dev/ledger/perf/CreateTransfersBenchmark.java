package dev.ledger.perf;

import dev.ledger.core.BatchStatus;
import dev.ledger.core.Ledger;
import dev.ledger.core.LedgerConfig;
import dev.ledger.core.LedgerLimits;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.util.concurrent.TimeUnit;

/**
 * Applied transfers per second on one thread: each operation is one {@link Ledger#createTransfers} call on a
 * full batch of {@value TransferWorkload#BATCH_EVENTS} transfers, every one of which succeeds, so the score is
 * in transfers per second.
 * <p>
 * A ledger gets the scenario's accounts, the pending transfers its first batch resolves, then
 * {@link #prefillBatches} batches so that every account already has transfers (appending to an account's lists
 * then writes the old tail, as in a ledger that has been running); the setup checks every one of their results.
 * The measured calls check the batch status, and each iteration's teardown checks that every measured event
 * created a transfer, so the benchmark fails loudly instead of measuring refusals.
 * <p>
 * Storage: a trial does not fit in memory (about 190 bytes per transfer), and JMH's {@code -prof gc} counts
 * every byte any thread allocates during an iteration, setup included. So one ledger serves the warmup and a
 * fresh one, allocated in the teardown of the last warmup iteration, serves every measurement iteration:
 * measured iterations allocate nothing but what the measured calls do, and must together fit in
 * {@code -Dledger.perf.transfersMax} (2^25 by default: five 0.6 s iterations at up to 11M transfers/s after
 * the prefill). The ledger grows from iteration to iteration, as a running one does. With no warmup iteration
 * the first measured iteration carries the allocation.
 * <p>
 * Parallel GC: nothing is allocated while measuring, so the collector only matters to the swap of ledgers,
 * where a stop-the-world collector frees gigabytes at once and has no concurrent threads that would compete
 * with the measured thread on a small machine.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(LedgerLimits.BATCH_EVENTS_MAX)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 600, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgs = {
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "-Xms12g", "-Xmx12g", "-Xmn512m", "-XX:+UseParallelGC" })
public class CreateTransfersBenchmark
{
    /** System property: transfers a ledger holds, ids burned by failures included. */
    public static final String TRANSFERS_MAX_PROPERTY = "ledger.perf.transfersMax";
    /** 2^25 transfers: about 6.3 GB, and the largest capacity whose id index is 2^26 slots (512 MiB). */
    private static final int TRANSFERS_MAX_DEFAULT = 1 << 25;
    /** Transfers made in setup per account of the scenario, so that almost every account has list tails. */
    private static final int PREFILL_TRANSFERS_PER_ACCOUNT = 4;
    private static final long SEED = 20_261_122L;

    /** The workload: {@code uniform}, {@code hot}, {@code two_phase} or {@code chains} (see {@link Scenario}). */
    @Param({ "uniform", "hot", "two_phase", "chains" })
    public String scenario;

    /**
     * The transfer ids: {@code sequential} (a counter's, as a client numbering its transfers hands them out) or
     * {@code random} (random low halves, as time-based ids with random low bits look to the id index).
     */
    @Param({ "sequential", "random" })
    public String ids;

    private TransferWorkload workload;
    private LedgerConfig config;
    private int prefillBatches;
    private int warmupIterationsDone;
    private Ledger ledger;
    private long expectedTransfers;

    /**
     * Generates the batches and sets up the ledger of the warmup.
     */
    @Setup(Level.Trial)
    public void setUpTrial()
    {
        final Scenario chosen = Scenario.of(scenario);
        workload = new TransferWorkload(chosen, SEED, idOrderRandom(ids));
        final int transfersMax = Integer.getInteger(TRANSFERS_MAX_PROPERTY, TRANSFERS_MAX_DEFAULT);
        config = new LedgerConfig(chosen.accounts(), transfersMax, LedgerConfig.HISTORY_MIN);
        final long prefill = (long)chosen.accounts() * PREFILL_TRANSFERS_PER_ACCOUNT;
        prefillBatches = (int)Math.max(TransferWorkload.RING_BATCHES,
            (prefill + TransferWorkload.BATCH_EVENTS - 1) / TransferWorkload.BATCH_EVENTS);
        System.out.println(workload.description() + "; prefill " + prefillBatches + " batches; capacity " +
            transfersMax + " transfers");
        newLedger();
    }

    private static boolean idOrderRandom(final String ids)
    {
        return switch (ids)
        {
            case "sequential" -> false;
            case "random" -> true;
            default -> throw new IllegalArgumentException("ids must be sequential or random: " + ids);
        };
    }

    /**
     * Applies one batch.
     *
     * @return the batch status, always {@link BatchStatus#OK}.
     */
    @Benchmark
    public int createTransfers()
    {
        final int status = workload.applyNext(ledger);
        if (status != BatchStatus.OK)
        {
            TransferWorkload.requireBatchOk(status, scenario + " after " + ledger.transferCount() + " transfers");
        }
        expectedTransfers += TransferWorkload.BATCH_EVENTS;
        return status;
    }

    /**
     * Checks that every measured event created a transfer; after the last warmup iteration, swaps in the
     * ledger of the measurement.
     *
     * @param benchmark the run's parameters.
     * @param iteration this iteration's parameters.
     */
    @TearDown(Level.Iteration)
    public void tearDownIteration(final BenchmarkParams benchmark, final IterationParams iteration)
    {
        requireTransferCount();
        if (iteration.getType() == IterationType.WARMUP &&
            ++warmupIterationsDone == benchmark.getWarmup().getCount())
        {
            newLedger();
        }
        else if (ledger.transferCount() > config.transfersMax() / 4 * 3)
        {
            System.out.println("WARNING: " + ledger.transferCount() + " of " + config.transfersMax() +
                " transfers used; raise -D" + TRANSFERS_MAX_PROPERTY + " or shorten the iterations");
        }
    }

    private void newLedger()
    {
        ledger = null;
        System.gc();
        ledger = new Ledger(config);
        workload.createAccounts(ledger);
        expectedTransfers = workload.prime(ledger);
        expectedTransfers += workload.applyChecked(ledger, prefillBatches);
        requireTransferCount();
    }

    private void requireTransferCount()
    {
        if (ledger.transferCount() != expectedTransfers)
        {
            throw new IllegalStateException(scenario + ": expected " + expectedTransfers + " transfers, the ledger " +
                "has " + ledger.transferCount() + ": some events were not applied");
        }
    }
}
