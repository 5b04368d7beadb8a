package dev.ledger.server.shard;

import java.util.function.Supplier;

import dev.ledger.core.LedgerConfig;
import dev.ledger.core.LedgerLimits;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * How a node splits its ledger into shards, and the bounds of everything between them.
 *
 * @param shards            shard threads, 1..32.
 * @param ledger            each shard's capacities (a node holds up to {@code shards} times as much).
 * @param maxBatchEvents    the largest create batch accepted, 1..8189; sizes the rings.
 * @param maxInFlight       batches and queries submitted but not yet collected; beyond it {@code submit} answers busy.
 * @param directoryCapacity distinct transfer ids the router can track (see {@link TransferDirectory}).
 * @param idleStrategy      makes the idle strategy of each shard thread between batches (the default backs off to
 *                          parking, which suits a machine with fewer cores than busy threads).
 * @param waitStrategy      makes the strategy a shard waits with inside a batch, for another shard's records or
 *                          barrier ({@link #defaultWaitStrategy}).
 * @param pauses            called by shard threads at every step, to inject delays in tests; {@link ShardPauses#NONE}.
 */
public record ShardConfig(
    int shards,
    LedgerConfig ledger,
    int maxBatchEvents,
    int maxInFlight,
    int directoryCapacity,
    Supplier<IdleStrategy> idleStrategy,
    Supplier<IdleStrategy> waitStrategy,
    ShardPauses pauses)
{
    /** Shards are named by the bits of a 32-bit mask in the router's directory. */
    public static final int SHARDS_MAX = TransferDirectory.SHARDS_MAX;

    public ShardConfig
    {
        require(shards >= 1 && shards <= SHARDS_MAX, "shards", "must be 1.." + SHARDS_MAX + ": " + shards);
        require(ledger != null, "ledger", "is required");
        require(maxBatchEvents >= 1 && maxBatchEvents <= LedgerLimits.BATCH_EVENTS_MAX, "maxBatchEvents",
            "must be 1.." + LedgerLimits.BATCH_EVENTS_MAX + ": " + maxBatchEvents);
        require(maxInFlight >= 1 && maxInFlight <= 1024, "maxInFlight", "must be 1..1024: " + maxInFlight);
        require(directoryCapacity >= 1, "directoryCapacity", "must be positive: " + directoryCapacity);
        require(idleStrategy != null, "idleStrategy", "is required");
        require(waitStrategy != null, "waitStrategy", "is required");
        require(pauses != null, "pauses", "is required");
    }

    /**
     * Defaults for everything but the split: full-size batches, 4 in flight, a directory as large as all shards'
     * transfer capacity, backoff idling, no pauses.
     */
    public static ShardConfig of(final int shards, final LedgerConfig ledger)
    {
        return new ShardConfig(shards, ledger, LedgerLimits.BATCH_EVENTS_MAX, 4,
            (int)Math.min(Integer.MAX_VALUE / 4, (long)shards * ledger.transfersMax()),
            () -> new BackoffIdleStrategy(100, 10, 1_000, 100_000), defaultWaitStrategy(shards), ShardPauses.NONE);
    }

    /**
     * Inside a batch the other shards are busy with the same batch, so a wait is short if they have a core: then
     * spin, yield for up to about 100 ms, and only then park (parking costs tens of microseconds of timer slack
     * per round). With more shards than cores a waiting shard must give its core away: spin briefly, then park.
     */
    public static Supplier<IdleStrategy> defaultWaitStrategy(final int shards)
    {
        if (shards <= Runtime.getRuntime().availableProcessors())
        {
            return () -> new BackoffIdleStrategy(1_000, 100_000, 1_000, 1_000_000);
        }
        return () -> new BackoffIdleStrategy(100, 10, 1_000, 100_000);
    }

    /**
     * Each shard's capacities when a node of the given capacities is split into {@code shards}, so that the node
     * holds what it is configured for however the records fall: accounts, each stored by one shard chosen by a
     * hash, get an even share plus six standard deviations of the hash's unevenness; transfers and balance
     * snapshots get the node's whole capacity on every shard, because one shard may have to store all of them
     * (every transfer of a hot account is stored by the account's shard, and one between two shards by both).
     * Memory for transfers therefore grows with the number of shards.
     */
    public static LedgerConfig share(final LedgerConfig node, final int shards)
    {
        final int even = (node.accountsMax() + shards - 1) / shards;
        final int accounts = shards == 1 ? even : even + (int)Math.ceil(6 * Math.sqrt(even)) + 64;
        return new LedgerConfig(Math.min(node.accountsMax(), accounts), node.transfersMax(), node.historyMax());
    }

    /**
     * The capacities of one ledger that can hold everything {@code shards} shards of {@code share} hold: what a
     * replay of a sharded node's journal into one ledger needs (it never runs out of room where the shards did not).
     */
    public static LedgerConfig whole(final LedgerConfig share, final int shards)
    {
        return new LedgerConfig(times(share.accountsMax(), shards, "accounts"),
            times(share.transfersMax(), shards, "transfers-max"), times(share.historyMax(), shards, "history-max"));
    }

    private static int times(final int capacity, final int shards, final String name)
    {
        final long product = (long)capacity * shards;
        if (product > LedgerConfig.CAPACITY_MAX)
        {
            throw new IllegalArgumentException("with " + shards + " shards, one ledger replaying the node's journal " +
                "needs " + name + " " + capacity + " x " + shards + " = " + product + ", above the largest capacity " +
                LedgerConfig.CAPACITY_MAX + ": lower " + name + " or shards");
        }
        return (int)product;
    }

    public ShardConfig withMaxBatchEvents(final int value)
    {
        return new ShardConfig(shards, ledger, value, maxInFlight, directoryCapacity, idleStrategy, waitStrategy, pauses);
    }

    public ShardConfig withMaxInFlight(final int value)
    {
        return new ShardConfig(shards, ledger, maxBatchEvents, value, directoryCapacity, idleStrategy, waitStrategy, pauses);
    }

    public ShardConfig withDirectoryCapacity(final int value)
    {
        return new ShardConfig(shards, ledger, maxBatchEvents, maxInFlight, value, idleStrategy, waitStrategy, pauses);
    }

    public ShardConfig withIdleStrategy(final Supplier<IdleStrategy> value)
    {
        return new ShardConfig(shards, ledger, maxBatchEvents, maxInFlight, directoryCapacity, value, waitStrategy, pauses);
    }

    public ShardConfig withWaitStrategy(final Supplier<IdleStrategy> value)
    {
        return new ShardConfig(shards, ledger, maxBatchEvents, maxInFlight, directoryCapacity, idleStrategy, value, pauses);
    }

    public ShardConfig withPauses(final ShardPauses value)
    {
        return new ShardConfig(shards, ledger, maxBatchEvents, maxInFlight, directoryCapacity, idleStrategy, waitStrategy, value);
    }

    private static void require(final boolean condition, final String field, final String rule)
    {
        if (!condition)
        {
            throw new IllegalArgumentException("shard config " + field + " " + rule);
        }
    }
}
