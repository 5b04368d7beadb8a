package dev.ledger.perf.load;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.UnsafeBuffer;

import dev.ledger.core.CreateTransferResult;
import dev.ledger.perf.postgres.PostgresLedger;

/**
 * Sends create_transfers batches to the PostgreSQL baseline: a pool of connections, one thread each (JDBC
 * blocks), each batch one call of the baseline's set-based function in one transaction. A batch waits in a
 * bounded queue for a free connection; when the queue is full it fails at once as {@code busy}.
 */
final class PostgresTarget implements LoadTarget
{
    private static final long POLL_MS = 50;

    private final LoadWorkload workload;
    private final LoadStats stats;
    private final int batchEvents;
    private final BlockingQueue<Request> queue;
    private final BlockingQueue<UnsafeBuffer> free;
    private final AtomicLong outstanding = new AtomicLong();
    private final AtomicBoolean failureReported = new AtomicBoolean();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closed;

    private record Request(UnsafeBuffer events, long intendedNs)
    {
    }

    /**
     * @param jdbcUrl           the baseline's database.
     * @param connections       the pool's size.
     * @param synchronousCommit whether each commit waits for the disk.
     * @param maxInFlight       requests queued or running, at most.
     * @param workload          the transfers.
     * @param stats             where answers are counted.
     * @param batchEvents       transfers per request.
     * @throws SQLException when a connection cannot be opened.
     */
    PostgresTarget(final String jdbcUrl, final int connections, final boolean synchronousCommit, final int maxInFlight,
        final LoadWorkload workload, final LoadStats stats, final int batchEvents) throws SQLException
    {
        this.workload = workload;
        this.stats = stats;
        this.batchEvents = batchEvents;
        this.queue = new ArrayBlockingQueue<>(maxInFlight);
        this.free = new ArrayBlockingQueue<>(maxInFlight);
        for (int i = 0; i < connections; i++)
        {
            final PostgresLedger ledger = new PostgresLedger(DriverManager.getConnection(jdbcUrl), synchronousCommit);
            final Thread worker = new Thread(() -> serve(ledger), "postgres-" + i);
            worker.setDaemon(true);
            workers.add(worker);
        }
        workers.forEach(Thread::start);
    }

    @Override
    public void submit(final long intendedNs)
    {
        final UnsafeBuffer buffer = workload.next(free, batchEvents);
        outstanding.incrementAndGet();
        if (!queue.offer(new Request(buffer, intendedNs)))
        {
            stats.completed(intendedNs, batchEvents, 0, "busy");
            free.offer(buffer);
            outstanding.decrementAndGet();
        }
    }

    private void serve(final PostgresLedger ledger)
    {
        final int[] results = new int[batchEvents];
        try (ledger)
        {
            while (!closed)
            {
                final Request request = queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (request == null)
                {
                    continue;
                }
                String failure = null;
                int ok = 0;
                try
                {
                    ledger.createTransfers(request.events(), batchEvents, results);
                    for (int i = 0; i < batchEvents; i++)
                    {
                        ok += results[i] == CreateTransferResult.OK.code() ? 1 : 0;
                    }
                }
                catch (final SQLException ex)
                {
                    failure = "sql_" + ex.getSQLState();
                    if (!failureReported.getAndSet(true))
                    {
                        System.err.println("PostgreSQL: " + ex.getMessage());
                    }
                }
                stats.completed(request.intendedNs(), batchEvents, ok, failure);
                free.offer(request.events());
                outstanding.decrementAndGet();
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final SQLException ex)
        {
            // Closing the connection failed: nothing more to do.
        }
    }

    @Override
    public long outstanding()
    {
        return outstanding.get();
    }

    @Override
    public void close()
    {
        closed = true;
        for (final Thread worker : workers)
        {
            try
            {
                worker.join(TimeUnit.SECONDS.toMillis(30));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
