package dev.ledger.client;

import java.math.BigInteger;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import io.aeron.Aeron;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;

import dev.ledger.client.LedgerException.Kind;
import dev.ledger.client.sbe.CheckSettingsEncoder;
import dev.ledger.client.sbe.CreateAccountsEncoder;
import dev.ledger.client.sbe.CreateTransfersEncoder;
import dev.ledger.client.sbe.GetAccountBalancesEncoder;
import dev.ledger.client.sbe.GetAccountTransfersEncoder;
import dev.ledger.client.sbe.LookupAccountsEncoder;
import dev.ledger.client.sbe.LookupTransfersEncoder;
import dev.ledger.client.sbe.QueryAccountsEncoder;
import dev.ledger.client.sbe.QueryTransfersEncoder;
import dev.ledger.core.LedgerLimits;

/**
 * The Java client of a Ledger cluster: the binary API over Aeron Cluster ingress and egress.
 * <p>
 * Every call has an asynchronous form returning a {@link CompletableFuture} and a blocking form; both fail
 * with a {@link LedgerException} that says whether the outcome is known ({@link LedgerException#isDefinite()}).
 * Thread-safe: any thread may call; one client thread does all the I/O. Requests beyond
 * {@link Context#maxInFlight(int)} fail at once as {@code BUSY}; a request not answered within
 * {@link Context#requestTimeoutNs(long)} fails as {@code TIMEOUT} (outcome unknown: retry with the same ids).
 * Concurrent create requests are coalesced into one log message when the pipeline is full
 * ({@link Context#pipelineDepth(int)}); the results are as if the requests had been sent one after the other.
 * The client follows a new leader by itself and reconnects when its session is lost.
 */
public final class LedgerClient implements AutoCloseable
{
    /** The client's settings, Aeron style: fluent setters, then {@link #conclude()}. */
    public static final class Context
    {
        private String ingressEndpoints = "0=localhost:21002";
        private String ingressChannel = "aeron:udp";
        private String egressChannel = "aeron:udp?endpoint=localhost:0";
        private String aeronDirectoryName;
        private long requestTimeoutNs = TimeUnit.SECONDS.toNanos(5);
        private long busyTimeoutNs = TimeUnit.MILLISECONDS.toNanos(100);
        private long connectTimeoutNs = TimeUnit.SECONDS.toNanos(10);
        private int maxInFlight = 1024;
        private int pipelineDepth = 4;
        private Supplier<IdleStrategy> idleStrategy = () -> new BackoffIdleStrategy(10, 20,
            TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
        private AeronCluster.Context clusterContext;

        /** @param endpoints the members' ingress endpoints, {@code 0=host:port,1=host:port,...}. */
        public Context ingressEndpoints(final String endpoints)
        {
            this.ingressEndpoints = endpoints;
            return this;
        }

        /**
         * @param channel the ingress channel: {@code aeron:udp} (default), or {@code aeron:ipc} for a client that
         *                shares the member's media driver (the endpoints are then not used).
         */
        public Context ingressChannel(final String channel)
        {
            this.ingressChannel = channel;
            return this;
        }

        /** @param channel the egress channel answers come back on; default UDP on localhost, any port. */
        public Context egressChannel(final String channel)
        {
            this.egressChannel = channel;
            return this;
        }

        /** @param name a running media driver's directory; when not set, the client runs its own driver. */
        public Context aeronDirectoryName(final String name)
        {
            this.aeronDirectoryName = name;
            return this;
        }

        /** @param timeoutNs how long to wait for an answer, once sent, before the outcome is declared unknown. */
        public Context requestTimeoutNs(final long timeoutNs)
        {
            this.requestTimeoutNs = timeoutNs;
            return this;
        }

        /**
         * @param timeoutNs how long a request may wait to be sent (cluster back pressure, or a full pipeline of
         *                  create messages) before it fails as busy, nothing applied. Default 100 ms.
         */
        public Context busyTimeoutNs(final long timeoutNs)
        {
            this.busyTimeoutNs = timeoutNs;
            return this;
        }

        /** @param timeoutNs how long the first connection may take. */
        public Context connectTimeoutNs(final long timeoutNs)
        {
            this.connectTimeoutNs = timeoutNs;
            return this;
        }

        /** @param requests requests outstanding at most; more fail at once as busy. */
        public Context maxInFlight(final int requests)
        {
            this.maxInFlight = requests;
            return this;
        }

        /**
         * @param messages create messages sent and not yet answered, at most. While that many are out, further
         *                 create requests wait in the queue, and when one is answered they leave together:
         *                 concurrent small requests share one log message (up to 8189 events), each caller
         *                 getting its own results. A lone request never waits. Default 4.
         */
        public Context pipelineDepth(final int messages)
        {
            this.pipelineDepth = messages;
            return this;
        }

        /** @param supplier the client thread's idle strategy (default: backoff, light on small machines). */
        public Context idleStrategy(final Supplier<IdleStrategy> supplier)
        {
            this.idleStrategy = supplier;
            return this;
        }

        long requestTimeoutNs()
        {
            return requestTimeoutNs;
        }

        long busyTimeoutNs()
        {
            return busyTimeoutNs;
        }

        int pipelineDepth()
        {
            return pipelineDepth;
        }

        AeronCluster.Context clusterContext()
        {
            return clusterContext;
        }

        /**
         * Validates the settings.
         *
         * @return this.
         * @throws IllegalArgumentException naming the setting that is out of range.
         */
        public Context conclude()
        {
            if (maxInFlight < 1)
            {
                throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
            }
            if (pipelineDepth < 1)
            {
                throw new IllegalArgumentException("pipelineDepth must be at least 1: " + pipelineDepth);
            }
            if (requestTimeoutNs <= 0 || busyTimeoutNs <= 0 || connectTimeoutNs <= 0)
            {
                throw new IllegalArgumentException("timeouts must be positive");
            }
            final boolean ipc = ingressChannel.startsWith("aeron:ipc");
            if (!ipc && (ingressEndpoints == null || ingressEndpoints.isBlank()))
            {
                throw new IllegalArgumentException("ingressEndpoints must name at least one member");
            }
            if (ipc)
            {
                ingressEndpoints = null; // IPC ingress reaches the member on this host's media driver
            }
            return this;
        }
    }

