package dev.ledger.server.http;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Options;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.io.Receiver;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;

import dev.ledger.client.AccountBatch;
import dev.ledger.client.CreateResults;
import dev.ledger.client.LedgerClient;
import dev.ledger.client.LedgerException;
import dev.ledger.client.RecordSet;
import dev.ledger.client.TransferBatch;
import dev.ledger.core.BatchStatus;
import dev.ledger.core.LedgerLimits;
import dev.ledger.server.metrics.NodeMetrics;

/**
 * The HTTP API of API.md on Undertow: non-blocking handlers that parse the request on an I/O thread, hand it
 * to the cluster through the {@link LedgerClient}, and answer from the I/O thread when the cluster's answer
 * arrives. Limits: body at most 2 MiB (413), whole body within {@link #BODY_TIMEOUT_MS} (408, against slow
 * clients), request line and headers within 10 s, header size and count, query parameters; JSON limits in
 * {@link Json}. Every refusal is a problem+json body naming the field ({@link ApiError}); nothing is applied.
 * The one route that blocks, {@code GET /v1/journal}, reads this node's journal on a worker thread
 * ({@link JournalRoute}).
 */
public final class HttpApi implements AutoCloseable
{
    static final int BODY_MAX = 2 * 1024 * 1024;
    static final long BODY_TIMEOUT_MS = 10_000;
    /** Threads for blocking work: only journal pages block, so this is also how many are read at a time. */
    static final int WORKER_THREADS = 2;
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final String JSON = "application/json";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final HttpString RETRY_AFTER = new HttpString("Retry-After");
    private static final ThreadLocal<ResponseWriter> WRITERS = ThreadLocal.withInitial(ResponseWriter::new);

    private final Undertow server;
    private final GracefulShutdownHandler shutdown;
    private final LedgerClient client;
    private final NodeMetrics metrics;
    private final JournalRoute journal;

