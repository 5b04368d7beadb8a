package dev.ledger.server.cluster;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * The idle strategies a node's agents may use, by name. {@code sleep} (the default) parks 100 µs every time:
 * on a 2-core machine under many small requests it uses about half the CPU of {@code backoff} (spins briefly,
 * yields, then parks up to 1 ms) and halves the p99, for ~0.45 ms more at the median (perf/README.md).
 * {@code yield} and {@code spin} are for machines with a core to spare per agent (never on 2 cores:
 * shared/STACK.md).
 */
public final class IdleStrategies
{
    /** The names {@link #supplier(String)} accepts. */
    public static final String NAMES = "backoff, sleep, yield, spin";

    private IdleStrategies()
    {
    }

    /**
     * @param name one of {@link #NAMES}.
     * @return a supplier of fresh strategies of that kind (each agent needs its own).
     * @throws IllegalArgumentException for any other name.
     */
    public static Supplier<IdleStrategy> supplier(final String name)
    {
        switch (name)
        {
            case "backoff":
                return () -> new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(1),
                    TimeUnit.MILLISECONDS.toNanos(1));
            case "sleep":
                return () -> new SleepingIdleStrategy(TimeUnit.MICROSECONDS.toNanos(100));
            case "yield":
                return YieldingIdleStrategy::new;
            case "spin":
                return BusySpinIdleStrategy::new;
            default:
                throw new IllegalArgumentException("idle strategy must be one of " + NAMES + ": " + name);
        }
    }
}
