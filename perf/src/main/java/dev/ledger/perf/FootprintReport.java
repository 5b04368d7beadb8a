package dev.ledger.perf;

import dev.ledger.core.CreateAccountResult;
import dev.ledger.core.CreateTransferResult;
import dev.ledger.core.Ledger;
import dev.ledger.core.LedgerConfig;
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.Wire;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.PrintStream;
import java.lang.ref.Reference;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Memory per account and per transfer: builds ledgers sized for {@code accounts} and {@code transfers}
 * (default 10,000,000 each), fills the full one in batches of {@value LedgerLimits#BATCH_EVENTS_MAX}, and
 * prints bytes per account and per transfer two ways: from {@link Ledger#footprintBytes()} (accounts alone from a
 * ledger with one transfer, transfers alone from a ledger with one account) and from the heap in use after full
 * collections. Storage is preallocated, so filling should not change the heap.
 * <p>
 * Run with Parallel GC and enough heap, e.g.
 * {@code java --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -XX:+UseParallelGC -Xmx8g -cp
 * perf/target/benchmarks.jar dev.ledger.perf.FootprintReport 10000000 10000000}.
 */
public final class FootprintReport
{
    private static final ByteOrder ORDER = Wire.ORDER;
    private static final int BATCH = LedgerLimits.BATCH_EVENTS_MAX;
    private static final int RECORD = LedgerLimits.RECORD_LENGTH;
    /** The least history capacity; no account here keeps history. */
    private static final int HISTORY_MAX = LedgerConfig.HISTORY_MIN;
    private static final long START_NS = TransferWorkload.CLUSTER_TIME_START_NS;
    /** Bytes per capacity that the layout of ledger-core/README.md predicts, before the id index. */
    private static final int ACCOUNT_LAYOUT_BYTES = 18 * Long.BYTES;
    /** Record, status byte and expiry-queue entry (a long deadline and an int reference). */
    private static final int TRANSFER_LAYOUT_BYTES = 20 * Long.BYTES + 1 + Long.BYTES + Integer.BYTES;

    private final PrintStream out;
    private final UnsafeBuffer events = new UnsafeBuffer(BufferUtil.allocateDirectAligned(BATCH * RECORD, 64));
    private final UnsafeBuffer results = new UnsafeBuffer(
        BufferUtil.allocateDirectAligned(BATCH * LedgerLimits.RESULT_LENGTH, 64));
    private long clusterTimeNs = START_NS;

    private FootprintReport(final PrintStream out)
    {
        this.out = out;
    }

    /**
     * Prints the report.
     *
     * @param args accounts and transfers, default 10,000,000 each.
     */
    public static void main(final String[] args)
    {
        final int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        final int transfers = args.length > 1 ? Integer.parseInt(args[1]) : 10_000_000;
        if (accounts < 2 || transfers < 1)
        {
            throw new IllegalArgumentException("need at least 2 accounts and 1 transfer");
        }
        new FootprintReport(System.out).run(accounts, transfers);
    }

    private void run(final int accounts, final int transfers)
    {
        RunEnvironment.print(out);
        out.printf("Ledger for %,d accounts and %,d transfers (historyMax %,d: no account keeps history)%n%n",
            accounts, transfers, HISTORY_MAX);

        final long[] empty = measure(new LedgerConfig(1, 1, HISTORY_MAX));
        final long[] accountsOnly = measure(new LedgerConfig(accounts, 1, HISTORY_MAX));
        final long[] transfersOnly = measure(new LedgerConfig(1, transfers, HISTORY_MAX));
        out.printf("%-34s %16s %16s%n", "", "footprintBytes()", "heap used");
        out.printf("%-34s %,16d %,16d%n", "ledger(1, 1): fixed part", empty[0], empty[1]);
        printPer("per account, ledger(" + accounts + ", 1)", accountsOnly, empty, accounts);
        printPer("per transfer, ledger(1, " + transfers + ")", transfersOnly, empty, transfers);
        out.printf("layout model: account %d + id index %.1f = %.1f B; transfer %d + id index %.1f = %.1f B%n%n",
            ACCOUNT_LAYOUT_BYTES, indexBytesPer(accounts), ACCOUNT_LAYOUT_BYTES + indexBytesPer(accounts),
            TRANSFER_LAYOUT_BYTES, indexBytesPer(transfers), TRANSFER_LAYOUT_BYTES + indexBytesPer(transfers));

        final long before = RunEnvironment.usedHeapAfterGc();
        final Ledger ledger = new Ledger(new LedgerConfig(accounts, transfers, HISTORY_MAX));
        final long allocated = RunEnvironment.usedHeapAfterGc() - before;
        long start = System.nanoTime();
        fillAccounts(ledger, accounts);
        final double accountSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        fillTransfers(ledger, accounts, transfers);
        final double transferSeconds = (System.nanoTime() - start) / 1e9;
        final long filled = RunEnvironment.usedHeapAfterGc() - before;
        out.printf("full ledger: footprintBytes() %,d; heap used %,d allocated, %,d filled (%+,d from filling)%n",
            ledger.footprintBytes(), allocated, filled, filled - allocated);
        out.printf("filled %,d accounts in %.1f s (%,.0f/s) and %,d transfers in %.1f s (%,.0f/s)%n",
            ledger.accountCount(), accountSeconds, accounts / accountSeconds, ledger.transferCount(),
            transferSeconds, transfers / transferSeconds);
        Reference.reachabilityFence(ledger);
    }

    /**
     * @return the ledger's footprintBytes() and the heap its construction took.
     */
    private static long[] measure(final LedgerConfig config)
    {
        final long before = RunEnvironment.usedHeapAfterGc();
        final Ledger ledger = new Ledger(config);
        final long after = RunEnvironment.usedHeapAfterGc();
        final long[] measured = { ledger.footprintBytes(), after - before };
        Reference.reachabilityFence(ledger);
        return measured;
    }

    private void printPer(final String what, final long[] measured, final long[] empty, final int count)
    {
        out.printf("%-34s %16.1f %16.1f%n", what,
            (measured[0] - empty[0]) / (double)count, (measured[1] - empty[1]) / (double)count);
    }

    /** The id index: one long per slot, a power of two of at least twice the capacity (see IdIndex). */
    private static double indexBytesPer(final int capacity)
    {
        final int slots = Math.max(16, Integer.highestOneBit(Math.max(1, capacity - 1)) << 2);
        return (double)slots * Long.BYTES / capacity;
    }

    private void fillAccounts(final Ledger ledger, final int accounts)
    {
        for (int first = 1; first <= accounts; first += BATCH)
        {
            final int count = Math.min(BATCH, accounts - first + 1);
            events.setMemory(0, count * RECORD, (byte)0);
            for (int i = 0; i < count; i++)
            {
                final int offset = i * RECORD;
                events.putLong(offset + Wire.ID, first + i, ORDER);
                events.putInt(offset + Wire.LEDGER, 1, ORDER);
                events.putShort(offset + Wire.CODE, (short)1, ORDER);
            }
            final int status = ledger.createAccounts(clusterTimeNs, events, 0, count, results, 0);
            clusterTimeNs += TransferWorkload.CLUSTER_TIME_STEP_NS;
            TransferWorkload.requireBatchOk(status, "create_accounts");
            for (int i = 0; i < count; i++)
            {
                final int code = results.getInt(i * LedgerLimits.RESULT_LENGTH, ORDER);
                if (code != 0)
                {
                    throw new IllegalStateException("account " + (first + i) + ": " +
                        CreateAccountResult.of(code).wireName());
                }
            }
        }
    }

    private void fillTransfers(final Ledger ledger, final int accounts, final int transfers)
    {
        final SplittableRandom random = new SplittableRandom(1);
        for (int first = 1; first <= transfers; first += BATCH)
        {
            final int count = Math.min(BATCH, transfers - first + 1);
            events.setMemory(0, count * RECORD, (byte)0);
            for (int i = 0; i < count; i++)
            {
                final int offset = i * RECORD;
                final int debit = 1 + random.nextInt(accounts);
                final int credit = 1 + (debit + random.nextInt(accounts - 1)) % accounts;
                events.putLong(offset + Wire.ID, first + i, ORDER);
                events.putLong(offset + Wire.TRANSFER_DEBIT_ACCOUNT_ID, debit, ORDER);
                events.putLong(offset + Wire.TRANSFER_CREDIT_ACCOUNT_ID, credit, ORDER);
                events.putLong(offset + Wire.TRANSFER_AMOUNT, 1 + random.nextInt(1_000), ORDER);
                events.putInt(offset + Wire.LEDGER, 1, ORDER);
                events.putShort(offset + Wire.CODE, (short)1, ORDER);
            }
            final int status = ledger.createTransfers(clusterTimeNs, events, 0, count, results, 0);
            clusterTimeNs += TransferWorkload.CLUSTER_TIME_STEP_NS;
            TransferWorkload.requireBatchOk(status, "create_transfers");
            for (int i = 0; i < count; i++)
            {
                final int code = results.getInt(i * LedgerLimits.RESULT_LENGTH, ORDER);
                if (code != 0)
                {
                    throw new IllegalStateException("transfer " + (first + i) + ": " +
                        CreateTransferResult.of(code).wireName());
                }
            }
        }
        if (ledger.transferCount() != transfers)
        {
            throw new IllegalStateException("expected " + transfers + " transfers, have " + ledger.transferCount());
        }
    }
}
