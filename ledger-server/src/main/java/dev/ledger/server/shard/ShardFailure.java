package dev.ledger.server.shard;

/**
 * Why the shards stopped: a shard met an invariant violation or an unexpected exception, or the collector saw
 * shards disagree. Carries what an operator needs to find the spot: the shard (-1 for the collector), the item
 * (the batch's sequence number) and the shard ledger's state hash when it stopped. Nothing is applied after it.
 */
public final class ShardFailure extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int shard;
    private final long item;
    private final long stateHash;

    ShardFailure(final int shard, final long item, final long stateHash, final String what, final Throwable cause)
    {
        super("shard " + shard + " stopped the node at item " + item + " (state hash " +
            Long.toHexString(stateHash) + "): " + what, cause);
        this.shard = shard;
        this.item = item;
        this.stateHash = stateHash;
    }

    /** The shard that stopped, or -1 when the collector found shards disagreeing. */
    public int shard()
    {
        return shard;
    }

    /** The batch or query being handled, by sequence number from 0. */
    public long item()
    {
        return item;
    }

    /** The shard's {@code Ledger.stateHash()} when it stopped (0 for the collector). */
    public long stateHash()
    {
        return stateHash;
    }
}
