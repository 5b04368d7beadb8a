package dev.ledger.server.service;

import org.agrona.DirectBuffer;

import io.aeron.cluster.service.ClientSession;

import dev.ledger.core.LedgerLimits;
import dev.ledger.server.sbe.CheckSettingsDecoder;
import dev.ledger.server.sbe.CreateAccountsDecoder;
import dev.ledger.server.sbe.CreateTransfersDecoder;
import dev.ledger.server.sbe.GetAccountBalancesDecoder;
import dev.ledger.server.sbe.GetAccountTransfersDecoder;
import dev.ledger.server.sbe.GroupSizeEncodingDecoder;
import dev.ledger.server.sbe.LookupAccountsDecoder;
import dev.ledger.server.sbe.LookupTransfersDecoder;
import dev.ledger.server.sbe.MessageHeaderDecoder;
import dev.ledger.server.sbe.QueryAccountsDecoder;
import dev.ledger.server.sbe.QueryTransfersDecoder;
import dev.ledger.server.sbe.RejectReason;

/**
 * Decodes a client's request (ledger-protocol.xml) from a committed log message and calls one method of
 * {@link RequestHandler} per message type, with the events, ids or filter as bytes in the message itself (no
 * copy). Every length is checked against the message before anything is read; a request that is not
 * well-formed is answered {@code Rejected} and applies nothing.
 */
final class RequestAdapter
{
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int CORRELATION_ID = 0;
    private static final int GROUP_HEADER = GroupSizeEncodingDecoder.ENCODED_LENGTH;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final RequestHandler handler;

    RequestAdapter(final RequestHandler handler)
    {
        this.handler = handler;
    }

    void onMessage(final ClientSession session, final long timestampNs, final long logPosition,
        final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < HEADER + Long.BYTES)
        {
            handler.reject(session, -1, RejectReason.MALFORMED, "a message of " + length + " bytes is too short");
            return;
        }
        header.wrap(buffer, offset);
        final int blockLength = header.blockLength();
        final int templateId = header.templateId();
        final int body = offset + HEADER;
        final long correlationId = buffer.getLong(body + CORRELATION_ID, MessageHeaderDecoder.BYTE_ORDER);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            handler.reject(session, correlationId, RejectReason.UNKNOWN_MESSAGE,
                "schema " + header.schemaId() + " is not Ledger's (" + MessageHeaderDecoder.SCHEMA_ID + ")");
            return;
        }
        final int end = offset + length;
        switch (templateId)
        {
            case CreateAccountsDecoder.TEMPLATE_ID:
            case CreateTransfersDecoder.TEMPLATE_ID:
            {
                final int count = groupCount(session, correlationId, buffer, body + blockLength, end,
                    LedgerLimits.RECORD_LENGTH);
                if (count > 0)
                {
                    handler.create(session, correlationId, templateId == CreateTransfersDecoder.TEMPLATE_ID,
                        timestampNs, logPosition, buffer, body + blockLength + GROUP_HEADER, count);
                }
                break;
            }
            case LookupAccountsDecoder.TEMPLATE_ID:
            case LookupTransfersDecoder.TEMPLATE_ID:
            {
                final int count = groupCount(session, correlationId, buffer, body + blockLength, end,
                    LedgerLimits.ID_LENGTH);
                if (count > 0)
                {
                    handler.lookup(session, correlationId, templateId == LookupTransfersDecoder.TEMPLATE_ID,
                        buffer, body + blockLength + GROUP_HEADER, count);
                }
                break;
            }
            case GetAccountTransfersDecoder.TEMPLATE_ID:
            case GetAccountBalancesDecoder.TEMPLATE_ID:
                if (fixedFits(session, correlationId, blockLength, GetAccountTransfersDecoder.BLOCK_LENGTH, body, end))
                {
                    handler.accountRows(session, correlationId,
                        templateId == GetAccountBalancesDecoder.TEMPLATE_ID, buffer,
                        body + GetAccountTransfersDecoder.filterEncodingOffset());
                }
                break;
            case QueryAccountsDecoder.TEMPLATE_ID:
            case QueryTransfersDecoder.TEMPLATE_ID:
                if (fixedFits(session, correlationId, blockLength, QueryAccountsDecoder.BLOCK_LENGTH, body, end))
                {
                    handler.query(session, correlationId, templateId == QueryTransfersDecoder.TEMPLATE_ID, buffer,
                        body + QueryAccountsDecoder.filterEncodingOffset());
                }
                break;
            case CheckSettingsDecoder.TEMPLATE_ID:
                if (fixedFits(session, correlationId, blockLength, CheckSettingsDecoder.BLOCK_LENGTH, body, end))
                {
                    handler.checkSettings(session, correlationId, buffer,
                        body + CheckSettingsDecoder.settingsEncodingOffset());
                }
                break;
            default:
                handler.reject(session, correlationId, RejectReason.UNKNOWN_MESSAGE,
                    "unknown message template " + templateId);
        }
    }

    /** @return the group's entry count, or 0 after rejecting the request. */
    private int groupCount(final ClientSession session, final long correlationId, final DirectBuffer buffer,
        final int groupOffset, final int end, final int entryLength)
    {
        if (groupOffset + GROUP_HEADER > end)
        {
            handler.reject(session, correlationId, RejectReason.MALFORMED, "the message ends before its group");
            return 0;
        }
        final int blockLength = buffer.getShort(groupOffset, GroupSizeEncodingDecoder.BYTE_ORDER) & 0xFFFF;
        final int count = buffer.getShort(groupOffset + 2, GroupSizeEncodingDecoder.BYTE_ORDER) & 0xFFFF;
        if (blockLength != entryLength)
        {
            handler.reject(session, correlationId, RejectReason.MALFORMED,
                "group entries of " + blockLength + " bytes, expected " + entryLength);
            return 0;
        }
        if (count == 0)
        {
            handler.reject(session, correlationId, RejectReason.BATCH_EMPTY, "a batch needs at least one event");
            return 0;
        }
        if (count > LedgerLimits.BATCH_EVENTS_MAX)
        {
            handler.reject(session, correlationId, RejectReason.BATCH_TOO_LARGE,
                count + " events, at most " + LedgerLimits.BATCH_EVENTS_MAX + " a batch");
            return 0;
        }
        if (groupOffset + GROUP_HEADER + (long)count * entryLength > end)
        {
            handler.reject(session, correlationId, RejectReason.MALFORMED,
                "the message ends inside its " + count + " entries");
            return 0;
        }
        return count;
    }

    private boolean fixedFits(final ClientSession session, final long correlationId, final int blockLength,
        final int expected, final int body, final int end)
    {
        if (blockLength < expected || body + expected > end)
        {
            handler.reject(session, correlationId, RejectReason.MALFORMED,
                "a block of " + blockLength + " bytes in a message of " + (end - body) + ", expected " + expected);
            return false;
        }
        return true;
    }
}
