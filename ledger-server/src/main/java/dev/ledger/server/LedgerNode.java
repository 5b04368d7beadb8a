package dev.ledger.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.agrona.CloseHelper;
import org.agrona.concurrent.IdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ledger.client.LedgerClient;
import dev.ledger.client.MemberSettings;
import dev.ledger.core.Ledger;
import dev.ledger.core.LedgerConfig;
import dev.ledger.journal.Durability;
import dev.ledger.journal.Journal;
import dev.ledger.journal.JournalContext;
import dev.ledger.journal.JournalHash;
import dev.ledger.server.cluster.ClusterMember;
import dev.ledger.server.cluster.IdleStrategies;
import dev.ledger.server.cluster.NodeLock;
import dev.ledger.server.cluster.SnapshotTimer;
import dev.ledger.server.http.HttpApi;
import dev.ledger.server.metrics.NodeMetrics;
import dev.ledger.server.service.FatalHandler;
import dev.ledger.server.service.LedgerEngine;
import dev.ledger.server.service.LedgerService;
import dev.ledger.server.service.ServiceCounters;
import dev.ledger.server.service.ShardedEngine;
import dev.ledger.server.service.SingleLedgerEngine;
import dev.ledger.server.shard.ShardConfig;

/**
 * A Ledger node: one Aeron Cluster member (media driver, archive, consensus module, the ledger service), its
 * journal, and the HTTP API, which reaches the cluster through the Java client like any other client (over IPC
 * when the cluster is this one member, else over UDP to whichever member leads).
 * <p>
 * {@link #main(String[])} starts one from flags, environment and a config file ({@link NodeConfig}), prints
 * every setting, and on SIGTERM stops cleanly: the HTTP API stops taking requests and answers those in flight,
 * the cluster takes a snapshot and terminates, the journal closes (one member of several leaves without a
 * snapshot instead, the others going on). A restart continues from the snapshot and the log.
 */
public final class LedgerNode implements AutoCloseable
{
    /**
     * How long the HTTP gateway waits for the cluster at start: the service restores the cluster snapshot, if
     * any, and replays the log before it answers (seconds per gigabyte of ledger).
     */
    private static final long GATEWAY_CONNECT_TIMEOUT_NS = TimeUnit.MINUTES.toNanos(10);
    /** Exit code of a node halted by a fatal error (journal failure, ledger invariant). */
    public static final int EXIT_FATAL = 70;
    private static final Logger LOG = LoggerFactory.getLogger(LedgerNode.class);

    private final NodeLock lock;
    private final Journal journal;
    private final ClusterMember member;
    private final LedgerEngine engine;
    private final LedgerClient client;
    private final SnapshotTimer snapshots;
    private final SettingsCheck settingsCheck;
    private final HttpApi http;
    private final NodeMetrics metrics;
    private final CountDownLatch terminated = new CountDownLatch(1);

