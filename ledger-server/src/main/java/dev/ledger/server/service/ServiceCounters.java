package dev.ledger.server.service;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.agrona.DirectBuffer;

import io.aeron.cluster.service.Cluster;

import dev.ledger.core.BatchStatus;
import dev.ledger.core.CreateAccountResult;
import dev.ledger.core.CreateTransferResult;
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.Wire;
import dev.ledger.journal.Journal;

/**
 * What the service has done, written by the service thread only and read by metrics from any thread. Counts
 * per result code are summed per batch first, so a batch costs one add per distinct code.
 */
public final class ServiceCounters
{
    private final AtomicLongArray transferResults = new AtomicLongArray(CreateTransferResult.values().length + 1);
    private final AtomicLongArray accountResults = new AtomicLongArray(CreateAccountResult.values().length + 1);
    private final int[] batchCounts = new int[Math.max(transferResults.length(), accountResults.length())];
    private final AtomicLong batchesRefused = new AtomicLong();
    private final AtomicLong queries = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong sessions = new AtomicLong();
    private final AtomicLong snapshots = new AtomicLong();
    private volatile long accounts;
    private volatile long transfers;
    private volatile long journalIndex = -1;
    private volatile long journalLogPosition = -1;
    private volatile Cluster.Role role = Cluster.Role.FOLLOWER;

    void onCreate(final boolean isTransfers, final int status, final DirectBuffer results, final int count)
    {
        if (status != BatchStatus.OK)
        {
            batchesRefused.incrementAndGet();
            return;
        }
        final AtomicLongArray byCode = isTransfers ? transferResults : accountResults;
        final int last = byCode.length() - 1;
        for (int i = 0; i < count; i++)
        {
            batchCounts[Math.min(results.getInt(i * LedgerLimits.RESULT_LENGTH, Wire.ORDER), last)]++;
        }
        for (int code = 0; code <= last; code++)
        {
            if (batchCounts[code] != 0)
            {
                byCode.addAndGet(code, batchCounts[code]);
                batchCounts[code] = 0;
            }
        }
    }

    void update(final LedgerEngine ledger, final Journal journal)
    {
        accounts = ledger.accountCount();
        transfers = ledger.transferCount();
        journalIndex = journal.nextIndex() - 1;
        journalLogPosition = journal.lastLogPosition();
    }

    void onQuery()
    {
        queries.incrementAndGet();
    }

    void onRejected()
    {
        rejected.incrementAndGet();
    }

    void onExpired(final int count)
    {
        expired.addAndGet(count);
    }

    void onSnapshot()
    {
        snapshots.incrementAndGet();
    }

    void sessionsOpen(final int delta)
    {
        sessions.addAndGet(delta);
    }

    void role(final Cluster.Role newRole)
    {
        role = newRole;
    }

    /**
     * @param code a {@link CreateTransferResult} code.
     * @return transfers answered with it.
     */
    public long transferResults(final int code)
    {
        return transferResults.get(code);
    }

    /**
     * @param code a {@link CreateAccountResult} code.
     * @return accounts answered with it.
     */
    public long accountResults(final int code)
    {
        return accountResults.get(code);
    }

    /** @return create batches refused whole because the ledger was full. */
    public long batchesRefused()
    {
        return batchesRefused.get();
    }

    /** @return lookups, gets and queries answered. */
    public long queries()
    {
        return queries.get();
    }

    /** @return requests rejected as not well-formed. */
    public long rejected()
    {
        return rejected.get();
    }

    /** @return cluster snapshots this node has written since it started. */
    public long snapshots()
    {
        return snapshots.get();
    }

    /** @return pending transfers expired. */
    public long expired()
    {
        return expired.get();
    }

    /** @return client sessions open. */
    public long sessions()
    {
        return sessions.get();
    }

    /** @return accounts in the ledger. */
    public long accounts()
    {
        return accounts;
    }

    /** @return transfer ids in the ledger. */
    public long transfers()
    {
        return transfers;
    }

    /** @return the journal's last index, -1 when empty. */
    public long journalIndex()
    {
        return journalIndex;
    }

    /** @return the log position of the journal's last entry, -1 when empty. */
    public long journalLogPosition()
    {
        return journalLogPosition;
    }

    /** @return this node's role in the cluster. */
    public Cluster.Role role()
    {
        return role;
    }
}
