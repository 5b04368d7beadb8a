package dev.ledger.ops;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import dev.ledger.journal.verify.JournalVerifier;

/**
 * A one-line progress bar redrawn in place on stderr: how far through the journal, and entries per second.
 */
final class ProgressBar implements JournalVerifier.Progress
{
    private static final int WIDTH = 30;
    /** Redrawing more often than a person can read only costs time. */
    private static final long REDRAW_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(100);

    private final PrintWriter err;
    private final long startNs = System.nanoTime();
    private long lastDrawNs;
    private boolean drawn;

    ProgressBar(final PrintWriter err)
    {
        this.err = err;
    }

    @Override
    public void onProgress(final long index, final long count, final long events)
    {
        final long nowNs = System.nanoTime();
        final long done = index + 1;
        if (drawn && done < count && nowNs - lastDrawNs < REDRAW_INTERVAL_NS)
        {
            return;
        }
        lastDrawNs = nowNs;
        drawn = true;
        final double fraction = count > 0 ? Math.min(1.0, (double)done / count) : 1.0;
        final int filled = (int)Math.round(fraction * WIDTH);
        final double seconds = Math.max((nowNs - startNs) / 1e9, 1e-9);
        err.print(String.format(Locale.ROOT, "\r[%s%s] %3.0f%% %d/%d entries, %.0f entries/s",
            "#".repeat(filled), ".".repeat(WIDTH - filled), fraction * 100, done, count, done / seconds));
        err.flush();
    }

    /** Ends the bar's line, so that what follows starts on a line of its own. */
    void finish()
    {
        if (drawn)
        {
            err.println();
            err.flush();
        }
    }
}