    private LedgerNode(final NodeConfig config, final FatalHandler fatal)
    {
        final Path data = config.getPath("data-dir");
        final Supplier<IdleStrategy> idle = IdleStrategies.supplier(config.get("idle-strategy"));
        final LedgerConfig ledgerConfig = new LedgerConfig(
            config.getInt("accounts-max"), config.getInt("transfers-max"), config.getInt("history-max"));
        final int shards = config.getInt("shards", 1, ShardConfig.SHARDS_MAX);
        final List<String> hosts = memberHosts(config);
        final int memberId = config.getInt("member-id");
        final int portBase = config.getInt("cluster-port-base");
        final int snapshotIntervalS = config.getInt("snapshot-interval-s", 0, Integer.MAX_VALUE);
        final MemberSettings settings = new MemberSettings(memberId, ledgerConfig.accountsMax(),
            ledgerConfig.transfersMax(), ledgerConfig.historyMax(), shards);
        final LedgerConfig journaled = shards == 1 ? ledgerConfig :
            ShardConfig.whole(ShardConfig.share(ledgerConfig, shards), shards);
        final ServiceCounters counters = new ServiceCounters();
        NodeLock nodeLock = null;
        Journal nodeJournal = null;
        ClusterMember nodeMember = null;
        LedgerEngine nodeEngine = null;
        LedgerClient gateway = null;
        try
        {
            nodeLock = NodeLock.acquire(data);
            nodeJournal = Journal.open(new JournalContext()
                .directory(data.resolve("journal"))
                .durability(Durability.parse(config.get("journal-durability")))
                .ledgerConfig(journaled)
                .stateHash(shards == 1 ? JournalHash.LEDGER : JournalHash.RESULTS));
            nodeEngine = allocate(ledgerConfig, shards, idle);
            nodeMember = ClusterMember.launch(nodeLock, data, aeronDirectory(config, data), hosts, memberId, portBase,
                config.getInt("archive-sync-level"),
                idle, new LedgerService(nodeEngine, nodeJournal, fatal, counters, settings),
                LedgerNode::onAgentError, terminated::countDown);
            // One member: the gateway reaches it over IPC. Several: over UDP, to whichever member leads.
            final boolean alone = hosts.size() == 1;
            gateway = LedgerClient.connect(new LedgerClient.Context()
                .aeronDirectoryName(nodeMember.aeronDirectory())
                .ingressEndpoints(nodeMember.ingressEndpoints())
                .ingressChannel(alone ? "aeron:ipc" : "aeron:udp")
                .egressChannel(alone ? "aeron:ipc" : "aeron:udp?endpoint=" + hosts.get(memberId) + ":0")
                .requestTimeoutNs(TimeUnit.MILLISECONDS.toNanos(config.getInt("request-timeout-ms")))
                .connectTimeoutNs(GATEWAY_CONNECT_TIMEOUT_NS)
                .maxInFlight(config.getInt("max-in-flight"))
                .idleStrategy(idle));
            final LedgerClient connected = gateway;
            final Journal written = nodeJournal;
            metrics = new NodeMetrics(counters, () -> connected.isConnected(),
                nodeEngine instanceof ShardedEngine sharded ? sharded.shards() : null);
            http = HttpApi.start(config.get("http-host"), config.getInt("http-port"), gateway, metrics,
                data.resolve("journal"), written::committedIndex);
        }
        catch (final RuntimeException | Error ex)
        {
            CloseHelper.quietCloseAll(gateway, nodeMember, nodeEngine, nodeJournal, nodeLock);
            throw ex;
        }
        snapshots = SnapshotTimer.start(nodeMember, snapshotIntervalS, counters::journalIndex);
        settingsCheck = hosts.size() > 1 ? SettingsCheck.start(gateway, settings, fatal) : null;
        this.lock = nodeLock;
        this.journal = nodeJournal;
        this.member = nodeMember;
        this.engine = nodeEngine;
        this.client = gateway;
    }

    /**
     * Starts a node.
     *
     * @param config its settings.
     * @param fatal  told when the service must stop (the process then halts in {@link #main}).
     * @return the running node.
     */
    public static LedgerNode start(final NodeConfig config, final FatalHandler fatal)
    {
        return new LedgerNode(config, fatal);
    }

    /** @return the HTTP API's port (useful when started on port 0). */
    public int httpPort()
    {
        return http.port();
    }

    /** @return every member's ingress endpoint for clients, {@code 0=host:port,1=host:port,...}. */
    public String ingressEndpoints()
    {
        return member.ingressEndpoints();
    }

    /** @return the cluster member, for snapshots and shutdown. */
    public ClusterMember member()
    {
        return member;
    }

