package dev.ledger.perf;

import java.util.concurrent.TimeUnit;

import dev.ledger.core.BatchStatus;
import dev.ledger.core.CreateAccountResult;
import dev.ledger.core.CreateTransferResult;
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.Wire;
import dev.ledger.server.shard.ShardMetric;
import dev.ledger.server.shard.ShardedLedger;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * Drives a {@link ShardedLedger} from the calling thread for {@link ShardBenchmark}: keeps as many batches in
 * flight as it takes (submits until busy, then polls), checks that every batch is OK and every event's result
 * is 0, and gives up when nothing moves for {@link #STALL_NANOS}. Reads the shards' counters.
 */
final class ShardDriver implements ShardedLedger.Listener
{
    /** A run that neither submits nor collects anything for this long fails. */
    static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final ShardedLedger ledger;
    // The submitting thread shares the cores with the shards: it backs off as they do instead of spinning.
    private final IdleStrategy idle = new BackoffIdleStrategy(100, 10, 1_000, 100_000);
    private ShardStream stream;
    private boolean transfers;
    private long firstItem;
    private long submitNanos;
    private int delivered;

    ShardDriver(final ShardedLedger ledger)
    {
        this.ledger = ledger;
    }

    /**
     * Submits the stream's first {@code batches} account or transfer batches and waits for every outcome.
     *
     * @return nanoseconds from the first submit to the last outcome.
     */
    long drive(final ShardStream stream, final boolean transfers, final int batches)
    {
        this.stream = stream;
        this.transfers = transfers;
        this.delivered = 0;
        this.firstItem = -1;
        int submitted = 0;
        long lastProgress = System.nanoTime();
        final long start = lastProgress;
        while (delivered < batches)
        {
            int work = 0;
            while (submitted < batches)
            {
                final long submitStart = System.nanoTime();
                final long item = transfers ?
                    ledger.submitTransfers(stream.transfersTimeNs(submitted), stream.transferBatch(submitted), 0,
                        ShardStream.BATCH) :
                    ledger.submitAccounts(ShardStream.accountsTimeNs(submitted), stream.accountBatch(submitted), 0,
                        stream.accountBatchEvents(submitted));
                if (item == ShardedLedger.BUSY)
                {
                    break;
                }
                submitNanos += System.nanoTime() - submitStart;
                if (item < 0)
                {
                    throw new IllegalStateException("batch " + submitted + " not taken: " + refusal(item));
                }
                firstItem = submitted == 0 ? item : firstItem;
                if (item != firstItem + submitted)
                {
                    throw new IllegalStateException("batch " + submitted + " got item " + item + ", expected " +
                        (firstItem + submitted));
                }
                submitted++;
                work++;
            }
            work += ledger.poll(this);
            if (work > 0)
            {
                lastProgress = System.nanoTime();
                idle.reset();
            }
            else
            {
                if (System.nanoTime() - lastProgress > STALL_NANOS)
                {
                    throw new IllegalStateException("no progress for " + TimeUnit.NANOSECONDS.toSeconds(STALL_NANOS) +
                        " s: submitted " + submitted + " of " + batches + " batches, delivered " + delivered +
                        ", in flight " + ledger.inFlight() + ", failure " + ledger.failure());
                }
                idle.idle(0);
            }
        }
        return System.nanoTime() - start;
    }

    /** Time spent in submit calls that were taken (routing and copying into the mailboxes), since creation. */
    long submitNanos()
    {
        return submitNanos;
    }

    @Override
    public void onBatch(final long item, final int status, final DirectBuffer results, final int count,
        final int expired)
    {
        final int batch = (int)(item - firstItem);
        final String what = (transfers ? "create_transfers" : "create_accounts") + " batch " + batch;
        if (batch != delivered)
        {
            throw new IllegalStateException(what + ": delivered out of order, expected batch " + delivered);
        }
        if (status != BatchStatus.OK)
        {
            TransferWorkload.requireBatchOk(status, what);
        }
        final int expected = transfers ? ShardStream.BATCH : stream.accountBatchEvents(batch);
        if (count != expected)
        {
            throw new IllegalStateException(what + ": " + count + " results for " + expected + " events");
        }
        requireAllOk(transfers, what, results, count);
        delivered++;
    }

    /** Fails, naming the event and its result, unless every one of {@code count} results is 0 (ok). */
    static void requireAllOk(final boolean transfers, final String what, final DirectBuffer results, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final int code = results.getInt(i * LedgerLimits.RESULT_LENGTH, Wire.ORDER);
            if (code != 0)
            {
                throw new IllegalStateException(what + ", event " + i + " failed: " +
                    (transfers ? CreateTransferResult.of(code).wireName() : CreateAccountResult.of(code).wireName()));
            }
        }
    }

    private String refusal(final long item)
    {
        return item == ShardedLedger.HALTED ? "HALTED (" + ledger.failure() + ")" : "code " + item;
    }

    /**
     * Every shard's counters.
     *
     * @return {@code [shard][metric]}, metrics by {@link ShardMetric#ordinal()}.
     */
    static long[][] readCounters(final ShardedLedger ledger)
    {
        final ShardMetric[] metrics = ShardMetric.values();
        final long[][] values = new long[ledger.shards()][metrics.length];
        for (int s = 0; s < ledger.shards(); s++)
        {
            for (final ShardMetric metric : metrics)
            {
                values[s][metric.ordinal()] = ledger.counter(s, metric);
            }
        }
        return values;
    }
}