    private HttpApi(final String host, final int port, final LedgerClient client, final NodeMetrics metrics,
        final JournalRoute journal)
    {
        this.client = client;
        this.metrics = metrics;
        this.journal = journal;
        this.shutdown = new GracefulShutdownHandler(this::handle);
        this.server = Undertow.builder()
            .addHttpListener(port, host)
            .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, -1L)
            .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, 10_000)
            .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
            .setServerOption(UndertowOptions.IDLE_TIMEOUT, 60_000)
            .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 16 * 1024)
            .setServerOption(UndertowOptions.MAX_HEADERS, 64)
            .setServerOption(UndertowOptions.MAX_PARAMETERS, 16)
            .setServerOption(UndertowOptions.DECODE_URL, true)
            .setSocketOption(Options.READ_TIMEOUT, 30_000)
            .setIoThreads(Math.max(1, Runtime.getRuntime().availableProcessors()))
            .setWorkerThreads(WORKER_THREADS)
            .setHandler(shutdown)
            .build();
        server.start();
    }

    /**
     * Starts the HTTP API.
     *
     * @param host             the address to bind.
     * @param port             the port, 0 for any free one.
     * @param client           the cluster client requests go through.
     * @param metrics          the node's metrics (also served at {@code /metrics}).
     * @param journalDirectory the node's journal, served at {@code /v1/journal}.
     * @param committedIndex   the journal's newest committed index, readable from any thread: pages end there.
     * @return the running API.
     */
    public static HttpApi start(final String host, final int port, final LedgerClient client,
        final NodeMetrics metrics, final Path journalDirectory, final LongSupplier committedIndex)
    {
        return new HttpApi(host, port, client, metrics,
            new JournalRoute(journalDirectory, committedIndex, WORKER_THREADS));
    }

    /** @return the bound port. */
    public int port()
    {
        return ((java.net.InetSocketAddress)server.getListenerInfo().get(0).getAddress()).getPort();
    }

    /**
     * Stops taking requests (new ones get 503) and waits for those in flight to be answered.
     *
     * @param timeoutMs how long to wait.
     */
    public void drain(final long timeoutMs)
    {
        shutdown.shutdown();
        try
        {
            if (!shutdown.awaitShutdown(timeoutMs))
            {
                LOG.warn("HTTP requests still in flight after {} ms", timeoutMs);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close()
    {
        server.stop();
        journal.close();
    }

    private void handle(final HttpServerExchange exchange)
    {
        final long startNs = System.nanoTime();
        exchange.addExchangeCompleteListener((done, next) ->
        {
            metrics.onHttpRequest(Routes.name(done.getRequestPath()), done.getStatusCode(), System.nanoTime() - startNs);
            next.proceed();
        });
        try
        {
            route(exchange);
        }
        catch (final ApiError error)
        {
            sendError(exchange, error);
        }
    }

    private void route(final HttpServerExchange exchange)
    {
        final String path = exchange.getRequestPath();
        final boolean get = Methods.GET.equals(exchange.getRequestMethod());
        final boolean post = Methods.POST.equals(exchange.getRequestMethod());
        final Routes.Match match = Routes.match(path);
        if (match == null)
        {
            throw ApiError.notFound("route_not_found", "no route " + path);
        }
        if (!(match.post() ? post : get))
        {
            exchange.getResponseHeaders().put(Headers.ALLOW, match.post() ? "POST" : "GET");
            throw ApiError.methodNotAllowed(exchange.getRequestMethod() + " is not allowed on " + path);
        }
        switch (match.route())
        {
            case HEALTH_LIVE:
                sendJson(exchange, 200, "{\"status\":\"live\"}".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                return;
            case HEALTH_READY:
                if (metrics.ready())
                {
                    sendJson(exchange, 200, "{\"status\":\"ready\"}".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    return;
                }
                throw ApiError.unavailable("not_ready", "this node has no leader or is catching up");
            case METRICS:
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                exchange.getResponseSender().send(metrics.scrape());
                return;
            case OPENAPI:
                sendJson(exchange, 200, OpenApi.document());
                return;
            case ACCOUNT:
            case TRANSFER:
                lookupOne(exchange, match);
                return;
            case ACCOUNT_TRANSFERS:
            case ACCOUNT_BALANCES:
                accountRows(exchange, match);
                return;
            case JOURNAL:
                journal.handle(exchange);
                return;
            default:
                withBody(exchange, match);
        }
    }

    private void lookupOne(final HttpServerExchange exchange, final Routes.Match match)
    {
        requireNoParameters(exchange);
        final UnsafeBuffer id = new UnsafeBuffer(new byte[LedgerLimits.ID_LENGTH]);
        IdsParser.pathId(match.id(), id, 0);
        final boolean transfers = match.route() == Routes.Route.TRANSFER;
        answer(exchange, client.lookupRecordsAsync(transfers, id, 1), (writer, rows) ->
        {
            if (rows.count() == 0)
            {
                throw ApiError.notFound(transfers ? "transfer_not_found" : "account_not_found",
                    (transfers ? "no transfer " : "no account ") + match.id());
            }
            return transfers ? writer.transfer(rows.buffer(), 0) : writer.account(rows.buffer(), 0);
        });
    }

    private void accountRows(final HttpServerExchange exchange, final Routes.Match match)
    {
        final UnsafeBuffer id = new UnsafeBuffer(new byte[LedgerLimits.ID_LENGTH]);
        IdsParser.pathId(match.id(), id, 0);
        final UnsafeBuffer filter = new UnsafeBuffer(new byte[LedgerLimits.RECORD_LENGTH]);
        AccountFilterParser.parse(id.getLong(0, dev.ledger.core.Wire.ORDER), id.getLong(8, dev.ledger.core.Wire.ORDER),
            exchange.getQueryParameters(), filter, 0);
        final boolean balances = match.route() == Routes.Route.ACCOUNT_BALANCES;
        answer(exchange, client.accountRecordsAsync(balances, filter), (writer, rows) -> balances ?
            writer.accountBalancesPage(rows.buffer(), 0, rows.count(), filter, 0) :
            writer.accountTransfersPage(rows.buffer(), 0, rows.count(), filter, 0));
    }

    private void withBody(final HttpServerExchange exchange, final Routes.Match match)
    {
        requireNoParameters(exchange);
        final String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        final String mediaType = type == null ? "" : type.split(";", 2)[0].strip();
        if (!mediaType.equalsIgnoreCase(JSON))
        {
            throw ApiError.unsupportedMediaType("Content-Type must be " + JSON + ", not " + type);
        }
        final long declared = exchange.getRequestContentLength();
        if (declared > BODY_MAX)
        {
            throw ApiError.bodyTooLarge("a body of " + declared + " bytes; at most " + BODY_MAX);
        }
        final org.xnio.XnioExecutor.Key timer = exchange.getIoThread().executeAfter(() ->
        {
            if (!exchange.isResponseStarted())
            {
                exchange.setPersistent(false);
                sendError(exchange, new ApiError(408, "request_timeout", "Request Timeout",
                    "the body did not arrive within " + BODY_TIMEOUT_MS + " ms", null));
            }
        }, BODY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        exchange.getRequestReceiver().setMaxBufferSize(BODY_MAX);
        final BodyCollector body = new BodyCollector(declared, BODY_MAX,
            (ex, bytes) ->
            {
                timer.remove();
                if (ex.isResponseStarted())
                {
                    return;
                }
                try
                {
                    onBody(ex, match, bytes);
                }
                catch (final ApiError error)
                {
                    sendError(ex, error);
                }
            },
            ex -> bodyFailed(ex, timer, bodyTooLarge()));
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> exchange.getRequestReceiver().receivePartialBytes(
            body, (ex, failure) -> bodyFailed(ex, timer, failure instanceof Receiver.RequestToLargeException ?
                bodyTooLarge() :
                ApiError.badRequest("body_unreadable", null, "the body could not be read: " + failure))));
    }

    private static ApiError bodyTooLarge()
    {
        return ApiError.bodyTooLarge("the body is larger than " + BODY_MAX + " bytes");
    }

    /** The body could not be taken: answered with {@code error}, and the connection closes after it. */
    private void bodyFailed(final HttpServerExchange exchange, final org.xnio.XnioExecutor.Key timer,
        final ApiError error)
    {
        timer.remove();
        if (!exchange.isResponseStarted())
        {
            // The rest of the body is never read: the connection cannot carry another request.
            exchange.setPersistent(false);
            sendError(exchange, error);
        }
    }

    /**
     * A first guess of the records (or ids) a body holds, to size their buffer: one per 64 bytes of JSON, 1..16
     * (the buffer grows past it). A single-transfer request then allocates 256 bytes instead of 2 KiB, which was
     * a fifth of the node's allocation at 20k requests/s.
     */
    private static int recordsFor(final byte[] body)
    {
        return Math.max(1, Math.min(16, body.length / 64));
    }

    private void onBody(final HttpServerExchange exchange, final Routes.Match match, final byte[] body)
    {
        switch (match.route())
        {
            case ACCOUNTS:
            {
                final ExpandableArrayBuffer events =
                    new ExpandableArrayBuffer(LedgerLimits.RECORD_LENGTH * recordsFor(body));
                final int count = EventsParser.accounts(body, 0, body.length, events, 0);
                created(exchange, client.createAccountsAsync(new AccountBatch(events, count)), false, count);
                break;
            }
            case TRANSFERS:
            {
                final ExpandableArrayBuffer events =
                    new ExpandableArrayBuffer(LedgerLimits.RECORD_LENGTH * recordsFor(body));
                final int count = EventsParser.transfers(body, 0, body.length, events, 0);
                created(exchange, client.createTransfersAsync(new TransferBatch(events, count)), true, count);
                break;
            }
            case ACCOUNTS_LOOKUP:
            case TRANSFERS_LOOKUP:
            {
                final ExpandableArrayBuffer ids =
                    new ExpandableArrayBuffer(LedgerLimits.ID_LENGTH * recordsFor(body));
                final int count = IdsParser.ids(body, 0, body.length, ids, 0);
                final boolean transfers = match.route() == Routes.Route.TRANSFERS_LOOKUP;
                answer(exchange, client.lookupRecordsAsync(transfers, ids, count), (writer, rows) -> transfers ?
                    writer.transfers(rows.buffer(), 0, rows.count()) : writer.accounts(rows.buffer(), 0, rows.count()));
                break;
            }
            default:
            {
                final UnsafeBuffer filter = new UnsafeBuffer(new byte[LedgerLimits.QUERY_FILTER_LENGTH]);
                QueryFilterParser.parse(body, 0, body.length, filter, 0);
                final boolean transfers = match.route() == Routes.Route.TRANSFERS_QUERY;
                answer(exchange, client.queryRecordsAsync(transfers, filter), (writer, rows) -> transfers ?
                    writer.queryTransfersPage(rows.buffer(), 0, rows.count(), filter, 0) :
                    writer.queryAccountsPage(rows.buffer(), 0, rows.count(), filter, 0));
            }
        }
    }

    private void created(final HttpServerExchange exchange, final CompletableFuture<CreateResults> future,
        final boolean transfers, final int count)
    {
        answer(exchange, future, (writer, results) ->
        {
            if (results.batchStatus() != BatchStatus.OK)
            {
                throw ApiError.unavailable(results.batchStatus() == BatchStatus.ACCOUNTS_FULL ? "accounts_full" :
                    "transfers_full", "the ledger has no room for this batch; nothing was applied");
            }
            metrics.onCreated(transfers, count);
            final UnsafeBuffer codes = new UnsafeBuffer(new byte[results.count() * LedgerLimits.RESULT_LENGTH]);
            for (int i = 0; i < results.count(); i++)
            {
                codes.putInt(i * LedgerLimits.RESULT_LENGTH, results.code(i), dev.ledger.core.Wire.ORDER);
            }
            return transfers ? writer.createTransferResults(results.count(), BatchStatus.OK, codes, 0) :
                writer.createAccountResults(results.count(), BatchStatus.OK, codes, 0);
        });
    }

    /** Writes a 200 answer's body into the writer; may throw an {@link ApiError} instead. */
    @FunctionalInterface
    private interface BodyWriter<T>
    {
        int write(ResponseWriter writer, T answer);
    }

    private <T> void answer(final HttpServerExchange exchange, final CompletableFuture<T> future,
        final BodyWriter<T> body)
    {
        if (!exchange.isDispatched())
        {
            exchange.dispatch(SameThreadExecutor.INSTANCE, () -> { });
        }
        future.whenComplete((value, failure) -> exchange.getIoThread().execute(() ->
        {
            try
            {
                if (failure != null)
                {
                    throw clusterError(failure);
                }
                final ResponseWriter writer = WRITERS.get();
                final int length = body.write(writer, value);
                sendJson(exchange, 200, Arrays.copyOf(writer.buffer(), length));
            }
            catch (final ApiError error)
            {
                sendError(exchange, error);
            }
            catch (final RuntimeException ex)
            {
                LOG.error("answering {} failed", exchange.getRequestPath(), ex);
                sendError(exchange, new ApiError(500, "internal_error", "Internal Server Error", ex.toString(), null));
            }
        }));
    }

    private static ApiError clusterError(final Throwable failure)
    {
        final Throwable cause = failure instanceof CompletionException && failure.getCause() != null ?
            failure.getCause() : failure;
        if (cause instanceof LedgerException)
        {
            final LedgerException ledger = (LedgerException)cause;
            switch (ledger.kind())
            {
                case BUSY:
                    return ApiError.unavailable("busy", ledger.getMessage());
                case REJECTED:
                    return ApiError.badRequest("rejected", null, ledger.getMessage());
                case CLOSED:
                    return ApiError.unavailable("shutting_down", ledger.getMessage());
                default:
                    return ApiError.unavailable("outcome_unknown", ledger.getMessage());
            }
        }
        return ApiError.unavailable("no_leader", String.valueOf(cause));
    }

    private static void requireNoParameters(final HttpServerExchange exchange)
    {
        if (!exchange.getQueryParameters().isEmpty())
        {
            final String name = exchange.getQueryParameters().keySet().iterator().next();
            throw ApiError.badRequest("unknown_parameter", name, "this route takes no query parameter '" + name + "'");
        }
    }

    private static void sendJson(final HttpServerExchange exchange, final int status, final byte[] body)
    {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, JSON);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    static void sendError(final HttpServerExchange exchange, final ApiError error)
    {
        exchange.setStatusCode(error.status());
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, PROBLEM_JSON);
        if (error.status() == 503)
        {
            exchange.getResponseHeaders().put(RETRY_AFTER, "1");
        }
        exchange.getResponseSender().send(ByteBuffer.wrap(error.toProblemJson()));
    }
}
