package dev.ledger.core;

/**
 * Every fixed limit of the state machine, each with the reason for its value.
 * Capacities that depend on the deployment live in {@link LedgerConfig}.
 */
public final class LedgerLimits
{
    /**
     * Events in one create or lookup batch: TigerBeetle's limit (8189 events of 128 bytes fill a 1 MiB
     * message with its header), so that batches map one-to-one onto log messages.
     */
    public static final int BATCH_EVENTS_MAX = 8189;

    /** Rows returned by one query or listing: one batch's worth, so a page fits one log message. */
    public static final int QUERY_ROWS_MAX = BATCH_EVENTS_MAX;

    /**
     * Pending transfers expired in one step: bounded like a batch so that one log message never does
     * unbounded work; the rest expire at the next step and are refused as expired meanwhile.
     */
    public static final int EXPIRIES_PER_STEP_MAX = BATCH_EVENTS_MAX;

    /** Size in bytes of an account, transfer, account filter and account balance record on the wire. */
    public static final int RECORD_LENGTH = 128;

    /** Size in bytes of a query filter on the wire. */
    public static final int QUERY_FILTER_LENGTH = 64;

    /** Size in bytes of one id in a lookup batch. */
    public static final int ID_LENGTH = 16;

    /** Size in bytes of one result code in a results buffer. */
    public static final int RESULT_LENGTH = 4;

    /** Smallest valid timestamp (TigerBeetle's {@code TimestampRange.timestamp_min}). */
    public static final long TIMESTAMP_MIN = 1L;

    /** Largest valid timestamp: 2^63 - 1, so timestamps compare correctly as signed longs. */
    public static final long TIMESTAMP_MAX = Long.MAX_VALUE;

    /** Nanoseconds in one second of a pending transfer's {@code timeout}. */
    public static final long NANOS_PER_SECOND = 1_000_000_000L;

    private LedgerLimits()
    {
    }
}
