package dev.ledger.core;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeds and sizes of the seeded property tests, from system properties:
 * <ul>
 * <li>{@code -Dledger.seed=N} replays exactly one seed (as printed by a failure);</li>
 * <li>{@code -Dledger.seeds=K} runs K seeds (default 5), derived from {@code -Dledger.seedBase=B} (a fixed
 * default, so that a plain build is repeatable; {@code random} picks a new base, printed);</li>
 * <li>{@code -Dledger.events=N} sets the events per seed (default 10,000).</li>
 * </ul>
 */
final class PropertyRuns
{
    /**
     * Chosen so that the default seeds cover every kind of run the generator makes: roomy capacities, each one
     * capacity tight (accounts, transfers, balance history), and the late epoch where timeouts overflow.
     */
    static final long DEFAULT_SEED_BASE = 10L;
    static final int DEFAULT_SEEDS = 5;
    static final int DEFAULT_EVENTS = 10_000;

    private static Long seedBase;

    private PropertyRuns()
    {
    }

    static List<Long> seeds()
    {
        final String one = System.getProperty("ledger.seed");
        if (one != null && !one.isBlank())
        {
            return List.of(Long.parseLong(one.trim()));
        }
        final SplittableRandom random = new SplittableRandom(seedBase());
        final List<Long> seeds = new ArrayList<>();
        final int count = Integer.getInteger("ledger.seeds", DEFAULT_SEEDS);
        for (int i = 0; i < count; i++)
        {
            seeds.add(random.nextLong());
        }
        return seeds;
    }

    /** One base per JVM, so that every test of a run uses the same seeds. */
    private static synchronized long seedBase()
    {
        if (seedBase == null)
        {
            final String property = System.getProperty("ledger.seedBase", "").trim();
            if (property.equals("random"))
            {
                seedBase = System.nanoTime();
                System.out.println("ledger.seedBase=" + seedBase);
            }
            else
            {
                seedBase = property.isEmpty() ? DEFAULT_SEED_BASE : Long.parseLong(property);
            }
        }
        return seedBase;
    }

    /** Runs a property, so that an unexpected exception (not only a failed assertion) names the seed. */
    static void withSeed(final long seed, final Runnable property)
    {
        try
        {
            property.run();
        }
        catch (final RuntimeException ex)
        {
            throw new AssertionError("seed=" + seed + " (replay with -Dledger.seed=" + seed + "): " + ex, ex);
        }
    }

    static int events()
    {
        return Integer.getInteger("ledger.events", DEFAULT_EVENTS);
    }
}
