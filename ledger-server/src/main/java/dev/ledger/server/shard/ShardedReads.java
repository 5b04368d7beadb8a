package dev.ledger.server.shard;

import dev.ledger.core.Ledger;
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.Wire;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Lookups and queries over every shard, answered on the submitting thread from the shards' ledgers while no
 * item is in flight (the shards are idle then, and the results rings ordered their writes before the reads).
 * Each answer is exactly what one ledger holding every record gives: lookups go to the shard of the account or
 * to the shards that have seen the transfer id; an account's transfers and balances are all on the account's
 * shard; queries run on every shard and are merged in timestamp order, a transfer stored by both of its shards
 * counted once (its two copies have the same timestamp).
 */
public final class ShardedReads
{
    private static final java.nio.ByteOrder ORDER = Wire.ORDER;

    private final Ledger[] ledgers;
    private final TransferDirectory directory;
    private final UnsafeBuffer[] rows;
    private final int[] rowCounts;
    private final int[] cursors;

    ShardedReads(final Ledger[] ledgers, final TransferDirectory directory)
    {
        this.ledgers = ledgers;
        this.directory = directory;
        rows = new UnsafeBuffer[ledgers.length];
        rowCounts = new int[ledgers.length];
        cursors = new int[ledgers.length];
    }

    public int lookupAccounts(final DirectBuffer ids, final int offset, final int count, final MutableDirectBuffer output,
        final int outOffset)
    {
        requireBatchSize(count);
        int found = 0;
        for (int i = 0; i < count; i++)
        {
            final int id = offset + i * LedgerLimits.ID_LENGTH;
            final Ledger ledger = ledgers[ShardHash.shardOf(ids.getLong(id, ORDER), ids.getLong(id + 8, ORDER),
                ledgers.length)];
            found += ledger.lookupAccounts(ids, id, 1, output, outOffset + found * LedgerLimits.RECORD_LENGTH);
        }
        return found;
    }

    public int lookupTransfers(final DirectBuffer ids, final int offset, final int count, final MutableDirectBuffer output,
        final int outOffset)
    {
        requireBatchSize(count);
        int found = 0;
        for (int i = 0; i < count; i++)
        {
            final int id = offset + i * LedgerLimits.ID_LENGTH;
            long candidates = directory == null ? 1 : directory.shards(ids.getLong(id, ORDER), ids.getLong(id + 8, ORDER));
            for (; candidates != 0; candidates &= candidates - 1)
            {
                final Ledger ledger = ledgers[Long.numberOfTrailingZeros(candidates)];
                if (ledger.lookupTransfers(ids, id, 1, output, outOffset + found * LedgerLimits.RECORD_LENGTH) == 1)
                {
                    found++;
                    break;
                }
            }
        }
        return found;
    }

    public int getAccountRows(final boolean balances, final DirectBuffer filter, final int offset,
        final MutableDirectBuffer output, final int outOffset)
    {
        final Ledger ledger = ledgers[ShardHash.shardOf(filter.getLong(offset + Wire.FILTER_ACCOUNT_ID, ORDER),
            filter.getLong(offset + Wire.FILTER_ACCOUNT_ID + 8, ORDER), ledgers.length)];
        return balances ? ledger.getAccountBalances(filter, offset, output, outOffset) :
            ledger.getAccountTransfers(filter, offset, output, outOffset);
    }

    public int query(final boolean transfers, final DirectBuffer filter, final int offset, final MutableDirectBuffer output,
        final int outOffset)
    {
        if (ledgers.length == 1)
        {
            return transfers ? ledgers[0].queryTransfers(filter, offset, output, outOffset) :
                ledgers[0].queryAccounts(filter, offset, output, outOffset);
        }
        for (int s = 0; s < ledgers.length; s++)
        {
            if (rows[s] == null)
            {
                rows[s] = new UnsafeBuffer(new byte[LedgerLimits.QUERY_ROWS_MAX * LedgerLimits.RECORD_LENGTH]);
            }
            rowCounts[s] = transfers ? ledgers[s].queryTransfers(filter, offset, rows[s], 0) :
                ledgers[s].queryAccounts(filter, offset, rows[s], 0);
            cursors[s] = 0;
        }
        final long limit = filter.getInt(offset + Wire.QUERY_LIMIT, ORDER) & 0xFFFF_FFFFL;
        final int rowsMax = (int)Math.min(limit, LedgerLimits.QUERY_ROWS_MAX);
        final boolean reversed = (filter.getInt(offset + Wire.QUERY_FLAGS, ORDER) & Wire.QUERY_REVERSED) != 0;
        int written = 0;
        long last = 0;
        while (written < rowsMax)
        {
            int best = -1;
            long bestTimestamp = 0;
            for (int s = 0; s < ledgers.length; s++)
            {
                if (cursors[s] < rowCounts[s])
                {
                    final long timestamp = timestamp(s, cursors[s]);
                    if (best < 0 || (reversed ? timestamp > bestTimestamp : timestamp < bestTimestamp))
                    {
                        best = s;
                        bestTimestamp = timestamp;
                    }
                }
            }
            if (best < 0)
            {
                break;
            }
            if (written == 0 || bestTimestamp != last)
            {
                output.putBytes(outOffset + written++ * LedgerLimits.RECORD_LENGTH, rows[best],
                    cursors[best] * LedgerLimits.RECORD_LENGTH, LedgerLimits.RECORD_LENGTH);
                last = bestTimestamp;
            }
            cursors[best]++;
        }
        return written;
    }

    private long timestamp(final int shard, final int row)
    {
        return rows[shard].getLong(row * LedgerLimits.RECORD_LENGTH + Wire.TIMESTAMP, ORDER);
    }

    private static void requireBatchSize(final int count)
    {
        if (count < 1 || count > LedgerLimits.BATCH_EVENTS_MAX)
        {
            throw new IllegalArgumentException("a lookup holds 1.." + LedgerLimits.BATCH_EVENTS_MAX + " ids: " + count);
        }
    }
}
