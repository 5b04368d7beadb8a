package dev.ledger.server.shard;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The node's stop signal: the first {@link ShardFailure} wins, and every shard and the collector stop at their
 * next step. The only state the shard threads share, and it is written once.
 */
final class ShardHalt
{
    private final AtomicReference<ShardFailure> failure = new AtomicReference<>();

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
