package dev.ledger.perf.load;

/**
 * Sends requests on a fixed schedule, whatever the answers do (open loop): request {@code k} is meant for
 * {@code start + k / rate}, and its latency runs from that moment. Warm-up first, then the measured window,
 * then up to {@link #DRAIN_NS} for the last answers.
 */
final class OpenLoop
{
    static final long DRAIN_NS = 30_000_000_000L;

    private OpenLoop()
    {
    }

    /**
     * Runs the schedule.
     *
     * @param target       where the requests go.
     * @param stats        where the answers are counted.
     * @param requestRate  requests per second.
     * @param warmupNs     how long before the window opens.
     * @param durationNs   the measured window.
     * @return the window's results.
     */
    static LoadStats.Summary run(
        final LoadTarget target,
        final LoadStats stats,
        final double requestRate,
        final long warmupNs,
        final long durationNs)
    {
        final double intervalNs = 1e9 / requestRate;
        final long start = System.nanoTime();
        final long windowStart = start + warmupNs;
        final long end = windowStart + durationNs;
        long k = 0;
        long sentInWindow = 0;
        boolean open = false;
        while (true)
        {
            final long now = System.nanoTime();
            if (!open && now >= windowStart)
            {
                stats.open(windowStart);
                open = true;
            }
            long intended = start + (long)(k * intervalNs);
            while (intended <= now && intended < end)
            {
                target.submit(intended);
                sentInWindow += intended >= windowStart ? 1 : 0;
                k++;
                intended = start + (long)(k * intervalNs);
            }
            if (intended >= end)
            {
                break;
            }
            target.poll(intended);
        }
        final long drainEnd = System.nanoTime() + DRAIN_NS;
        while (target.outstanding() > 0 && System.nanoTime() < drainEnd)
        {
            target.poll(System.nanoTime() + 1_000_000);
        }
        return stats.summary(sentInWindow, target.outstanding());
    }
}
