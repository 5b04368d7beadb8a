package dev.ledger.client;

import java.util.Queue;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import dev.ledger.client.sbe.CreateTransfersEncoder;
import dev.ledger.client.sbe.GroupSizeEncodingEncoder;
import dev.ledger.client.sbe.MessageHeaderEncoder;
import dev.ledger.core.AccountFlags;
import dev.ledger.core.Ledger;
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.TransferFlags;
import dev.ledger.core.Wire;

/**
 * Encodes a request as its SBE message into one reused buffer, and coalesces into a create message the create
 * requests queued behind it that may share it without changing any result. Used by the client thread only.
 */
final class RequestEncoder
{
    private static final int SEND_BUFFER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + Long.BYTES +
        GroupSizeEncodingEncoder.ENCODED_LENGTH + LedgerLimits.BATCH_EVENTS_MAX * LedgerLimits.RECORD_LENGTH;

    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(new byte[SEND_BUFFER_LENGTH]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();

    /** @return the buffer the last message was encoded into, from offset 0. */
    MutableDirectBuffer buffer()
    {
        return sendBuffer;
    }

    /**
     * Encodes the request; for a create, also every request at the head of {@code followers} that may join it,
     * taken from the queue and linked through {@link Request#next} with the same correlation id.
     *
     * @param request   the request, its correlation id set.
     * @param followers the queue to coalesce from, or null to send the request alone.
     * @return the message's length.
     */
    int encode(final Request request, final Queue<Request> followers)
    {
        headerEncoder.wrap(sendBuffer, 0)
            .blockLength(request.entryLength == 0 ? Long.BYTES + request.count : Long.BYTES)
            .templateId(request.templateId)
            .schemaId(MessageHeaderEncoder.SCHEMA_ID)
            .version(MessageHeaderEncoder.SCHEMA_VERSION);
        int offset = MessageHeaderEncoder.ENCODED_LENGTH;
        sendBuffer.putLong(offset, request.correlationId, MessageHeaderEncoder.BYTE_ORDER);
        offset += Long.BYTES;
        if (request.entryLength == 0)
        {
            sendBuffer.putBytes(offset, request.payload, 0, request.count);
            return offset + request.count;
        }
        final int countOffset = offset + 2;
        sendBuffer.putShort(offset, (short)request.entryLength, MessageHeaderEncoder.BYTE_ORDER);
        offset += GroupSizeEncodingEncoder.ENCODED_LENGTH;
        int events = 0;
        Request tail = request;
        while (true)
        {
            final int length = tail.count * tail.entryLength;
            sendBuffer.putBytes(offset, tail.payload, 0, length);
            offset += length;
            events += tail.count;
            final Request next = tail.answer == Request.Answer.CREATE && followers != null ? followers.peek() : null;
            if (next == null || !coalescible(request, tail, next, events))
            {
                break;
            }
            followers.poll();
            next.correlationId = request.correlationId;
            tail.next = next;
            tail = next;
        }
        sendBuffer.putShort(countOffset, (short)events, MessageHeaderEncoder.BYTE_ORDER);
        return offset;
    }

    /**
     * Whether {@code next} may join the create message that starts with {@code head} and ends with {@code tail}
     * without changing any result: same operation, room left, the same imported mode (the first event decides
     * a batch's), and no chain left open by {@code tail} that {@code next}'s events would join.
     */
    private static boolean coalescible(final Request head, final Request tail, final Request next, final int events)
    {
        final boolean transfers = head.templateId == CreateTransfersEncoder.TEMPLATE_ID;
        final int lastFlags = tail.payload.getShort((tail.count - 1) * LedgerLimits.RECORD_LENGTH + Wire.FLAGS,
            Wire.ORDER);
        return next.templateId == head.templateId &&
            events + next.count <= LedgerLimits.BATCH_EVENTS_MAX &&
            (lastFlags & (transfers ? TransferFlags.LINKED : AccountFlags.LINKED)) == 0 &&
            Ledger.batchImported(transfers, next.payload, 0) == Ledger.batchImported(transfers, head.payload, 0);
    }
}
