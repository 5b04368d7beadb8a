package dev.ledger.server.http;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import dev.ledger.journal.JournalEntry;
import dev.ledger.journal.JournalException;
import dev.ledger.journal.JournalReader;
import dev.ledger.journal.export.EntryJsonWriter;

/**
 * {@code GET /v1/journal}: a page of this node's own journal as NDJSON, one line per entry in the format of
 * {@link EntryJsonWriter}, the same as {@code ledger journal export}. Served by every node whatever its role,
 * from its own journal.
 * <p>
 * A page covers the indexes {@code from} to {@code from + limit - 1} ({@link JournalQuery}), up to the newest
 * entry the journal has committed when the request starts, so it never shows an entry still being written or
 * not yet durable. Void entries (cut after a crash) and cuts are not shown, so a page may have fewer lines than
 * indexes. The {@code Ledger-Next-From} header names the index after the page, where the next one starts.
 * <p>
 * Reading the disk blocks, so the I/O thread only parses the query and hands the request to a worker thread,
 * at most {@code readersMax} at a time (more: 503 {@code busy}). Each worker thread keeps one
 * {@link JournalReader} beside the node's writer, opened on first use and refreshed per request. The page is
 * streamed: a request holds one entry, the JSON generator's buffer and the response buffer, whatever the page
 * size. A failure before the first line is a problem+json answer; after it the connection is closed without
 * ending the chunked body, so that a client never takes a broken page for a whole one.
 */
final class JournalRoute implements AutoCloseable
{
    static final String CONTENT_TYPE = "application/x-ndjson";
    static final HttpString NEXT_FROM = new HttpString("Ledger-Next-From");
    private static final Logger LOG = LoggerFactory.getLogger(JournalRoute.class);

    private final Path directory;
    private final LongSupplier committedIndex;
    private final int readersMax;
    private final AtomicInteger reading = new AtomicInteger();
    /** The reader of each worker thread: Chronicle's tailers belong to the thread that uses them. */
    private final ThreadLocal<JournalReader> readers = new ThreadLocal<>();
    private final Queue<JournalReader> opened = new ConcurrentLinkedQueue<>();

    /**
     * @param directory      the node's journal directory.
     * @param committedIndex the journal's newest committed index, readable from any thread.
     * @param readersMax     pages read at a time: the number of worker threads.
     */
    JournalRoute(final Path directory, final LongSupplier committedIndex, final int readersMax)
    {
        this.directory = directory;
        this.committedIndex = committedIndex;
        this.readersMax = readersMax;
    }

    /**
     * Parses the query on the I/O thread and dispatches the page to a worker thread.
     *
     * @param exchange the request.
     * @throws ApiError 400 for a bad query, 503 when {@code readersMax} pages are being read.
     */
    void handle(final HttpServerExchange exchange)
    {
        final JournalQuery query = JournalQuery.parse(exchange.getQueryParameters());
        if (reading.incrementAndGet() > readersMax)
        {
            reading.decrementAndGet();
            throw ApiError.unavailable("busy", "this node is reading " + readersMax + " journal pages already");
        }
        exchange.dispatch(() ->
        {
            try
            {
                serve(exchange, query);
            }
            finally
            {
                reading.decrementAndGet();
            }
        });
    }

    private void serve(final HttpServerExchange exchange, final JournalQuery query)
    {
        // Read before the reader refreshes, so that everything up to it is in the reader's count.
        final long end = committedIndex.getAsLong() + 1;
        final long next = query.next(end);
        final JournalEntry entry = new JournalEntry();
        final JournalReader reader;
        boolean more;
        try
        {
            reader = reader();
            more = query.from() < end && first(reader, query.from(), entry) && entry.index() < next;
        }
        catch (final RuntimeException ex)
        {
            LOG.error("GET /v1/journal from {}: the journal cannot be read", query.from(), ex);
            discardReader();
            HttpApi.sendError(exchange, new ApiError(500, "journal_unreadable", "Internal Server Error",
                ex instanceof JournalException ? ex.getMessage() : ex.toString(), null));
            return;
        }
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, CONTENT_TYPE);
        exchange.getResponseHeaders().put(NEXT_FROM, next);
        exchange.startBlocking();
        try
        {
            final EntryJsonWriter writer = new EntryJsonWriter(exchange.getOutputStream());
            while (more)
            {
                writer.write(entry);
                more = reader.position() < next && reader.next(entry) && entry.index() < next;
            }
            writer.close();
        }
        catch (final IOException ex)
        {
            // The client went away.
            abort(exchange);
            return;
        }
        catch (final RuntimeException ex)
        {
            LOG.error("GET /v1/journal from {}: the page was cut", query.from(), ex);
            discardReader();
            if (!exchange.isResponseStarted())
            {
                // Nothing was sent yet: the request is counted as the failure it is.
                exchange.setStatusCode(500);
            }
            abort(exchange);
            return;
        }
        exchange.endExchange();
    }

    private static boolean first(final JournalReader reader, final long from, final JournalEntry entry)
    {
        reader.refresh();
        return reader.seek(from) && reader.next(entry);
    }

    private JournalReader reader()
    {
        JournalReader reader = readers.get();
        if (reader == null)
        {
            reader = JournalReader.open(directory);
            readers.set(reader);
            opened.add(reader);
        }
        return reader;
    }

    /** After a failure the reader's position and checks are suspect: the thread opens a new one next time. */
    private void discardReader()
    {
        final JournalReader reader = readers.get();
        if (reader != null)
        {
            readers.remove();
            opened.remove(reader);
            reader.close();
        }
    }

    /** Closes the connection first, so that ending the exchange cannot send the chunked body's last chunk. */
    private static void abort(final HttpServerExchange exchange)
    {
        IoUtils.safeClose(exchange.getConnection());
        exchange.endExchange();
    }

    /** Closes the readers; call after the server has stopped its worker threads. */
    @Override
    public void close()
    {
        JournalReader reader;
        while ((reader = opened.poll()) != null)
        {
            reader.close();
        }
    }
}
