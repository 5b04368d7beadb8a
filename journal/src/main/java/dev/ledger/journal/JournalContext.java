package dev.ledger.journal;

import java.nio.file.Path;

import dev.ledger.core.LedgerConfig;

/**
 * Where and how a {@link Journal} writes. Set what differs from the defaults, then {@link #conclude()}.
 */
public final class JournalContext
{
    private Path directory;
    private Durability durability = Durability.OS;
    private String rollCycle = "daily";
    private LedgerConfig ledgerConfig;
    private JournalHash stateHash = JournalHash.LEDGER;

    public JournalContext directory(final Path directory)
    {
        this.directory = directory;
        return this;
    }

    public Path directory()
    {
        return directory;
    }

    public JournalContext durability(final Durability durability)
    {
        this.durability = durability;
        return this;
    }

    public Durability durability()
    {
        return durability;
    }

    /**
     * How often the journal starts a new file: {@code daily} (default), {@code hourly}, or {@code secondly}
     * (for tests of file rolling). Files never decide what an entry holds or where it is in the journal.
     *
     * @param rollCycle the cycle's name.
     * @return this.
     */
    public JournalContext rollCycle(final String rollCycle)
    {
        this.rollCycle = rollCycle;
        return this;
    }

    public String rollCycle()
    {
        return rollCycle;
    }

    /**
     * The capacities of the ledger whose log messages the journal records; bound to the journal when it is
     * created (a replay must refuse exactly the batches the ledger refused for lack of room).
     *
     * @param ledgerConfig the capacities.
     * @return this.
     */
    public JournalContext ledgerConfig(final LedgerConfig ledgerConfig)
    {
        this.ledgerConfig = ledgerConfig;
        return this;
    }

    public LedgerConfig ledgerConfig()
    {
        return ledgerConfig;
    }

    /**
     * What each entry's state hash is ({@link JournalHash#LEDGER} by default); bound to the journal when it is
     * created.
     *
     * @param stateHash the kind of hash.
     * @return this.
     */
    public JournalContext stateHash(final JournalHash stateHash)
    {
        this.stateHash = stateHash;
        return this;
    }

    public JournalHash stateHash()
    {
        return stateHash;
    }

    /**
     * Checks the settings.
     *
     * @return this.
     */
    public JournalContext conclude()
    {
        if (directory == null)
        {
            throw new IllegalArgumentException("journal directory is not set");
        }
        if (ledgerConfig == null)
        {
            throw new IllegalArgumentException("journal ledger capacities are not set");
        }
        if (stateHash == null)
        {
            throw new IllegalArgumentException("journal state hash is not set");
        }
        if (durability == null)
        {
            throw new IllegalArgumentException("journal durability is not set");
        }
        if (!rollCycle.equals("daily") && !rollCycle.equals("hourly") && !rollCycle.equals("secondly"))
        {
            throw new IllegalArgumentException("journal roll cycle must be daily, hourly or secondly: " + rollCycle);
        }
        return this;
    }
}
