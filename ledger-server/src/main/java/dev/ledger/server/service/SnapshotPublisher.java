package dev.ledger.server.service;

import java.util.zip.CRC32C;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.exceptions.AeronException;


/**
 * Writes a ledger's full state into an Aeron Cluster snapshot publication: a header message, the ledger's
 * snapshot stream in messages of at most one frame each, and a trailer with the stream's length and CRC32C
 * ({@link SnapshotFraming}). Every {@code offer} is retried through back pressure; a closed publication fails
 * the snapshot.
 */
final class SnapshotPublisher
{
    private final IdleStrategy idle;
    private final CRC32C crc = new CRC32C();
    private final UnsafeBuffer frame;
    private ExclusivePublication publication;
    private long length;

    SnapshotPublisher(final IdleStrategy idle)
    {
        this.idle = idle;
        this.frame = new UnsafeBuffer(new byte[SnapshotFraming.MESSAGE_LENGTH_MAX]);
    }

    /**
     * @param ledger      the state, between messages.
     * @param publication the snapshot publication given to {@code onTakeSnapshot}.
     * @return the snapshot stream's length in bytes.
     */
    long publish(final LedgerEngine ledger, final ExclusivePublication publication)
    {
        this.publication = publication;
        crc.reset();
        length = 0;
        frame.putInt(0, SnapshotFraming.HEADER);
        frame.putLong(SnapshotFraming.TYPE_LENGTH, SnapshotFraming.MAGIC);
        offer(frame, SnapshotFraming.TYPE_LENGTH + Long.BYTES);
        ledger.writeSnapshot(this::write);
        frame.putInt(0, SnapshotFraming.TRAILER);
        frame.putLong(SnapshotFraming.TYPE_LENGTH, length);
        frame.putLong(SnapshotFraming.TYPE_LENGTH + Long.BYTES, crc.getValue());
        offer(frame, SnapshotFraming.TYPE_LENGTH + 2 * Long.BYTES);
        this.publication = null;
        return length;
    }

    private void write(final DirectBuffer buffer, final int offset, final int chunkLength)
    {
        final int payloadMax = Math.min(publication.maxMessageLength(), SnapshotFraming.MESSAGE_LENGTH_MAX) -
            SnapshotFraming.TYPE_LENGTH;
        for (int done = 0; done < chunkLength; )
        {
            final int part = Math.min(payloadMax, chunkLength - done);
            frame.putInt(0, SnapshotFraming.CHUNK);
            frame.putBytes(SnapshotFraming.TYPE_LENGTH, buffer, offset + done, part);
            final byte[] bytes = frame.byteArray();
            crc.update(bytes, SnapshotFraming.TYPE_LENGTH, part);
            offer(frame, SnapshotFraming.TYPE_LENGTH + part);
            done += part;
            length += part;
        }
    }

    private void offer(final DirectBuffer buffer, final int messageLength)
    {
        idle.reset();
        while (true)
        {
            final long result = publication.offer(buffer, 0, messageLength);
            if (result > 0)
            {
                return;
            }
            if (result == Publication.CLOSED || result == Publication.NOT_CONNECTED ||
                result == Publication.MAX_POSITION_EXCEEDED)
            {
                throw new AeronException("snapshot publication refused a message: " + Publication.errorString(result));
            }
            idle.idle();
        }
    }
}
