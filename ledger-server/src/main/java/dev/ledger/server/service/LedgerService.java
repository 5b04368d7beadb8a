package dev.ledger.server.service;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;

import dev.ledger.client.MemberSettings;
import dev.ledger.core.BatchStatus;
import dev.ledger.core.LedgerLimits;
import dev.ledger.journal.EntryKind;
import dev.ledger.journal.Journal;
import dev.ledger.server.sbe.RejectReason;

/**
 * The clustered service: applies each committed log message to the ledger ({@link LedgerEngine}: one ledger,
 * or account shards on their own threads), records it in the journal, and answers the client. The cluster time
 * (nanoseconds, {@code NanosecondClusterClock}) is the only clock; pending transfers expire at the start of every
 * create batch and from a cluster timer set to the next deadline, which reaches every replica through the log.
 * <p>
 * Order per create message: apply, append to the journal, commit the journal (one sync in {@code sync} mode),
 * then answer, so nothing is acknowledged before it is journaled. A log message at or below the journal's last
 * log position (a replay after a restart) is applied again but not journaled twice; the first new entry after
 * such a replay must start from the journal's last state hash, or the node stops: its cluster log and its
 * journal disagree.
 * <p>
 * A failed journal write, a ledger invariant or anything else unexpected is fatal: the {@link FatalHandler}
 * is told (the node logs and halts) and the service agent ends, so that nothing is acknowledged past it.
 */
public final class LedgerService implements ClusteredService, RequestHandler
{
    /** The correlation id of the expiry timer: there is only ever one, at the earliest deadline. */
    static final long EXPIRY_TIMER = 1;
    private static final Logger LOG = LoggerFactory.getLogger(LedgerService.class);

    private final LedgerEngine ledger;
    private final Journal journal;
    private final FatalHandler fatal;
    private final ServiceCounters counters;
    private final MemberSettings settings;
    private final RequestAdapter adapter = new RequestAdapter(this);
    private final UnsafeBuffer results =
        new UnsafeBuffer(new byte[LedgerLimits.BATCH_EVENTS_MAX * LedgerLimits.RESULT_LENGTH]);
    private Cluster cluster;
    private ResponsePublisher publisher;
    private long timerDeadlineNs = Long.MAX_VALUE;

    /**
     * @param empty    the ledger, new and empty, of the capacities every replica has: allocated by the caller
     *                 before the cluster's agents run (gigabytes of fresh memory take seconds, and a stall that
     *                 long trips their liveness timeouts); restored from the cluster snapshot if there is one.
     * @param journal  the node's journal, open for appending, recording the engine's kind of state hash.
     * @param fatal    told when the service must stop.
     * @param counters where the service counts its work for metrics.
     * @param settings this member's settings, which every member must share.
     */
    public LedgerService(final LedgerEngine empty, final Journal journal, final FatalHandler fatal,
        final ServiceCounters counters, final MemberSettings settings)
    {
        this.ledger = empty;
        this.journal = journal;
        this.fatal = fatal;
        this.counters = counters;
        this.settings = settings;
    }

