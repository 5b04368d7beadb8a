package dev.ledger.journal;

import java.nio.ByteOrder;

import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import dev.ledger.core.BatchStatus;
import dev.ledger.core.CreateAccountResult;
import dev.ledger.core.CreateTransferResult;
import dev.ledger.core.Ledger;
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.ResultsChain;

/**
 * Applies journal entries to a ledger and checks that it decides exactly what the entry recorded: the batch
 * status, every result code and the state hash afterwards ({@link JournalHash}).
 */
public final class EntryApplier
{
    private final Ledger ledger;
    private final JournalHash kind;
    private final UnsafeBuffer results =
        new UnsafeBuffer(new byte[LedgerLimits.BATCH_EVENTS_MAX * BitUtil.SIZE_OF_INT]);
    private long resultsChain;

    /**
     * Replays a journal that records {@link JournalHash#LEDGER}.
     *
     * @param ledger the ledger to apply to: fresh, or restored from a snapshot of the entry before the next.
     */
    public EntryApplier(final Ledger ledger)
    {
        this(ledger, JournalHash.LEDGER, ResultsChain.SEED);
    }

    /**
     * @param ledger       the ledger to apply to: fresh, or restored from a snapshot of the entry before the next.
     * @param kind         what the journal's entries record.
     * @param resultsChain for {@link JournalHash#RESULTS}, the chain before the next entry ({@link ResultsChain#SEED}
     *                     before the first).
     */
    public EntryApplier(final Ledger ledger, final JournalHash kind, final long resultsChain)
    {
        this.ledger = ledger;
        this.kind = kind;
        this.resultsChain = resultsChain;
    }

    public Ledger ledger()
    {
        return ledger;
    }

    /** The state hash of the journal's kind after the entries applied so far. */
    public long stateHash()
    {
        return kind == JournalHash.LEDGER ? ledger.stateHash() : resultsChain;
    }

    /**
     * Applies one entry whose events were decoded already ({@link ReadAheadReader#events()}, or
     * {@link JournalEntry#copyEvents}).
     *
     * @param entry         a sound entry (not a cut).
     * @param decodedEvents its events as the ledger takes them, or null when they did not decode.
     * @return null when the ledger agreed with the record, else the first difference, in a sentence.
     */
    public String apply(final JournalEntry entry, final DirectBuffer decodedEvents)
    {
        final int kind = entry.kind();
        if (kind == EntryKind.EXPIRE_PENDING_TRANSFERS)
        {
            final int expired = ledger.expirePendingTransfers(entry.clusterTimeNs());
            if (expired != entry.expiredCount())
            {
                return "expiry recorded " + entry.expiredCount() + " expired transfers, replay expired " + expired;
            }
            if (expired > 0)
            {
                resultsChain = ResultsChain.mix(resultsChain, BatchStatus.OK, results, 0);
            }
            return compareHash(entry);
        }
        final boolean transfers = kind == EntryKind.CREATE_TRANSFERS;
        final int count = entry.eventCount();
        if (decodedEvents == null)
        {
            return "its events do not decode to the " + count + " events it counts";
        }
        if (this.kind == JournalHash.RESULTS &&
            (entry.batchStatus() == BatchStatus.TRANSFERS_FULL || entry.batchStatus() == BatchStatus.ACCOUNTS_FULL))
        {
            resultsChain = ResultsChain.mix(resultsChain, entry.batchStatus(), results, 0);
            return compareHash(entry);
        }
        final int status = transfers ?
            ledger.createTransfers(entry.clusterTimeNs(), decodedEvents, 0, count, results, 0) :
            ledger.createAccounts(entry.clusterTimeNs(), decodedEvents, 0, count, results, 0);
        if (status != entry.batchStatus())
        {
            return "batch status recorded " + entry.batchStatus() + ", replay " + status;
        }
        if (status == BatchStatus.OK)
        {
            for (int i = 0; i < count; i++)
            {
                final int replayed = results.getInt(i * BitUtil.SIZE_OF_INT, ByteOrder.LITTLE_ENDIAN);
                if (replayed != entry.result(i))
                {
                    return "event " + i + ": result recorded " + name(transfers, entry.result(i)) + ", replay " +
                        name(transfers, replayed);
                }
            }
        }
        resultsChain = ResultsChain.mix(resultsChain, status, results, status == BatchStatus.OK ? count : 0);
        return compareHash(entry);
    }

    private String compareHash(final JournalEntry entry)
    {
        final long hash = stateHash();
        return hash == entry.stateHash() ? null :
            "state hash recorded " + Long.toHexString(entry.stateHash()) + ", replay " + Long.toHexString(hash);
    }

    private static String name(final boolean transfers, final int code)
    {
        try
        {
            return transfers ? CreateTransferResult.of(code).wireName() : CreateAccountResult.of(code).wireName();
        }
        catch (final RuntimeException ex)
        {
            return "code " + code;
        }
    }
}
