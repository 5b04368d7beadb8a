package dev.ledger.perf.load;

import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.UnsafeBuffer;

import dev.ledger.client.CreateResults;
import dev.ledger.client.LedgerClient;
import dev.ledger.client.LedgerException;
import dev.ledger.client.TransferBatch;
import dev.ledger.core.BatchStatus;
import dev.ledger.core.CreateTransferResult;

/**
 * Sends create_transfers batches through the Java client (SBE over Aeron Cluster ingress). The client has its
 * own thread; answers arrive there. Batch buffers are pooled: a buffer returns when its answer has arrived.
 */
final class BinaryTarget implements LoadTarget
{
    private final LedgerClient client;
    private final LoadWorkload workload;
    private final LoadStats stats;
    private final int batchEvents;
    private final ConcurrentLinkedQueue<UnsafeBuffer> free = new ConcurrentLinkedQueue<>();
    private final AtomicLong outstanding = new AtomicLong();

    /**
     * @param client      a connected client; closed with this target.
     * @param workload    the transfers.
     * @param stats       where answers are counted.
     * @param batchEvents events per request.
     */
    BinaryTarget(final LedgerClient client, final LoadWorkload workload, final LoadStats stats, final int batchEvents)
    {
        this.client = client;
        this.workload = workload;
        this.stats = stats;
        this.batchEvents = batchEvents;
    }

    @Override
    public void submit(final long intendedNs)
    {
        final UnsafeBuffer sent = workload.next(free, batchEvents);
        outstanding.incrementAndGet();
        client.createTransfersAsync(new TransferBatch(sent, batchEvents)).whenComplete((results, failure) ->
        {
            if (failure == null)
            {
                stats.completed(intendedNs, batchEvents, okCount(results),
                    results.batchStatus() == BatchStatus.OK ? null : "batch_status_" + results.batchStatus());
            }
            else
            {
                final Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                stats.completed(intendedNs, batchEvents, 0, cause instanceof LedgerException ?
                    ((LedgerException)cause).kind().name().toLowerCase(Locale.ROOT) :
                    cause.getClass().getSimpleName());
            }
            free.offer(sent);
            outstanding.decrementAndGet();
        });
    }

    static int okCount(final CreateResults results)
    {
        int ok = 0;
        for (int i = 0; i < results.count(); i++)
        {
            ok += results.code(i) == CreateTransferResult.OK.code() ? 1 : 0;
        }
        return ok;
    }

    @Override
    public long outstanding()
    {
        return outstanding.get();
    }

    @Override
    public void close()
    {
        client.close();
    }
}