    private final Context context;
    private final MediaDriver driver;
    private final Aeron aeron;
    private final ManyToOneConcurrentArrayQueue<Request> queue;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AgentRunner runner;
    private final ClientAgent agent;
    private volatile boolean closed;
    private volatile boolean stopped;

    private LedgerClient(final Context context)
    {
        this.context = context.conclude();
        MediaDriver ownDriver = null;
        Aeron client = null;
        try
        {
            String directory = context.aeronDirectoryName;
            if (directory == null)
            {
                ownDriver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                    .aeronDirectoryName(io.aeron.CommonContext.getAeronDirectoryName() + "-client-" + UUID.randomUUID())
                    .threadingMode(ThreadingMode.SHARED)
                    .sharedIdleStrategy(context.idleStrategy.get())
                    .termBufferSparseFile(true)
                    .dirDeleteOnStart(true)
                    .dirDeleteOnShutdown(true));
                directory = ownDriver.aeronDirectoryName();
            }
            client = Aeron.connect(new Aeron.Context().aeronDirectoryName(directory));
            this.queue = new ManyToOneConcurrentArrayQueue<>(context.maxInFlight);
            final ClientAgent[] agent = new ClientAgent[1];
            context.clusterContext = new AeronCluster.Context()
                .aeron(client)
                .ownsAeronClient(false)
                .ingressChannel(context.ingressChannel)
                .ingressEndpoints(context.ingressEndpoints)
                .egressChannel(context.egressChannel)
                .messageTimeoutNs(context.connectTimeoutNs)
                .egressListener((sessionId, timestamp, buffer, offset, length, header) ->
                    agent[0].onMessage(sessionId, timestamp, buffer, offset, length, header));
            final AeronCluster cluster = AeronCluster.connect(context.clusterContext.clone());
            agent[0] = new ClientAgent(context, cluster, queue, outstanding, SystemNanoClock.INSTANCE);
            this.agent = agent[0];
            this.runner = new AgentRunner(context.idleStrategy.get(), Throwable::printStackTrace, null, agent[0]);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(client, ownDriver);
            throw ex;
        }
        this.driver = ownDriver;
        this.aeron = client;
        AgentRunner.startOnThread(runner);
    }

