package dev.ledger.client;

import org.agrona.DirectBuffer;

/**
 * Records of an answer as bytes in the wire layout ({@code dev.ledger.core.Wire}), for callers that pass them
 * on without objects (the HTTP gateway writes them straight to JSON).
 *
 * @param buffer the records, from offset 0, 128 bytes each.
 * @param count  how many.
 */
public record RecordSet(DirectBuffer buffer, int count)
{
}
