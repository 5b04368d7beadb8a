package dev.ledger.server.service;

import org.agrona.DirectBuffer;

import io.aeron.cluster.service.ClientSession;

import dev.ledger.server.sbe.RejectReason;

/**
 * What {@link RequestAdapter} calls, one method per kind of request, with its bytes in place.
 */
interface RequestHandler
{
    void create(ClientSession session, long correlationId, boolean transfers, long timestampNs, long logPosition,
        DirectBuffer events, int offset, int count);

    void lookup(ClientSession session, long correlationId, boolean transfers, DirectBuffer ids, int offset, int count);

    void accountRows(ClientSession session, long correlationId, boolean balances, DirectBuffer filter, int offset);

    void query(ClientSession session, long correlationId, boolean transfers, DirectBuffer filter, int offset);

    void reject(ClientSession session, long correlationId, RejectReason reason, String detail);

    void checkSettings(ClientSession session, long correlationId, DirectBuffer settings, int offset);
}