    /**
     * Connects to a cluster.
     *
     * @param context the settings.
     * @return a connected client.
     * @throws RuntimeException (Aeron's) when no leader answered within the connect timeout.
     */
    public static LedgerClient connect(final Context context)
    {
        return new LedgerClient(context);
    }

    /**
     * @param batch accounts to create; the client holds it until the future completes.
     * @return one result per account, in order.
     */
    public CompletableFuture<CreateResults> createAccountsAsync(final AccountBatch batch)
    {
        return submit(new Request(CreateAccountsEncoder.TEMPLATE_ID, Request.Answer.CREATE, batch.buffer(),
            requireEvents(batch.count()), LedgerLimits.RECORD_LENGTH));
    }

    /**
     * @param batch transfers to create; the client holds it until the future completes.
     * @return one result per transfer, in order.
     */
    public CompletableFuture<CreateResults> createTransfersAsync(final TransferBatch batch)
    {
        return submit(new Request(CreateTransfersEncoder.TEMPLATE_ID, Request.Answer.CREATE, batch.buffer(),
            requireEvents(batch.count()), LedgerLimits.RECORD_LENGTH));
    }

    /**
     * @param ids the accounts' ids, 1..8189.
     * @return those that exist, in request order.
     */
    public CompletableFuture<List<Account>> lookupAccountsAsync(final List<BigInteger> ids)
    {
        return submit(new Request(LookupAccountsEncoder.TEMPLATE_ID, Request.Answer.ACCOUNTS, ids(ids), ids.size(),
            LedgerLimits.ID_LENGTH));
    }

    /**
     * @param ids the transfers' ids, 1..8189.
     * @return those that exist, in request order.
     */
    public CompletableFuture<List<Transfer>> lookupTransfersAsync(final List<BigInteger> ids)
    {
        return submit(new Request(LookupTransfersEncoder.TEMPLATE_ID, Request.Answer.TRANSFERS, ids(ids),
            ids.size(), LedgerLimits.ID_LENGTH));
    }

    /**
     * @param filter the account and which of its transfers.
     * @return the transfers, in timestamp order (newest first when reversed).
     */
    public CompletableFuture<List<Transfer>> getAccountTransfersAsync(final AccountFilter filter)
    {
        return submit(new Request(GetAccountTransfersEncoder.TEMPLATE_ID, Request.Answer.TRANSFERS,
            accountFilter(filter), LedgerLimits.RECORD_LENGTH, 0));
    }

    /**
     * @param filter a history account and which of its transfers.
     * @return its balances after each of them.
     */
    public CompletableFuture<List<AccountBalance>> getAccountBalancesAsync(final AccountFilter filter)
    {
        return submit(new Request(GetAccountBalancesEncoder.TEMPLATE_ID, Request.Answer.BALANCES,
            accountFilter(filter), LedgerLimits.RECORD_LENGTH, 0));
    }

    /**
     * @param filter what every account returned matches.
     * @return the accounts, in timestamp order.
     */
    public CompletableFuture<List<Account>> queryAccountsAsync(final QueryFilter filter)
    {
        return submit(new Request(QueryAccountsEncoder.TEMPLATE_ID, Request.Answer.ACCOUNTS, queryFilter(filter),
            LedgerLimits.QUERY_FILTER_LENGTH, 0));
    }

    /**
     * @param filter what every transfer returned matches.
     * @return the transfers, in timestamp order.
     */
    public CompletableFuture<List<Transfer>> queryTransfersAsync(final QueryFilter filter)
    {
        return submit(new Request(QueryTransfersEncoder.TEMPLATE_ID, Request.Answer.TRANSFERS, queryFilter(filter),
            LedgerLimits.QUERY_FILTER_LENGTH, 0));
    }

