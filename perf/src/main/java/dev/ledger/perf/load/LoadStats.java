package dev.ledger.perf.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What a load run measured: the latency of every request answered without failure, from the moment the open
 * loop meant to send it (so a stalled server or client is charged for the requests it held up: no coordinated
 * omission); failed requests (busy, timeout, HTTP errors) counted by reason; the events applied. Only requests
 * meant to be sent inside the measured window count. Completions may come from any thread.
 */
final class LoadStats
{
    private final Recorder latency = new Recorder(TimeUnit.MINUTES.toNanos(2), 3);
    private final LongAdder requests = new LongAdder();
    private final LongAdder events = new LongAdder();
    private final LongAdder eventsOk = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final AtomicLong lastCompletionNs = new AtomicLong();
    private volatile long windowStartNs = Long.MAX_VALUE;

    LoadStats()
    {
        // Nothing is recorded before the window opens, so opening it needs no reset. Its first sample, taken here,
        // loads and links the recorder's code before the run: at the window's start that cost ~10 ms, charged to
        // every request sent meanwhile (an open loop counts its own stalls against the node).
        latency.recordValue(1);
        latency.getIntervalHistogram();
    }

    /**
     * Opens the measured window: from now on only requests meant to be sent at or after {@code startNs} count.
     *
     * @param startNs the window's start, {@link System#nanoTime()} scale.
     */
    void open(final long startNs)
    {
        windowStartNs = startNs;
    }

    /**
     * A request answered.
     *
     * @param intendedNs when the open loop meant to send it.
     * @param events     events it carried.
     * @param ok         events applied ({@code ok}).
     * @param failure    why the whole request failed (busy, timeout, an HTTP status), or null.
     */
    void completed(final long intendedNs, final int events, final int ok, final String failure)
    {
        if (intendedNs < windowStartNs)
        {
            return;
        }
        final long now = System.nanoTime();
        if (failure == null)
        {
            // Failed requests are counted, not timed: a busy answer in 100 ms is not a fast transfer.
            latency.recordValue(Math.min(now - intendedNs, TimeUnit.MINUTES.toNanos(2)));
        }
        requests.increment();
        this.events.add(events);
        eventsOk.add(ok);
        if (failure != null)
        {
            failures.computeIfAbsent(failure, key -> new LongAdder()).increment();
        }
        lastCompletionNs.accumulateAndGet(now, Math::max);
    }

    /**
     * The window's results.
     *
     * @param sent       requests meant to be sent in the window.
     * @param unanswered requests still without an answer at the end.
     * @return the summary.
     */
    Summary summary(final long sent, final long unanswered)
    {
        final Histogram histogram = latency.getIntervalHistogram();
        final double seconds = Math.max(1, lastCompletionNs.get() - windowStartNs) / 1e9;
        final Map<String, Long> failed = new TreeMap<>();
        failures.forEach((reason, count) -> failed.put(reason, count.sum()));
        return new Summary(sent, requests.sum(), unanswered, events.sum(), eventsOk.sum(), seconds,
            histogram.getValueAtPercentile(50) / 1e6, histogram.getValueAtPercentile(99) / 1e6,
            histogram.getValueAtPercentile(99.9) / 1e6, histogram.getMaxValue() / 1e6,
            histogram.getValueAtPercentile(90) / 1e6, histogram.getValueAtPercentile(99.99) / 1e6, failed);
    }

    /**
     * @param sent       requests meant to be sent in the window.
     * @param answered   requests answered.
     * @param unanswered requests still without an answer at the end.
     * @param events     events in the answered requests.
     * @param eventsOk   events applied.
     * @param seconds    from the window's start to the last answer.
     * @param p50Ms      median latency, ms.
     * @param p99Ms      99th percentile, ms.
     * @param p999Ms     99.9th percentile, ms.
     * @param maxMs      the largest, ms.
     * @param p90Ms      90th percentile, ms.
     * @param p9999Ms    99.99th percentile, ms.
     * @param failures   failed requests by reason.
     */
    record Summary(long sent, long answered, long unanswered, long events, long eventsOk, double seconds,
        double p50Ms, double p99Ms, double p999Ms, double maxMs, double p90Ms, double p9999Ms,
        Map<String, Long> failures)
    {
        /** @return events applied per second over the window. */
        double eventsPerSecond()
        {
            return eventsOk / seconds;
        }

        /** @return requests answered per second over the window. */
        double requestsPerSecond()
        {
            return answered / seconds;
        }
    }
}
