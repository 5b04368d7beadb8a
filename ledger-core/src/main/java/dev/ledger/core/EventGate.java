package dev.ledger.core;

/**
 * How a shard takes part in a batch of which it holds only some events ({@link LedgerPartition}): asked before
 * every event whether this shard decides it, and told when it is done. Before answering yes, the gate loads
 * what other shards hold for the event ({@link LedgerPartition#importFor}).
 */
public interface EventGate
{
    /**
     * @param index the event's index in the batch.
     * @return whether this shard decides the event; when false it is skipped.
     */
    boolean enter(int index);

    /**
     * The event is decided (its result is in the results buffer, though a later event of its linked chain may
     * still turn it into {@code linked_event_failed}); records on loan are already dropped.
     *
     * @param index the event's index in the batch.
     */
    void leave(int index);
}
