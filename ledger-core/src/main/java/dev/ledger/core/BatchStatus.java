package dev.ledger.core;

/**
 * The outcome of a whole create batch, before any event is looked at. Only {@link #OK} applies events;
 * the others change nothing and write no results.
 */
public final class BatchStatus
{
    /** Every event got its result code. */
    public static final int OK = 0;
    /** The ledger has no room for as many new accounts as the batch holds events. */
    public static final int ACCOUNTS_FULL = 1;
    /** The ledger has no room for as many new transfer ids (or balance snapshots) as the batch could need. */
    public static final int TRANSFERS_FULL = 2;

    private BatchStatus()
    {
    }
}
