package dev.ledger.server.service;

import dev.ledger.core.Ledger;
import dev.ledger.core.SnapshotSink;
import dev.ledger.core.SnapshotSource;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/** One plain ledger, applied on the service thread; the journal records its state hash. */
public final class SingleLedgerEngine implements LedgerEngine
{
    private final Ledger ledger;

    /**
     * @param empty the ledger, new and empty, allocated before the cluster's agents run (gigabytes of fresh memory
     *              take seconds, and a stall that long trips their liveness timeouts).
     */
    public SingleLedgerEngine(final Ledger empty)
    {
        this.ledger = empty;
    }

    @Override
    public int create(final boolean transfers, final long timestampNs, final DirectBuffer events, final int offset,
        final int count, final MutableDirectBuffer results)
    {
        return transfers ? ledger.createTransfers(timestampNs, events, offset, count, results, 0) :
            ledger.createAccounts(timestampNs, events, offset, count, results, 0);
    }

    @Override
    public int expire(final long timestampNs)
    {
        return ledger.expirePendingTransfers(timestampNs);
    }

    @Override
    public long nextExpiryTimestampNs()
    {
        return ledger.nextExpiryTimestampNs();
    }

    @Override
    public long journalHash()
    {
        return ledger.stateHash();
    }

    @Override
    public int lookup(final boolean transfers, final DirectBuffer ids, final int offset, final int count,
        final MutableDirectBuffer output, final int outOffset)
    {
        return transfers ? ledger.lookupTransfers(ids, offset, count, output, outOffset) :
            ledger.lookupAccounts(ids, offset, count, output, outOffset);
    }

    @Override
    public int accountRows(final boolean balances, final DirectBuffer filter, final int offset,
        final MutableDirectBuffer output, final int outOffset)
    {
        return balances ? ledger.getAccountBalances(filter, offset, output, outOffset) :
            ledger.getAccountTransfers(filter, offset, output, outOffset);
    }

    @Override
    public int query(final boolean transfers, final DirectBuffer filter, final int offset,
        final MutableDirectBuffer output, final int outOffset)
    {
        return transfers ? ledger.queryTransfers(filter, offset, output, outOffset) :
            ledger.queryAccounts(filter, offset, output, outOffset);
    }

    @Override
    public long accountCount()
    {
        return ledger.accountCount();
    }

    @Override
    public long transferCount()
    {
        return ledger.transferCount();
    }

    @Override
    public long writeSnapshot(final SnapshotSink sink)
    {
        return ledger.writeSnapshot(sink);
    }

    @Override
    public void readSnapshot(final SnapshotSource source)
    {
        Ledger.readSnapshot(ledger, source);
    }

    @Override
    public String describe()
    {
        return "one ledger: " + ledger.accountCount() + " accounts, " + ledger.transferCount() + " transfers, state hash " +
            Long.toHexString(ledger.stateHash());
    }

    @Override
    public void close()
    {
    }
}
