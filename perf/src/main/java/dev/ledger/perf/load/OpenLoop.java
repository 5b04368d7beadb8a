package dev.ledger.perf.load;

/**
 * Sends requests on a fixed schedule, whatever the answers do (open loop): request {@code k} is meant for
 * {@code start + k / rate}, and its latency runs from that moment. Warm-up first, then the measured window,
 * then up to {@link #DRAIN_NS} for the last answers.
 */
final class OpenLoop
{
    static final long DRAIN_NS = 30_000_000_000L;
    private static final long POLL_NS = 100_000;

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
        return drain(target, stats, sentInWindow);
    }

    /**
     * Saturation instead of a schedule (closed loop): keeps {@code window} requests outstanding, each sent as
     * soon as an answer frees its place, so that the figure is the most the node does; latency then runs from
     * the actual send and says how long a request waits at that throughput.
     *
     * @param target     where the requests go.
     * @param stats      where the answers are counted.
     * @param window     requests outstanding.
     * @param warmupNs   how long before the window opens.
     * @param durationNs the measured window.
     * @return the window's results.
     */
    static LoadStats.Summary saturate(
        final LoadTarget target,
        final LoadStats stats,
        final int window,
        final long warmupNs,
        final long durationNs)
    {
        final long start = System.nanoTime();
        final long windowStart = start + warmupNs;
        final long end = windowStart + durationNs;
        long sentInWindow = 0;
        boolean open = false;
        long now;
        while ((now = System.nanoTime()) < end)
        {
            if (!open && now >= windowStart)
            {
                stats.open(windowStart);
                open = true;
            }
            while (target.outstanding() < window && System.nanoTime() < end)
            {
                target.submit(now);
                sentInWindow += open ? 1 : 0;
            }
            target.poll(now + POLL_NS);
        }
        return drain(target, stats, sentInWindow);
    }

    private static LoadStats.Summary drain(final LoadTarget target, final LoadStats stats, final long sentInWindow)
    {
        final long drainEnd = System.nanoTime() + DRAIN_NS;
        while (target.outstanding() > 0 && System.nanoTime() < drainEnd)
        {
            target.poll(System.nanoTime() + POLL_NS);
        }
        return stats.summary(sentInWindow, target.outstanding());
    }
}
