package dev.ledger.perf;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;

/**
 * The cost of a random memory access on this machine, to ground the estimates of {@code perf/README.md} where
 * hardware counters are not available: a pointer chase through one random cycle over an array of a given size,
 * one node per 64-byte line, timed in the thread's CPU time. With {@code k} independent chases in flight the
 * time per load shows how much memory-level parallelism the core sustains, which the independent misses of one
 * transfer can use.
 * <p>
 * Sizes in MiB as arguments (default 0.03125 0.25 1 16 64 1024 4096, i.e. L1, L2, L3 and DRAM with and
 * without a TLB reach); heap must hold the largest. Rerun with {@code -XX:+UseTransparentHugePages} to see the
 * share of the page walks.
 */
public final class MemoryLatencyReport
{
    private static final int INTS_PER_LINE = 16;
    private static final int[] IN_FLIGHT = { 1, 2, 4, 8, 16 };
    private static final long MEASURE_NS = 400_000_000L;
    private static final int STEPS_PER_ROUND = 1 << 20;
    /** CPU time of this thread, not wall time: on a shared machine the chase may be descheduled. */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private MemoryLatencyReport()
    {
    }

    /**
     * Prints nanoseconds per load for each size and number of chases in flight.
     *
     * @param args sizes in MiB.
     */
    public static void main(final String[] args)
    {
        final String[] sizes = args.length > 0 ? args : new String[] {
            "0.03125", "0.25", "1", "16", "64", "1024", "4096" };
        RunEnvironment.print(System.out);
        System.out.printf("%n%10s", "size MiB");
        for (final int k : IN_FLIGHT)
        {
            System.out.printf("%14s", "ns/load k=" + k);
        }
        System.out.println();
        long sink = 0;
        for (final String size : sizes)
        {
            final long bytes = (long)(Double.parseDouble(size) * (1 << 20));
            final int lines = (int)Math.max(IN_FLIGHT[IN_FLIGHT.length - 1], bytes / 64);
            final int[] next = cycle(lines);
            System.out.printf("%10s", size);
            for (final int k : IN_FLIGHT)
            {
                final long[] result = chase(next, lines, k);
                sink += result[1];
                System.out.printf("%14.1f", result[0] / 1000.0);
            }
            System.out.println();
        }
        System.out.println("(checksum " + sink + ")");
    }

    /** One random cycle through every line (Sattolo's algorithm); the link sits in the line's first int. */
    private static int[] cycle(final int lines)
    {
        final int[] order = new int[lines];
        for (int i = 0; i < lines; i++)
        {
            order[i] = i;
        }
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = lines - 1; i > 0; i--)
        {
            final int j = random.nextInt(i);
            final int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        final int[] next = new int[Math.multiplyExact(lines, INTS_PER_LINE)];
        for (int i = 0; i < lines; i++)
        {
            next[order[i] * INTS_PER_LINE] = order[(i + 1) % lines] * INTS_PER_LINE;
        }
        return next;
    }

    /**
     * @return picoseconds per load, and a checksum that keeps the loads alive.
     */
    private static long[] chase(final int[] next, final int lines, final int k)
    {
        final int[] at = new int[k];
        for (int j = 0; j < k; j++)
        {
            // Spread the chases around the cycle by walking from one start.
            at[j] = j == 0 ? 0 : walk(next, at[j - 1], lines / k);
        }
        runRounds(next, at, 2);
        long rounds = 0;
        final long start = THREADS.getCurrentThreadCpuTime();
        long elapsed;
        do
        {
            runRounds(next, at, 1);
            rounds++;
            elapsed = THREADS.getCurrentThreadCpuTime() - start;
        }
        while (elapsed < MEASURE_NS);
        long checksum = 0;
        for (final int position : at)
        {
            checksum += position;
        }
        return new long[] { elapsed * 1000 / (rounds * STEPS_PER_ROUND * k), checksum };
    }

    private static int walk(final int[] next, final int from, final int steps)
    {
        int position = from;
        for (int i = 0; i < steps; i++)
        {
            position = next[position];
        }
        return position;
    }

    private static void runRounds(final int[] next, final int[] at, final int rounds)
    {
        final int k = at.length;
        for (int round = 0; round < rounds; round++)
        {
            for (int step = 0; step < STEPS_PER_ROUND; step++)
            {
                for (int j = 0; j < k; j++)
                {
                    at[j] = next[at[j]];
                }
            }
        }
    }
}
