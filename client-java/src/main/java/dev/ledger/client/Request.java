package dev.ledger.client;

import java.util.concurrent.CompletableFuture;

import org.agrona.DirectBuffer;

/**
 * One request on its way through the client: what to encode, and the future its answer completes.
 */
final class Request
{
    /** How the answer's records become objects. */
    enum Answer
    {
        CREATE, ACCOUNTS, TRANSFERS, BALANCES, RECORD_SET, SETTINGS
    }

    final int templateId;
    final Answer answer;
    final DirectBuffer payload;
    final int count;
    final int entryLength;
    final CompletableFuture<Object> future = new CompletableFuture<>();
    long correlationId;
    /** When the caller made the request. */
    long submittedNs;
    /** When the answer is due: the request timeout after the request left the queue. */
    long deadlineNs;
    boolean done;
    /** The next request coalesced into the same create message, or null. */
    Request next;
    /** Sent again by itself: its coalesced message was refused whole. */
    boolean alone;

    /**
     * @param templateId  the request message.
     * @param answer      what the answer holds.
     * @param payload     a group's entries (entryLength > 0) or a fixed filter (entryLength 0), from offset 0.
     * @param count       group entries, or the filter's length.
     * @param entryLength bytes per group entry, 0 for a fixed filter.
     */
    Request(final int templateId, final Answer answer, final DirectBuffer payload, final int count,
        final int entryLength)
    {
        this.templateId = templateId;
        this.answer = answer;
        this.payload = payload;
        this.count = count;
        this.entryLength = entryLength;
    }
}