    /**
     * Stops cleanly: the HTTP API answers what is in flight and takes nothing new, the cluster snapshots and
     * terminates, then everything closes.
     *
     * @param timeoutMs how long to wait for each step.
     * @return whether the cluster terminated within the timeout (else it was closed without its snapshot).
     */
    public boolean shutdown(final long timeoutMs)
    {
        http.drain(timeoutMs);
        snapshots.close();
        if (member.memberCount() > 1)
        {
            // A cluster-wide shutdown would stop every member: this one leaves without a snapshot, the others go
            // on (a quorum of them), and it catches up from them when it comes back, replaying the log from its
            // last snapshot.
            LOG.info("leaving the cluster of {} members without a snapshot; the others go on", member.memberCount());
            close();
            return false;
        }
        boolean clean = false;
        try
        {
            // Refused while a periodic snapshot is under way: asked again until it is done.
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            boolean accepted;
            while (!(accepted = member.requestShutdown()) && System.nanoTime() < deadlineNs)
            {
                Thread.sleep(10);
            }
            if (accepted)
            {
                clean = terminated.await(timeoutMs, TimeUnit.MILLISECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        close();
        return clean;
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(settingsCheck, snapshots, http, metrics, client, member, engine, journal, lock);
    }

    /**
     * The ledger's arrays (and the shard threads), allocated before any Aeron agent runs: zeroing gigabytes of
     * fresh memory takes seconds (~13 s for 50 million transfers on the 2-vCPU machine), during which the JVM may
     * hold every thread at a safepoint, and a 10 s stall of the cluster's agents stops them (Aeron's
     * service-interval timeout).
     */
    private static LedgerEngine allocate(final LedgerConfig config, final int shards,
        final Supplier<IdleStrategy> idle)
    {
        final long startNs = System.nanoTime();
        if (shards == 1)
        {
            final Ledger ledger = new Ledger(config);
            LOG.info("ledger allocated: {} MB for {} accounts and {} transfers in {} ms", ledger.footprintBytes() >> 20,
                config.accountsMax(), config.transfersMax(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs));
            return new SingleLedgerEngine(ledger);
        }
        final LedgerConfig share = ShardConfig.share(config, shards);
        // Between messages the shard threads idle like every other agent; inside one they wait for each other
        // with ShardConfig's wait strategy (spin and yield briefly, then park).
        final ShardedEngine engine = new ShardedEngine(ShardConfig.of(shards, share).withIdleStrategy(idle));
        LOG.info("ledger allocated: {} shards of {} accounts and {} transfers each, threads started, in {} ms", shards,
            share.accountsMax(), share.transfersMax(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs));
        return engine;
    }

    private static void onAgentError(final Throwable error)
    {
        if (!(error instanceof io.aeron.cluster.service.ClusterTerminationException))
        {
            LOG.error("cluster agent error", error);
        }
    }

    /**
     * The members' addresses by member id: {@code cluster-members}, or {@code cluster-host} alone; checks that
     * {@code member-id} is one of them and that every member's ports exist.
     */
    private static List<String> memberHosts(final NodeConfig config)
    {
        final String option = config.get("cluster-members").isBlank() ? "cluster-host" : "cluster-members";
        final String value = config.get(option).trim();
        final List<String> hosts = new ArrayList<>();
        for (final String host : value.split(",", -1))
        {
            if (host.isBlank() || host.contains(":"))
            {
                throw new IllegalArgumentException(option + " must be host names or IPv4 addresses without ports " +
                    "(those come from cluster-port-base), separated by commas: " + value);
            }
            hosts.add(host.trim());
        }
        config.getInt("member-id", 0, hosts.size() - 1);
        // The last member's last port (log control, +6) must exist.
        config.getInt("cluster-port-base", 1, 65535 - 100 * (hosts.size() - 1) - 6);
        return hosts;
    }

    private static String aeronDirectory(final NodeConfig config, final Path data)
    {
        final String configured = config.get("aeron-dir");
        if (!configured.isEmpty())
        {
            return configured;
        }
        final Path shm = Path.of("/dev/shm");
        final String name = "ledger-" + Integer.toHexString(data.toAbsolutePath().normalize().toString().hashCode());
        return (Files.isDirectory(shm) ? shm.resolve(name) : data.resolve("aeron")).toString();
    }

    /**
     * Runs a node until SIGTERM or SIGINT.
     *
     * @param args the flags ({@code --help} lists them).
     */
    public static void main(final String[] args)
    {
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0])))
        {
            System.out.println(NodeConfig.usage());
            return;
        }
        final NodeConfig config;
        try
        {
            config = NodeConfig.parse(args, System.getenv());
            config.getInt("http-port");
            config.getInt("shards", 1, ShardConfig.SHARDS_MAX);
            config.getInt("snapshot-interval-s", 0, Integer.MAX_VALUE);
            memberHosts(config);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("ledger-server: " + ex.getMessage());
            System.exit(2);
            return;
        }
        LOG.info("Ledger node starting; {}", config.describe());
        final LedgerNode node = start(config, (what, cause) ->
        {
            LOG.error("FATAL: {}; the node halts so that nothing more is acknowledged", what, cause);
            Runtime.getRuntime().halt(EXIT_FATAL);
        });
        LOG.info("Ledger node up: HTTP on http://{}:{}/v1, binary API ingress {}", config.get("http-host"),
            node.httpPort(), node.ingressEndpoints());
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            LOG.info("stopping: draining requests, snapshot, shutdown");
            final boolean clean = node.shutdown(TimeUnit.SECONDS.toMillis(30));
            LOG.info(clean ? "stopped cleanly" :
                "stopped without a final snapshot (one of several members, or a timeout)");
            stopped.countDown();
        }, "ledger-shutdown"));
        try
        {
            node.terminated.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
