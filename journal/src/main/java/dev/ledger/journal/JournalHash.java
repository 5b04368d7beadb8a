package dev.ledger.journal;

/**
 * What the state hash of each journal entry is, chosen when the journal is created and bound to it: a replay
 * computes the same value after each entry and must find the recorded one.
 */
public enum JournalHash
{
    /** {@code Ledger.stateHash()} after the entry: the running hash of every decision of one plain ledger. */
    LEDGER("ledger"),
    /**
     * {@code ResultsChain} over every entry's batch status and result codes (an expiry entry that expired any
     * mixes as an OK batch of no events): the same for any number of shards, so it is what a sharded node
     * records. A replay takes a refusal for lack of room ({@code ACCOUNTS_FULL}, {@code TRANSFERS_FULL}) as
     * recorded: a sharded node refuses a batch when one shard is full, which a single ledger cannot decide.
     */
    RESULTS("results");

    private final String property;

    JournalHash(final String property)
    {
        this.property = property;
    }

    /** The name in {@code journal.properties}. */
    public String property()
    {
        return property;
    }

    static JournalHash parse(final String property)
    {
        for (final JournalHash hash : values())
        {
            if (hash.property.equals(property))
            {
                return hash;
            }
        }
        throw new IllegalArgumentException("unknown journal state hash '" + property + "' (ledger or results)");
    }
}
