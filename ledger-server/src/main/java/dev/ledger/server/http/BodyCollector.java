package dev.ledger.server.http;

import java.util.Arrays;

import io.undertow.io.Receiver;
import io.undertow.server.HttpServerExchange;

/**
 * Collects a request body from Undertow's partial reads into one array, with bulk copies, refusing more than
 * a bound. Undertow's {@code receiveFullBytes} copies a body a byte at a time into a synchronized
 * {@code ByteArrayOutputStream}: at 20k single-transfer requests/s that was 14% of the I/O threads' samples,
 * and a 2 MiB batch is two million synchronized calls.
 */
final class BodyCollector implements Receiver.PartialBytesCallback
{
    /** What to do with the whole body. */
    @FunctionalInterface
    interface Complete
    {
        void onBody(HttpServerExchange exchange, byte[] body);
    }

    /** What to do when the body turns out longer than the bound (its reads are then paused). */
    @FunctionalInterface
    interface TooLarge
    {
        void onTooLarge(HttpServerExchange exchange);
    }

    private static final int CHUNKED_INITIAL = 4096;

    private final int max;
    private final Complete complete;
    private final TooLarge tooLarge;
    private byte[] body;
    private int length;
    private boolean refused;

    /**
     * @param declared the Content-Length, at most {@code max}, or -1 when the body is chunked.
     * @param max      the most bytes accepted.
     * @param complete given the whole body, exactly as long as it is.
     * @param tooLarge told once if the body is longer than {@code max}.
     */
    BodyCollector(final long declared, final int max, final Complete complete, final TooLarge tooLarge)
    {
        this.max = max;
        this.complete = complete;
        this.tooLarge = tooLarge;
        this.body = new byte[declared >= 0 ? (int)declared : CHUNKED_INITIAL];
    }

    @Override
    public void handle(final HttpServerExchange exchange, final byte[] message, final boolean last)
    {
        if (refused)
        {
            return;
        }
        if (message.length > max - length)
        {
            refused = true;
            exchange.getRequestReceiver().pause();
            tooLarge.onTooLarge(exchange);
            return;
        }
        if (message.length > body.length - length)
        {
            body = Arrays.copyOf(body, (int)Math.min(max, Math.max(2L * body.length, length + message.length)));
        }
        System.arraycopy(message, 0, body, length, message.length);
        length += message.length;
        if (last)
        {
            complete.onBody(exchange, length == body.length ? body : Arrays.copyOf(body, length));
        }
    }
}
