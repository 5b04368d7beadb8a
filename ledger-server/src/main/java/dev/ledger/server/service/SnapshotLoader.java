package dev.ledger.server.service;

import java.util.zip.CRC32C;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import io.aeron.Image;
import io.aeron.ImageFragmentAssembler;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;

import dev.ledger.core.SnapshotSource;

/**
 * Restores a ledger from a node snapshot in Aeron Cluster's snapshot image ({@link SnapshotFraming}), streaming:
 * one message is held at a time, so a snapshot of any size needs no more memory than the ledger itself. The
 * length and CRC32C of the trailer are checked; any mismatch, a missing part or an early end of the image fails
 * the load with an {@link IllegalStateException} naming what was wrong.
 */
final class SnapshotLoader implements SnapshotSource, FragmentHandler
{
    private final IdleStrategy idle;
    private final CRC32C crc = new CRC32C();
    private final ImageFragmentAssembler assembler = new ImageFragmentAssembler(this);
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[SnapshotFraming.MESSAGE_LENGTH_MAX]);
    private Image image;
    private int messageType;
    private int messageLength;
    private int consumed;
    private long length;

    SnapshotLoader(final IdleStrategy idle)
    {
        this.idle = idle;
    }

    void load(final LedgerEngine empty, final Image image)
    {
        this.image = image;
        crc.reset();
        length = 0;
        next();
        if (messageType != SnapshotFraming.HEADER ||
            message.getLong(SnapshotFraming.TYPE_LENGTH) != SnapshotFraming.MAGIC)
        {
            throw new IllegalStateException("the cluster snapshot is not a Ledger node snapshot (no header)");
        }
        consumed = messageLength;
        empty.readSnapshot(this);
        if (consumed != messageLength)
        {
            throw new IllegalStateException("the cluster snapshot has bytes after the ledger's state");
        }
        next();
        if (messageType != SnapshotFraming.TRAILER)
        {
            throw new IllegalStateException("the cluster snapshot has no trailer after the ledger's state");
        }
        final long recordedLength = message.getLong(SnapshotFraming.TYPE_LENGTH);
        final long recordedCrc = message.getLong(SnapshotFraming.TYPE_LENGTH + Long.BYTES);
        if (recordedLength != length || recordedCrc != crc.getValue())
        {
            throw new IllegalStateException("the cluster snapshot is damaged: " + length + " bytes with CRC32C " +
                Long.toHexString(crc.getValue()) + ", the trailer says " + recordedLength + " bytes with " +
                Long.toHexString(recordedCrc));
        }
        this.image = null;
    }

    @Override
    public void readFully(final MutableDirectBuffer buffer, final int offset, final int readLength)
    {
        int done = 0;
        while (done < readLength)
        {
            if (consumed == messageLength)
            {
                next();
                if (messageType != SnapshotFraming.CHUNK)
                {
                    throw new IllegalStateException("the cluster snapshot ends inside the ledger's state");
                }
                consumed = SnapshotFraming.TYPE_LENGTH;
            }
            final int part = Math.min(readLength - done, messageLength - consumed);
            buffer.putBytes(offset + done, message, consumed, part);
            crc.update(message.byteArray(), consumed, part);
            consumed += part;
            done += part;
            length += part;
        }
    }

    private void next()
    {
        messageType = 0;
        idle.reset();
        while (messageType == 0)
        {
            if (image.poll(assembler, 1) == 0)
            {
                if (image.isEndOfStream() || image.isClosed())
                {
                    throw new IllegalStateException("the cluster snapshot ended early");
                }
                idle.idle();
            }
        }
    }

    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int fragmentLength, final Header header)
    {
        if (fragmentLength < SnapshotFraming.TYPE_LENGTH || fragmentLength > message.capacity())
        {
            throw new IllegalStateException("the cluster snapshot has a message of " + fragmentLength + " bytes");
        }
        message.putBytes(0, buffer, offset, fragmentLength);
        messageType = message.getInt(0);
        messageLength = fragmentLength;
        if (messageType < SnapshotFraming.HEADER || messageType > SnapshotFraming.TRAILER)
        {
            throw new IllegalStateException("the cluster snapshot has a message of unknown type " + messageType);
        }
    }
}
