package dev.ledger.server.shard;

import dev.ledger.core.BatchStatus;
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.ResultsChain;
import dev.ledger.core.Wire;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

import static dev.ledger.server.shard.ShardProtocol.*;

/**
 * The submitting thread's side of the results rings: items in flight, in order, and the merge of every shard's
 * answer to the oldest one. Every shard answers every item; an item is delivered when all have. Two shards giving
 * one event different codes, or an event no shard decided, halt the node. Keeps the results chain of the
 * combined state hash.
 */
final class ResultCollector
{
    static final int KIND_BATCH = 0;
    static final int KIND_LOOKUP = 1;
    static final int KIND_DIGEST = 2;
    /** A batch the router refused (its directory full): no shard saw it; delivered as TRANSFERS_FULL. */
    static final int KIND_REFUSED = 3;
    private static final java.nio.ByteOrder ORDER = Wire.ORDER;
    private static final int UNSET = Integer.MIN_VALUE;

    private final ShardConfig config;
    private final int shards;
    private final OneToOneRingBuffer[] results;
    private final ShardHalt halt;
    private final long[] inFlightKind;
    private final int[] inFlightCount;
    private final boolean[] delivered;
    private final UnsafeBuffer merged;
    private final UnsafeBuffer accounts;
    private final MessageHandler collectHandler = this::onResult;
    private long headItem;
    private int inFlight;
    private int collecting;
    private int accountsFound;
    private long digestSum;
    private int headStatus;
    private int headExpired;
    private long resultsChain = ResultsChain.SEED;

    ResultCollector(final ShardConfig config, final OneToOneRingBuffer[] results, final ShardHalt halt)
    {
        this.config = config;
        this.shards = config.shards();
        this.results = results;
        this.halt = halt;
        inFlightKind = new long[config.maxInFlight()];
        inFlightCount = new int[config.maxInFlight()];
        delivered = new boolean[shards];
        merged = new UnsafeBuffer(new byte[config.maxBatchEvents() * LedgerLimits.RESULT_LENGTH]);
        accounts = new UnsafeBuffer(new byte[config.maxBatchEvents() * LedgerLimits.RECORD_LENGTH]);
    }

    int inFlight()
    {
        return inFlight;
    }

    long headItem()
    {
        return headItem;
    }

    /** The results chain after the batches delivered so far. */
    long resultsChain()
    {
        return resultsChain;
    }

    /** Restores the results chain (from a snapshot, before any item). */
    void resultsChain(final long value)
    {
        resultsChain = value;
    }

    /** Delivers the items every shard has answered, oldest first; see {@link ShardedLedger#poll}. */
    int poll(final ShardedLedger.Listener listener)
    {
        int done = 0;
        while (inFlight > 0)
        {
            if (halt.halted())
            {
                throw halt.failure();
            }
            final boolean refused = inFlightKind[(int)(headItem % config.maxInFlight())] == KIND_REFUSED;
            for (collecting = 0; collecting < shards && !refused; collecting++)
            {
                if (!delivered[collecting])
                {
                    results[collecting].read(collectHandler, 1);
                }
            }
            for (int s = 0; s < shards && !refused; s++)
            {
                if (!delivered[s])
                {
                    return done;
                }
            }
            deliver(listener);
            done++;
        }
        if (halt.halted())
        {
            throw halt.failure();
        }
        return done;
    }

    long enqueue(final long item, final int kind, final int count)
    {
        final int slot = (int)(item % config.maxInFlight());
        inFlightKind[slot] = kind;
        inFlightCount[slot] = count;
        if (inFlight++ == 0)
        {
            startHead(item);
        }
        return item;
    }

    private void startHead(final long item)
    {
        headItem = item;
        java.util.Arrays.fill(delivered, false);
        final int slot = (int)(item % config.maxInFlight());
        for (int i = 0; i < inFlightCount[slot] && inFlightKind[slot] == KIND_BATCH; i++)
        {
            merged.putInt(i * LedgerLimits.RESULT_LENGTH, UNSET, ORDER);
        }
        accountsFound = 0;
        digestSum = 0;
        headStatus = UNSET;
        headExpired = UNSET;
    }

