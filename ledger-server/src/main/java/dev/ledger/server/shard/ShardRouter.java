package dev.ledger.server.shard;

import dev.ledger.core.Ledger;
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.TransferFlags;
import dev.ledger.core.Wire;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

import static dev.ledger.server.shard.ShardProtocol.*;

/**
 * Splits each sequenced batch by shard, on the submitting thread. For every event it works out the shards that
 * take part (a bit each): the shard of each account it names, every shard that has seen its transfer id or its
 * pending id ({@link TransferDirectory}), and for a linked chain the union over the chain; every event of an
 * imported batch goes to all shards (imported timestamps are checked against the whole ledger). Each shard gets
 * the batch header and the events it takes part in; a shard with none still gets the header, because every
 * batch moves every shard's clock and expiries.
 */
final class ShardRouter
{
    private static final java.nio.ByteOrder ORDER = Wire.ORDER;

    private final int shards;
    private final long allShards;
    private final TransferDirectory directory;
    private final OneToOneRingBuffer[] mailboxes;
    private final long[] involved = new long[LedgerLimits.BATCH_EVENTS_MAX];
    private final int[] perShard;
    private final UnsafeBuffer message;
    /** Keeps the warm-up loads of {@link #touchDirectory} from being optimised away. */
    private long touched;

    ShardRouter(final ShardConfig config, final OneToOneRingBuffer[] mailboxes)
    {
        this.shards = config.shards();
        this.allShards = (1L << shards) - 1;
        this.directory = shards > 1 ? new TransferDirectory(config.directoryCapacity()) : null;
        this.mailboxes = mailboxes;
        this.perShard = new int[shards];
        this.message = new UnsafeBuffer(new byte[Math.max(BATCH_LENGTH,
            Math.max(EVENTS_HEADER + EVENTS_PER_CHUNK * EVENT_ENTRY, LOOKUP_HEADER + config.maxBatchEvents() * 16))]);
    }

    /** Outcome of {@link #route}. */
    enum Routed
    {
        OK, MAILBOX_FULL, DIRECTORY_FULL
    }

    Routed route(
        final long item,
        final boolean isTransfers,
        final long clusterTimeNs,
        final DirectBuffer events,
        final int offset,
        final int count)
    {
        if (directory != null && isTransfers && !directory.hasRoom(count))
        {
            return Routed.DIRECTORY_FULL;
        }
        final boolean imported = count > 0 && Ledger.batchImported(isTransfers, events, offset);
        assignShards(isTransfers, imported, events, offset, count);
        for (int s = 0; s < shards; s++)
        {
            if (mailboxes[s].capacity() - mailboxes[s].size() < mailboxBytes(perShard[s]))
            {
                return Routed.MAILBOX_FULL;
            }
        }
        for (int s = 0; s < shards; s++)
        {
            write(s, item, isTransfers, imported, clusterTimeNs, events, offset, count);
        }
        return Routed.OK;
    }

    /** Whether every mailbox has room for a query message of {@code length} bytes. */
    boolean hasRoomForQuery(final int length)
    {
        for (final OneToOneRingBuffer mailbox : mailboxes)
        {
            if (mailbox.capacity() - mailbox.size() < framed(length))
            {
                return false;
            }
        }
        return true;
    }

    /** The transfer directory, null with one shard. */
    TransferDirectory directory()
    {
        return directory;
    }

    UnsafeBuffer scratch()
    {
        return message;
    }

    void send(final int shard, final int type, final int length)
    {
        if (!mailboxes[shard].write(type, message, 0, length))
        {
            throw new IllegalStateException("mailbox of shard " + shard + " refused a message it had room for");
        }
    }

    private void assignShards(
        final boolean isTransfers, final boolean imported, final DirectBuffer events, final int offset, final int count)
    {
        java.util.Arrays.fill(perShard, 0);
        if (isTransfers && directory != null && !imported)
        {
            touchDirectory(events, offset, count);
        }
        int chainStart = -1;
        long chainShards = 0;
        for (int i = 0; i < count; i++)
        {
            final int e = offset + i * LedgerLimits.RECORD_LENGTH;
            long mask = shards == 1 || imported ? allShards : isTransfers ? transferShards(events, e) :
                bit(events.getLong(e + Wire.ID, ORDER), events.getLong(e + Wire.ID + 8, ORDER));
            involved[i] = mask;
            if (imported && shards > 1)
            {
                register(isTransfers, events, e, mask);
            }
            final boolean linked = (events.getShort(e + Wire.FLAGS, ORDER) & TransferFlags.LINKED) != 0;
            if (chainStart < 0 && linked)
            {
                chainStart = i;
                chainShards = 0;
            }
            if (chainStart >= 0)
            {
                chainShards |= mask;
                if (!linked || i == count - 1)
                {
                    // A linked chain is all or nothing: every shard of the chain decides every event of it.
                    for (int j = chainStart; j <= i; j++)
                    {
                        involved[j] = chainShards;
                        register(isTransfers, events, offset + j * LedgerLimits.RECORD_LENGTH, chainShards);
                    }
                    chainStart = -1;
                }
            }
        }
        for (int i = 0; i < count; i++)
        {
            long mask = involved[i];
            while (mask != 0)
            {
                perShard[Long.numberOfTrailingZeros(mask)]++;
                mask &= mask - 1;
            }
        }
    }

