package dev.ledger.server.shard;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The node's stop signals: a failure (the first {@link ShardFailure} wins) or a close; every shard and the
 * collector stop at their next step, and a shard waiting for another gives up. The only state the shard threads
 * share, and each signal is written once.
 */
final class ShardHalt
{
    private final AtomicReference<ShardFailure> failure = new AtomicReference<>();
    private volatile boolean closing;

    /** Whether shards must stop: the node failed or is closing. */
    boolean stopping()
    {
        return closing || failure.get() != null;
    }

    void close()
    {
        closing = true;
    }

    boolean halted()
    {
        return failure.get() != null;
    }

    ShardFailure failure()
    {
        return failure.get();
    }

    void fail(final ShardFailure cause)
    {
        failure.compareAndSet(null, cause);
    }
}
