package dev.ledger.perf;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The model behind the scaling table of perf/README.md ("How it scales on 16+ cores"): it replays the shards'
 * rules on simulated time, with costs measured on a 2-core machine, to project N shards on N free cores.
 * <p>
 * Each transfer picks two accounts' shards uniformly (so 1 - 1/N of them cross); an event costs {@code work}
 * nanoseconds on each of its shards; shards apply their events in log order. In lock-step a cross-shard event
 * starts when both shards are free, plus the one-way latency. With records sent ahead, a shard may start it once
 * the peer's records are there, which the peer sends when it is {@code ahead} of its own events before it.
 * Prints millions of transfers per second. Usage: {@code ShardScalingModel [work-ns] [events]}.
 */
public final class ShardScalingModel
{
    private ShardScalingModel()
    {
    }

    public static void main(final String[] args)
    {
        final double work = args.length > 0 ? Double.parseDouble(args[0]) : 600;
        final int events = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        System.out.printf(Locale.ROOT, "%-8s %14s %14s %14s%n", "shards", "lock-step 250", "ahead-16 250", "ahead-16 500");
        for (final int shards : new int[]{1, 2, 4, 8, 16, 32})
        {
            System.out.printf(Locale.ROOT, "%-8d %14.2f %14.2f %14.2f%n", shards,
                simulate(shards, events, work, 250, -1, 0), simulate(shards, events, work, 250, 16, 0),
                simulate(shards, events, work, 500, 16, 0));
        }
        // Hot accounts: every event shares an account with the ones just before it, so nothing goes ahead.
        System.out.printf(Locale.ROOT, "10 hot accounts, 250 ns per event, lock-step at 250 ns:");
        for (final int shards : new int[]{1, 2, 4, 8, 16})
        {
            System.out.printf(Locale.ROOT, " %d shards %.2f;", shards, simulate(shards, events, 250, 250, -1, 10));
        }
        System.out.println();
    }

    /**
     * @param ahead how many of its events early a shard sends records; -1 for lock-step.
     * @param hot   transfers only between this many accounts, each on a random shard; 0 for uniform.
     */
    static double simulate(
        final int shards, final int events, final double work, final double latency, final int ahead, final int hot)
    {
        final SplittableRandom random = new SplittableRandom(1);
        final int[] hotShards = new int[hot];
        for (int i = 0; i < hot; i++)
        {
            hotShards[i] = random.nextInt(shards);
        }
        final double[][] done = new double[shards][events];
        final int[] count = new int[shards];
        final double[] free = new double[shards];
        double end = 0;
        for (int e = 0; e < events; e++)
        {
            final int debit = hot > 0 ? random.nextInt(hot) : 0;
            final int credit = hot > 0 ? (debit + 1 + random.nextInt(hot - 1)) % hot : 0;
            final int a = hot > 0 ? hotShards[debit] : random.nextInt(shards);
            final int b = hot > 0 ? hotShards[credit] : random.nextInt(shards);
            if (a == b)
            {
                free[a] += work;
                done[a][count[a]++] = free[a];
                end = Math.max(end, free[a]);
                continue;
            }
            final double startA;
            final double startB;
            if (ahead < 0)
            {
                startA = Math.max(free[a], free[b]) + latency;
                startB = startA;
            }
            else
            {
                startA = Math.max(free[a], sentAt(done[b], count[b], ahead) + latency);
                startB = Math.max(free[b], sentAt(done[a], count[a], ahead) + latency);
            }
            free[a] = startA + work;
            free[b] = startB + work;
            done[a][count[a]++] = free[a];
            done[b][count[b]++] = free[b];
            end = Math.max(end, Math.max(free[a], free[b]));
        }
        return events / end * 1e3;
    }

    /** When a shard that has decided {@code count} events sends records for its next event, {@code ahead} early. */
    private static double sentAt(final double[] done, final int count, final int ahead)
    {
        final int before = count - ahead - 1;
        return before >= 0 ? done[before] : 0;
    }
}
