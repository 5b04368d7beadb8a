package dev.ledger.server.shard;

/**
 * A hook that shard threads call at every step (before a batch, before each event they take part in), so that
 * tests can inject delays, or throw to stand for an unexpected failure. Timing only: whatever it does must not
 * change any result, and the determinism tests prove that.
 */
@FunctionalInterface
public interface ShardPauses
{
    ShardPauses NONE = (shard, batch, index) -> { };

    /**
     * @param shard the calling shard.
     * @param batch the batch's sequence number, from 0.
     * @param index the event's index in the batch, or -1 before the batch.
     */
    void step(int shard, long batch, int index);
}