    private void onResult(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final int shard = collecting;
        final long item = buffer.getLong(index, ORDER);
        if (item != headItem)
        {
            stop("shard " + shard + " answered item " + item + " while item " + headItem + " was due");
        }
        delivered[shard] = true;
        if (type == RESULTS)
        {
            final int status = buffer.getInt(index + 8, ORDER);
            if (headStatus != UNSET && headStatus != status)
            {
                stop("shards disagree on the status of item " + item + ": " + headStatus + " and " + status);
            }
            headStatus = status;
            final int expired = buffer.getInt(index + 16, ORDER);
            if (headExpired != UNSET && headExpired != expired)
            {
                stop("shards disagree on the expiries of item " + item + ": " + headExpired + " and " + expired);
            }
            headExpired = expired;
            final int n = buffer.getInt(index + 12, ORDER);
            for (int k = 0; k < n; k++)
            {
                final int event = buffer.getInt(index + RESULTS_HEADER + 8 * k, ORDER);
                final int code = buffer.getInt(index + RESULTS_HEADER + 8 * k + 4, ORDER);
                final int known = merged.getInt(event * LedgerLimits.RESULT_LENGTH, ORDER);
                if (known != UNSET && known != code)
                {
                    stop("shards disagree on event " + event + " of item " + item + ": " + known + " and " + code +
                        " (shard " + shard + ")");
                }
                merged.putInt(event * LedgerLimits.RESULT_LENGTH, code, ORDER);
            }
        }
        else if (type == ACCOUNTS)
        {
            final int n = buffer.getInt(index + 8, ORDER);
            accounts.putBytes(accountsFound * LedgerLimits.RECORD_LENGTH, buffer, index + LOOKUP_HEADER,
                n * LedgerLimits.RECORD_LENGTH);
            accountsFound += n;
        }
        else if (type == DIGEST_VALUE)
        {
            digestSum += buffer.getLong(index + 8, ORDER);
        }
        else
        {
            stop("shard " + shard + " sent a message of unknown type " + type);
        }
    }

    private void deliver(final ShardedLedger.Listener listener)
    {
        final long item = headItem;
        final int slot = (int)(item % config.maxInFlight());
        final int kind = (int)inFlightKind[slot];
        final int count = inFlightCount[slot];
        if (kind == KIND_BATCH)
        {
            final int status = headStatus;
            if (status == BatchStatus.OK)
            {
                for (int i = 0; i < count; i++)
                {
                    if (merged.getInt(i * LedgerLimits.RESULT_LENGTH, ORDER) == UNSET)
                    {
                        stop("no shard decided event " + i + " of item " + item);
                    }
                }
            }
            if (count > 0 || headExpired > 0)
            {
                // An expiry step (no events) that expired nothing leaves the chain as it was.
                resultsChain = ResultsChain.mix(resultsChain, status, merged, status == BatchStatus.OK ? count : 0);
            }
            listener.onBatch(item, status, merged, status == BatchStatus.OK ? count : 0, headExpired);
        }
        else if (kind == KIND_REFUSED)
        {
            resultsChain = ResultsChain.mix(resultsChain, BatchStatus.TRANSFERS_FULL, merged, 0);
            listener.onBatch(item, BatchStatus.TRANSFERS_FULL, merged, 0, 0);
        }
        else if (kind == KIND_LOOKUP)
        {
            listener.onAccounts(item, accounts, accountsFound);
        }
        else
        {
            listener.onDigest(item, ResultsChain.combine(resultsChain, digestSum));
        }
        inFlight--;
        if (inFlight > 0)
        {
            startHead(item + 1);
        }
    }

    private void stop(final String what)
    {
        final ShardFailure failure = new ShardFailure(-1, headItem, 0, what, null);
        halt.fail(failure);
        throw failure;
    }

}