    private void touchDirectory(final DirectBuffer events, final int offset, final int count)
    {
        long sum = 0;
        for (int i = 0; i < count; i++)
        {
            final int e = offset + i * LedgerLimits.RECORD_LENGTH;
            sum += directory.touch(events.getLong(e + Wire.ID, ORDER), events.getLong(e + Wire.ID + 8, ORDER));
            final long pendingLo = events.getLong(e + Wire.TRANSFER_PENDING_ID, ORDER);
            final long pendingHi = events.getLong(e + Wire.TRANSFER_PENDING_ID + 8, ORDER);
            if ((pendingLo | pendingHi) != 0)
            {
                sum += directory.touch(pendingLo, pendingHi);
            }
        }
        touched += sum;
    }

    private long transferShards(final DirectBuffer events, final int e)
    {
        final long idLo = events.getLong(e + Wire.ID, ORDER);
        final long idHi = events.getLong(e + Wire.ID + 8, ORDER);
        long mask = directory.shards(idLo, idHi);
        final int flags = events.getShort(e + Wire.FLAGS, ORDER) & 0xFFFF;
        if ((flags & (TransferFlags.POST_PENDING_TRANSFER | TransferFlags.VOID_PENDING_TRANSFER)) != 0)
        {
            mask |= directory.shards(events.getLong(e + Wire.TRANSFER_PENDING_ID, ORDER),
                events.getLong(e + Wire.TRANSFER_PENDING_ID + 8, ORDER));
        }
        mask |= accountBit(events, e + Wire.TRANSFER_DEBIT_ACCOUNT_ID);
        mask |= accountBit(events, e + Wire.TRANSFER_CREDIT_ACCOUNT_ID);
        if (mask == 0)
        {
            // Nothing to find anywhere: any one shard decides it.
            mask = bit(idLo, idHi);
        }
        // Seen by these shards from now on; a chain adds its other shards when it closes.
        directory.add(idLo, idHi, mask);
        return mask;
    }

    private void register(final boolean isTransfers, final DirectBuffer events, final int e, final long mask)
    {
        if (isTransfers && directory != null)
        {
            directory.add(events.getLong(e + Wire.ID, ORDER), events.getLong(e + Wire.ID + 8, ORDER), mask);
        }
    }

    private long accountBit(final DirectBuffer events, final int offset)
    {
        final long lo = events.getLong(offset, ORDER);
        final long hi = events.getLong(offset + 8, ORDER);
        return (lo == 0 && hi == 0) || (lo == -1L && hi == -1L) ? 0 : bit(lo, hi);
    }

    private long bit(final long idLo, final long idHi)
    {
        return 1L << ShardHash.shardOf(idLo, idHi, shards);
    }

    private void write(
        final int shard,
        final long item,
        final boolean isTransfers,
        final boolean imported,
        final long clusterTimeNs,
        final DirectBuffer events,
        final int offset,
        final int count)
    {
        message.putLong(0, item, ORDER);
        message.putLong(8, clusterTimeNs, ORDER);
        message.putInt(16, count, ORDER);
        message.putInt(20, perShard[shard], ORDER);
        message.putByte(24, (byte)(isTransfers ? 1 : 0));
        message.putByte(25, (byte)(imported ? 1 : 0));
        send(shard, BATCH, BATCH_LENGTH);
        final long bit = 1L << shard;
        int inChunk = 0;
        for (int i = 0; i < count; i++)
        {
            if ((involved[i] & bit) == 0)
            {
                continue;
            }
            final int entry = EVENTS_HEADER + inChunk * EVENT_ENTRY;
            message.putInt(entry, i, ORDER);
            message.putInt(entry + 4, 0, ORDER);
            message.putLong(entry + 8, involved[i], ORDER);
            message.putBytes(entry + 16, events, offset + i * LedgerLimits.RECORD_LENGTH, LedgerLimits.RECORD_LENGTH);
            if (++inChunk == EVENTS_PER_CHUNK)
            {
                flush(shard, inChunk);
                inChunk = 0;
            }
        }
        if (inChunk > 0)
        {
            flush(shard, inChunk);
        }
    }

    private void flush(final int shard, final int events)
    {
        message.putInt(0, events, ORDER);
        message.putInt(4, 0, ORDER);
        send(shard, EVENTS, EVENTS_HEADER + events * EVENT_ENTRY);
    }
}
