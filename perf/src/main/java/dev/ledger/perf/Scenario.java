package dev.ledger.perf;

/**
 * The transfer workloads of {@link CreateTransfersBenchmark}, named as its {@code scenario} parameter.
 */
enum Scenario
{
    /** Single-phase transfers, debit and credit account uniform over {@link #ACCOUNTS_MANY} accounts. */
    UNIFORM("uniform", Scenario.ACCOUNTS_MANY),
    /** Single-phase transfers among {@link #ACCOUNTS_HOT} accounts: all state stays in cache. */
    HOT("hot", Scenario.ACCOUNTS_HOT),
    /**
     * Over {@link #ACCOUNTS_MANY} accounts, 20% of the events are two-phase: 10% pending transfers and 10% posts
     * or voids (half each) of a pending transfer made earlier in the same batch or in the previous one.
     */
    TWO_PHASE("two_phase", Scenario.ACCOUNTS_MANY),
    /** Linked chains of {@link #CHAIN_LENGTH} single-phase transfers over {@link #ACCOUNTS_MANY} accounts. */
    CHAINS("chains", Scenario.ACCOUNTS_MANY);

    static final int ACCOUNTS_MANY = 1_000_000;
    static final int ACCOUNTS_HOT = 10;
    static final int CHAIN_LENGTH = 4;

    private final String parameterName;
    private final int accounts;

    Scenario(final String parameterName, final int accounts)
    {
        this.parameterName = parameterName;
        this.accounts = accounts;
    }

    /**
     * @return accounts the scenario's transfers are spread over.
     */
    int accounts()
    {
        return accounts;
    }

    /**
     * @return the name used for the JMH parameter.
     */
    String parameterName()
    {
        return parameterName;
    }

    /**
     * The scenario with a parameter name.
     *
     * @param name e.g. {@code two_phase}.
     * @return the scenario.
     * @throws IllegalArgumentException for an unknown name.
     */
    static Scenario of(final String name)
    {
        for (final Scenario scenario : values())
        {
            if (scenario.parameterName.equals(name))
            {
                return scenario;
            }
        }
        throw new IllegalArgumentException("unknown scenario: " + name);
    }
}
