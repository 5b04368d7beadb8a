package dev.ledger.perf.load;

import java.util.concurrent.locks.LockSupport;

/**
 * Where the open loop sends its requests: the binary API through the Java client, or the HTTP API. Called from
 * the loop's one thread only.
 */
interface LoadTarget extends AutoCloseable
{
    /**
     * Generates the next request and sends it, or queues it when the target cannot take it now; its answer goes
     * to the run's {@link LoadStats}.
     *
     * @param intendedNs when the open loop meant to send it, {@link System#nanoTime()} scale.
     */
    void submit(long intendedNs);

    /**
     * Makes progress (network I/O) and waits, returning at {@code deadlineNs} or soon after. By default only
     * waits: for targets whose answers arrive on threads of their own.
     *
     * @param deadlineNs when the loop must send next.
     */
    default void poll(final long deadlineNs)
    {
        final long wait = deadlineNs - System.nanoTime();
        if (wait > 0)
        {
            LockSupport.parkNanos(wait);
        }
    }

    /** @return requests sent or queued and not yet answered. */
    long outstanding();

    @Override
    void close();
}
