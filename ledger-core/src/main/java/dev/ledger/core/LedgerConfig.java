package dev.ledger.core;

/**
 * The capacities of one ledger state machine. All storage is allocated up front from these numbers, so
 * that applying events never allocates; a batch that would not fit is refused whole with
 * {@link BatchStatus#ACCOUNTS_FULL} or {@link BatchStatus#TRANSFERS_FULL}.
 * <p>
 * Every replica of a ledger must use the same capacities: they decide outcomes.
 *
 * @param accountsMax  accounts the ledger can hold.
 * @param transfersMax transfer ids the ledger can hold: created transfers plus ids burned by transient failures.
 * @param historyMax   balance snapshots kept for accounts with the {@code history} flag (one per side of a
 *                     transfer that touches such an account); at least two per event of a full batch,
 *                     {@link #HISTORY_MIN}, since a batch is refused when fewer than two per event remain.
 */
public record LedgerConfig(int accountsMax, int transfersMax, int historyMax)
{
    /** Upper bound of every capacity: indexes are power-of-two tables of at most 2^30 slots at load 1/2. */
    public static final int CAPACITY_MAX = 1 << 29;

    /** The smallest {@code historyMax}: room for one full batch whose transfers all touch two history accounts. */
    public static final int HISTORY_MIN = 2 * LedgerLimits.BATCH_EVENTS_MAX;

    /**
     * Validates the capacities.
     *
     * @throws IllegalArgumentException naming the capacity and the rule it breaks.
     */
    public LedgerConfig
    {
        requireInRange("accountsMax", accountsMax);
        requireInRange("transfersMax", transfersMax);
        if (historyMax < HISTORY_MIN || historyMax > CAPACITY_MAX)
        {
            throw new IllegalArgumentException(
                "historyMax must be in " + HISTORY_MIN + ".." + CAPACITY_MAX + ": " + historyMax);
        }
    }

    private static void requireInRange(final String name, final int value)
    {
        if (value < 1 || value > CAPACITY_MAX)
        {
            throw new IllegalArgumentException(name + " must be in 1.." + CAPACITY_MAX + ": " + value);
        }
    }
}
