package dev.ledger.server.shard;

/**
 * The counters every shard keeps ({@link ShardedLedger#counter}), each an Agrona counter labelled
 * {@code "shard <n> <name>"} with type id {@link #typeId()}, so a metrics publisher can find them by either.
 */
public enum ShardMetric
{
    /** Events decided (an event of several shards counts on each). */
    EVENTS("events"),
    /** Events decided together with other shards (one round each). */
    CROSS_SHARD_EVENTS("cross_shard_events"),
    BATCHES("batches"),
    /** Nanoseconds from sending a round's records to having every peer's, summed: the cross-shard round latency. */
    ROUND_NANOS_TOTAL("round_nanos_total"),
    ROUND_NANOS_MAX("round_nanos_max"),
    /** Bytes waiting in the shard's mailbox when it started its last batch: the ring's occupancy. */
    MAILBOX_BYTES("mailbox_bytes"),
    /** Events whose records the shard sent ahead of time. */
    EARLY_RECORDS("early_records");

    private final String metricName;

    ShardMetric(final String metricName)
    {
        this.metricName = metricName;
    }

    public String metricName()
    {
        return metricName;
    }

    public int typeId()
    {
        return 1000 + ordinal();
    }

    public String label(final int shard)
    {
        return "shard " + shard + " " + metricName;
    }
}