    @Override
    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        this.cluster = cluster;
        this.publisher = new ResponsePublisher(cluster.idleStrategy());
        try
        {
            if (snapshotImage != null)
            {
                final long startNs = System.nanoTime();
                new SnapshotLoader(cluster.idleStrategy()).load(ledger, snapshotImage);
                LOG.info("loaded the cluster snapshot at log position {} in {} ms", cluster.logPosition(),
                    (System.nanoTime() - startNs) / 1_000_000);
            }
        }
        catch (final RuntimeException ex)
        {
            throw halt("cannot load the cluster snapshot", ex);
        }
        LOG.info("service started: {}, journal at index {} (log position {})", ledger.describe(),
            journal.nextIndex() - 1, journal.lastLogPosition());
        counters.update(ledger, journal);
    }

    @Override
    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
        counters.sessionsOpen(+1);
    }

    @Override
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
        counters.sessionsOpen(-1);
    }

    @Override
    public void onSessionMessage(final ClientSession session, final long timestamp, final DirectBuffer buffer,
        final int offset, final int length, final Header header)
    {
        try
        {
            adapter.onMessage(session, timestamp, header.position(), buffer, offset, length);
        }
        catch (final AgentTerminationException ex)
        {
            throw ex;
        }
        catch (final RuntimeException | Error ex)
        {
            throw halt("applying the log message at position " + header.position() + " failed", ex);
        }
    }

    @Override
    public void create(final ClientSession session, final long correlationId, final boolean transfers,
        final long timestampNs, final long logPosition, final DirectBuffer events, final int offset,
        final int count)
    {
        final boolean journaled = logPosition > journal.lastLogPosition();
        if (journaled)
        {
            requireJournalInStep(logPosition);
        }
        final int status = ledger.create(transfers, timestampNs, events, offset, count, results);
        if (journaled)
        {
            journal.appendCreate(transfers ? EntryKind.CREATE_TRANSFERS : EntryKind.CREATE_ACCOUNTS, logPosition,
                timestampNs, events, offset, count, status, results, 0, ledger.journalHash());
            journal.commit();
        }
        counters.onCreate(transfers, status, results, status == BatchStatus.OK ? count : 0);
        counters.update(ledger, journal);
        publisher.sendCreateResults(session, correlationId, timestampNs, status, results, count);
        scheduleExpiry();
    }

    @Override
    public void lookup(final ClientSession session, final long correlationId, final boolean transfers,
        final DirectBuffer ids, final int offset, final int count)
    {
        final int found = ledger.lookup(transfers, ids, offset, count, publisher.rows(), ResponsePublisher.ROWS_OFFSET);
        counters.onQuery();
        publisher.sendRecords(session, correlationId, found);
    }

    @Override
    public void accountRows(final ClientSession session, final long correlationId, final boolean balances,
        final DirectBuffer filter, final int offset)
    {
        final int rows = ledger.accountRows(balances, filter, offset, publisher.rows(), ResponsePublisher.ROWS_OFFSET);
        counters.onQuery();
        publisher.sendRecords(session, correlationId, rows);
    }

    @Override
    public void query(final ClientSession session, final long correlationId, final boolean transfers,
        final DirectBuffer filter, final int offset)
    {
        final int rows = ledger.query(transfers, filter, offset, publisher.rows(), ResponsePublisher.ROWS_OFFSET);
        counters.onQuery();
        publisher.sendRecords(session, correlationId, rows);
    }

    @Override
    public void reject(final ClientSession session, final long correlationId, final RejectReason reason,
        final String detail)
    {
        counters.onRejected();
        publisher.sendRejected(session, correlationId, reason, detail);
    }

    /**
     * Another member's settings, in log order on every member: each compares them with its own and says so when
     * they differ; the leader's answer lets the member that sent them stop if it is the odd one out. Changes
     * nothing and is not journaled.
     */
    @Override
    public void checkSettings(final ClientSession session, final long correlationId, final DirectBuffer buffer,
        final int offset)
    {
        final MemberSettings theirs = MemberSettings.read(buffer, offset);
        if (!theirs.agreesWith(settings))
        {
            LOG.warn("member {} runs {}, this member (member {}) {}: every member must run the same",
                theirs.memberId(), theirs.describe(), settings.memberId(), settings.describe());
        }
        publisher.sendSettings(session, correlationId, settings);
    }

    @Override
    public void onTimerEvent(final long correlationId, final long timestamp)
    {
        timerDeadlineNs = Long.MAX_VALUE;
        try
        {
            final long logPosition = cluster.logPosition();
            final boolean journaled = logPosition > journal.lastLogPosition();
            if (journaled)
            {
                requireJournalInStep(logPosition);
            }
            final int expired = ledger.expire(timestamp);
            if (expired > 0 && journaled)
            {
                journal.appendExpiry(logPosition, timestamp, expired, ledger.journalHash());
                journal.commit();
            }
            counters.onExpired(expired);
            counters.update(ledger, journal);
            scheduleExpiry();
        }
        catch (final AgentTerminationException ex)
        {
            throw ex;
        }
        catch (final RuntimeException | Error ex)
        {
            throw halt("the expiry timer at " + timestamp + " failed", ex);
        }
    }

    /** Keeps one timer at the earliest expiry deadline; the same calls on every replica, from the log alone. */
    private void scheduleExpiry()
    {
        final long deadlineNs = ledger.nextExpiryTimestampNs();
        if (deadlineNs != timerDeadlineNs)
        {
            if (deadlineNs == Long.MAX_VALUE)
            {
                cluster.cancelTimer(EXPIRY_TIMER);
            }
            else
            {
                while (!cluster.scheduleTimer(EXPIRY_TIMER, deadlineNs))
                {
                    cluster.idleStrategy().idle();
                }
            }
            timerDeadlineNs = deadlineNs;
        }
    }

    private void requireJournalInStep(final long logPosition)
    {
        if (journal.nextIndex() > 0 && ledger.journalHash() != journal.lastStateHash())
        {
            throw new IllegalStateException("the journal ends at log position " + journal.lastLogPosition() +
                " with state hash " + Long.toHexString(journal.lastStateHash()) + ", but the ledger restored from " +
                "the cluster has " + Long.toHexString(ledger.journalHash()) + " before log position " + logPosition +
                ": the cluster log and the journal disagree (a journal older than the cluster snapshot, or entries " +
                "lost); verify the journal with 'ledger journal verify'");
        }
    }

    @Override
    public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
    {
        final long startNs = System.nanoTime();
        final long bytes = new SnapshotPublisher(cluster.idleStrategy()).publish(ledger, snapshotPublication);
        LOG.info("cluster snapshot at log position {}: {} bytes in {} ms", cluster.logPosition(), bytes,
            (System.nanoTime() - startNs) / 1_000_000);
        counters.onSnapshot();
    }

    @Override
    public void onRoleChange(final Cluster.Role newRole)
    {
        LOG.info("role: {}", newRole);
        counters.role(newRole);
    }

    @Override
    public void onTerminate(final Cluster cluster)
    {
        LOG.info("service terminating at log position {}", cluster.logPosition());
    }

    private AgentTerminationException halt(final String what, final Throwable cause)
    {
        fatal.onFatal(what, cause);
        return new AgentTerminationException(what + ": " + cause);
    }
}
