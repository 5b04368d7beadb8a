package dev.ledger.server.cluster;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the cluster for a snapshot at a fixed interval, so that a restart replays at most that much of the log:
 * Aeron Cluster replays everything after a member's last snapshot, and without this takes one only when a lone
 * member stops. Every member runs a timer, and only the leader's request takes effect: the consensus module keeps
 * the control toggle inactive on followers, and the leader appends the snapshot to the log, so every member
 * snapshots at the same log position. A tick when the ledger has not changed since the last snapshot this timer
 * asked for is skipped: an idle cluster does not pile up identical snapshots in its archive (Aeron keeps every
 * one). The interval is the machine's time, outside the state machine: what replicas must agree on is the
 * snapshot's log position, and that comes from the log.
 */
public final class SnapshotTimer implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotTimer.class);

    private final ScheduledExecutorService executor;
    private final ClusterMember member;
    private final LongSupplier ledgerVersion;
    private long versionAsked = Long.MIN_VALUE;

    private SnapshotTimer(
        final ScheduledExecutorService executor, final ClusterMember member, final LongSupplier ledgerVersion)
    {
        this.executor = executor;
        this.member = member;
        this.ledgerVersion = ledgerVersion;
    }

    /**
     * @param member        the member whose consensus module is asked.
     * @param intervalS     seconds between requests, the first one interval after the start; 0: never.
     * @param ledgerVersion a number that changes whenever the ledger does (the journal's last index).
     * @return the running timer.
     */
    public static SnapshotTimer start(final ClusterMember member, final int intervalS, final LongSupplier ledgerVersion)
    {
        if (intervalS <= 0)
        {
            return new SnapshotTimer(null, member, ledgerVersion);
        }
        final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task ->
        {
            final Thread thread = new Thread(task, "ledger-snapshot-timer");
            thread.setDaemon(true);
            return thread;
        });
        final SnapshotTimer timer = new SnapshotTimer(executor, member, ledgerVersion);
        executor.scheduleWithFixedDelay(timer::request, intervalS, intervalS, TimeUnit.SECONDS);
        return timer;
    }

    private void request()
    {
        try
        {
            final long version = ledgerVersion.getAsLong();
            // Refused on a follower, and on the leader while another snapshot or a shutdown is under way.
            if (version != versionAsked && member.requestSnapshot())
            {
                versionAsked = version;
                LOG.info("periodic snapshot requested");
            }
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("periodic snapshot not requested: {}", ex.toString());
        }
    }

    /** Stops requesting; a snapshot already requested still completes. */
    @Override
    public void close()
    {
        if (executor != null)
        {
            executor.shutdownNow();
            try
            {
                executor.awaitTermination(1, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