    /**
     * lookup_accounts or lookup_transfers with the ids and the answer as bytes in the wire layout.
     *
     * @param transfers lookup_transfers, else lookup_accounts.
     * @param ids       16-byte ids from offset 0; the client holds them until the future completes.
     * @param count     how many, 1..8189.
     * @return the records found, in request order.
     */
    public CompletableFuture<RecordSet> lookupRecordsAsync(final boolean transfers, final DirectBuffer ids,
        final int count)
    {
        return submit(new Request(transfers ? LookupTransfersEncoder.TEMPLATE_ID : LookupAccountsEncoder.TEMPLATE_ID,
            Request.Answer.RECORD_SET, ids, requireEvents(count), LedgerLimits.ID_LENGTH));
    }

    /**
     * get_account_transfers or get_account_balances with a 128-byte AccountFilter in the wire layout.
     *
     * @param balances get_account_balances, else get_account_transfers.
     * @param filter   the filter from offset 0; the client holds it until the future completes.
     * @return the rows.
     */
    public CompletableFuture<RecordSet> accountRecordsAsync(final boolean balances, final DirectBuffer filter)
    {
        return submit(new Request(balances ? GetAccountBalancesEncoder.TEMPLATE_ID :
            GetAccountTransfersEncoder.TEMPLATE_ID, Request.Answer.RECORD_SET, filter, LedgerLimits.RECORD_LENGTH, 0));
    }

    /**
     * query_accounts or query_transfers with a 64-byte QueryFilter in the wire layout.
     *
     * @param transfers query_transfers, else query_accounts.
     * @param filter    the filter from offset 0; the client holds it until the future completes.
     * @return the rows.
     */
    public CompletableFuture<RecordSet> queryRecordsAsync(final boolean transfers, final DirectBuffer filter)
    {
        return submit(new Request(transfers ? QueryTransfersEncoder.TEMPLATE_ID : QueryAccountsEncoder.TEMPLATE_ID,
            Request.Answer.RECORD_SET, filter, LedgerLimits.QUERY_FILTER_LENGTH, 0));
    }

    /**
     * Sends this member's settings through the log: every member compares them with its own (and logs a
     * difference), and the leader answers with its own. What nodes check on start; see {@link MemberSettings}.
     *
     * @param mine the settings to send.
     * @return the leader's settings.
     */
    public CompletableFuture<MemberSettings> checkSettingsAsync(final MemberSettings mine)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MemberSettings.LENGTH]);
        mine.write(buffer, 0);
        return submit(new Request(CheckSettingsEncoder.TEMPLATE_ID, Request.Answer.SETTINGS, buffer,
            MemberSettings.LENGTH, 0));
    }

    /** Blocking {@link #createAccountsAsync}. @param batch the accounts. @return the results. */
    public CreateResults createAccounts(final AccountBatch batch)
    {
        return join(createAccountsAsync(batch));
    }

    /** Blocking {@link #createTransfersAsync}. @param batch the transfers. @return the results. */
    public CreateResults createTransfers(final TransferBatch batch)
    {
        return join(createTransfersAsync(batch));
    }

    /** Blocking {@link #lookupAccountsAsync}. @param ids the ids. @return the accounts found. */
    public List<Account> lookupAccounts(final List<BigInteger> ids)
    {
        return join(lookupAccountsAsync(ids));
    }

    /** Blocking {@link #lookupTransfersAsync}. @param ids the ids. @return the transfers found. */
    public List<Transfer> lookupTransfers(final List<BigInteger> ids)
    {
        return join(lookupTransfersAsync(ids));
    }

    /** Blocking {@link #getAccountTransfersAsync}. @param filter the filter. @return the transfers. */
    public List<Transfer> getAccountTransfers(final AccountFilter filter)
    {
        return join(getAccountTransfersAsync(filter));
    }

    /** Blocking {@link #getAccountBalancesAsync}. @param filter the filter. @return the balances. */
    public List<AccountBalance> getAccountBalances(final AccountFilter filter)
    {
        return join(getAccountBalancesAsync(filter));
    }

    /** Blocking {@link #queryAccountsAsync}. @param filter the filter. @return the accounts. */
    public List<Account> queryAccounts(final QueryFilter filter)
    {
        return join(queryAccountsAsync(filter));
    }

    /** Blocking {@link #queryTransfersAsync}. @param filter the filter. @return the transfers. */
    public List<Transfer> queryTransfers(final QueryFilter filter)
    {
        return join(queryTransfersAsync(filter));
    }

    /** @return whether the client has a session with the cluster's leader now. */
    public boolean isConnected()
    {
        return agent.isConnected();
    }

    /** @return requests submitted and not yet answered or failed. */
    public int outstanding()
    {
        return outstanding.get();
    }

    /** Fails what is outstanding ({@code CLOSED}, or outcome unknown for what was sent) and stops the client. */
    @Override
    public void close()
    {
        closed = true;
        CloseHelper.closeAll(runner, aeron, driver);
        stopped = true;
        failQueued();
    }

    /**
     * Once the client thread has stopped, fails what a caller queued while the client was closing; the lock keeps
     * the queue's single consumer single.
     */
    private void failQueued()
    {
        synchronized (queue)
        {
            Request request;
            while ((request = queue.poll()) != null)
            {
                outstanding.decrementAndGet();
                request.future.completeExceptionally(new LedgerException(Kind.CLOSED, "the client is closed"));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> submit(final Request request)
    {
        if (closed)
        {
            request.future.completeExceptionally(new LedgerException(Kind.CLOSED, "the client is closed"));
        }
        else if (outstanding.incrementAndGet() > context.maxInFlight)
        {
            outstanding.decrementAndGet();
            request.future.completeExceptionally(new LedgerException(Kind.BUSY,
                context.maxInFlight + " requests outstanding already: nothing was sent"));
        }
        else
        {
            request.submittedNs = SystemNanoClock.INSTANCE.nanoTime();
            if (!queue.offer(request))
            {
                outstanding.decrementAndGet();
                request.future.completeExceptionally(new LedgerException(Kind.BUSY, "the request queue is full"));
            }
            else if (stopped)
            {
                failQueued(); // closed after the check above, and the client thread is gone already
            }
        }
        return (CompletableFuture<T>)(CompletableFuture<?>)request.future;
    }

    private static <T> T join(final CompletableFuture<T> future)
    {
        try
        {
            return future.join();
        }
        catch (final CompletionException ex)
        {
            if (ex.getCause() instanceof LedgerException)
            {
                final LedgerException cause = (LedgerException)ex.getCause();
                throw new LedgerException(cause.kind(), cause.getMessage());
            }
            throw ex;
        }
    }

    private static int requireEvents(final int count)
    {
        if (count < 1 || count > LedgerLimits.BATCH_EVENTS_MAX)
        {
            throw new IllegalArgumentException("a batch holds 1.." + LedgerLimits.BATCH_EVENTS_MAX + " events: " + count);
        }
        return count;
    }

    private static MutableDirectBuffer ids(final List<BigInteger> ids)
    {
        requireEvents(ids.size());
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[ids.size() * LedgerLimits.ID_LENGTH]);
        for (int i = 0; i < ids.size(); i++)
        {
            Records.putU128(buffer, i * LedgerLimits.ID_LENGTH, ids.get(i), "ids[" + i + "]");
        }
        return buffer;
    }

    private static MutableDirectBuffer accountFilter(final AccountFilter filter)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[LedgerLimits.RECORD_LENGTH]);
        filter.write(buffer, 0);
        return buffer;
    }

    private static MutableDirectBuffer queryFilter(final QueryFilter filter)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[LedgerLimits.QUERY_FILTER_LENGTH]);
        filter.write(buffer, 0);
        return buffer;
    }

}
