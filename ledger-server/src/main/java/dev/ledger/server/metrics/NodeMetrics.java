package dev.ledger.server.metrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import dev.ledger.core.CreateAccountResult;
import dev.ledger.core.CreateTransferResult;
import dev.ledger.server.service.ServiceCounters;
import dev.ledger.server.shard.ShardMetric;
import dev.ledger.server.shard.ShardedLedger;

/**
 * The node's metrics in Prometheus form (Micrometer): HTTP requests by route and status with latency
 * histograms, accounts and transfers by result code, ledger, journal and session gauges, JVM memory, GC,
 * threads and CPU. The service's counters are read when scraped, never pushed from its thread.
 */
public final class NodeMetrics implements AutoCloseable
{
    private static final int STATUS_MIN = 100;
    private static final int STATUS_MAX = 599;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final BooleanSupplier ready;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    /**
     * The request timers, per route and then per status (100..599), registered on first use: looking a meter up
     * by its tags on every request (builder, sorted tag set, registry map) cost ~5% of the I/O threads.
     */
    private final ConcurrentHashMap<String, AtomicReferenceArray<Timer>> requestTimers = new ConcurrentHashMap<>();
    private final Counter transferEvents;
    private final Counter accountEvents;

    /**
     * @param counters the service's counters.
     * @param ready    whether this node can serve (connected to a leader).
     * @param shards   the shard threads' counters, or null when the ledger runs on the service thread.
     */
    public NodeMetrics(final ServiceCounters counters, final BooleanSupplier ready, final ShardedLedger shards)
    {
        this.ready = ready;
        transferEvents = httpEvents("transfers");
        accountEvents = httpEvents("accounts");
        for (final CreateTransferResult result : CreateTransferResult.values())
        {
            FunctionCounter.builder("ledger_transfer_events", counters, c -> c.transferResults(result.code()))
                .description("create_transfers events answered, by result")
                .tag("result", result.wireName())
                .register(registry);
        }
        for (final CreateAccountResult result : CreateAccountResult.values())
        {
            FunctionCounter.builder("ledger_account_events", counters, c -> c.accountResults(result.code()))
                .description("create_accounts events answered, by result")
                .tag("result", result.wireName())
                .register(registry);
        }
        FunctionCounter.builder("ledger_batches_refused", counters, ServiceCounters::batchesRefused)
            .description("create batches refused whole: the ledger was full").register(registry);
        FunctionCounter.builder("ledger_queries", counters, ServiceCounters::queries)
            .description("lookups, gets and queries answered").register(registry);
        FunctionCounter.builder("ledger_requests_rejected", counters, ServiceCounters::rejected)
            .description("binary requests rejected as not well-formed").register(registry);
        FunctionCounter.builder("ledger_pending_expired", counters, ServiceCounters::expired)
            .description("pending transfers expired").register(registry);
        FunctionCounter.builder("ledger_snapshots_taken", counters, ServiceCounters::snapshots)
            .description("cluster snapshots written by this node since it started").register(registry);
        Gauge.builder("ledger_accounts", counters, ServiceCounters::accounts)
            .description("accounts in the ledger").register(registry);
        Gauge.builder("ledger_transfer_ids", counters, ServiceCounters::transfers)
            .description("transfer ids in the ledger (with shards: stored by the shards, one between two shards " +
                "counted twice)").register(registry);
        Gauge.builder("ledger_shards", () -> shards == null ? 1 : shards.shards())
            .description("account shards (1: the ledger runs on the service thread)").register(registry);
        if (shards != null)
        {
            Gauge.builder("ledger_shard_directory_ids", shards::directoryIds)
                .description("distinct transfer ids the router's directory holds, failed ones too; at " +
                    "ledger_shard_directory_capacity every create_transfers batch is refused transfers_full")
                .register(registry);
            Gauge.builder("ledger_shard_directory_capacity", shards::directoryCapacity)
                .description("the most transfer ids the router's directory holds").register(registry);
        }
        for (int s = 0; shards != null && s < shards.shards(); s++)
        {
            final int shard = s;
            for (final ShardMetric metric : ShardMetric.values())
            {
                Gauge.builder("ledger_shard_" + metric.metricName(), () -> shards.counter(shard, metric))
                    .description("per shard thread, see ledger-server/README.md (Shards)")
                    .tag("shard", Integer.toString(shard)).register(registry);
            }
        }
        Gauge.builder("ledger_journal_index", counters, ServiceCounters::journalIndex)
            .description("the journal's last entry index").register(registry);
        Gauge.builder("ledger_journal_log_position", counters, ServiceCounters::journalLogPosition)
            .description("the cluster log position of the journal's last entry").register(registry);
        Gauge.builder("ledger_client_sessions", counters, ServiceCounters::sessions)
            .description("client sessions open").register(registry);
        Gauge.builder("ledger_cluster_leader", counters, c -> c.role() == io.aeron.cluster.service.Cluster.Role.LEADER ?
            1 : 0).description("1 when this member leads the cluster").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    /**
     * @param route  the route's template (bounded cardinality).
     * @param status the HTTP status.
     * @param nanos  how long the request took.
     */
    public void onHttpRequest(final String route, final int status, final long nanos)
    {
        final AtomicReferenceArray<Timer> byStatus =
            requestTimers.computeIfAbsent(route, r -> new AtomicReferenceArray<>(STATUS_MAX - STATUS_MIN + 1));
        final int code = Math.min(Math.max(status, STATUS_MIN), STATUS_MAX);
        Timer timer = byStatus.get(code - STATUS_MIN);
        if (timer == null)
        {
            // Registering is idempotent: two threads racing here get the same timer.
            timer = Timer.builder("ledger_http_requests")
                .description("HTTP requests by route and status")
                .tag("route", route)
                .tag("status", Integer.toString(code))
                .publishPercentileHistogram()
                .register(registry);
            byStatus.set(code - STATUS_MIN, timer);
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private Counter httpEvents(final String kind)
    {
        return Counter.builder("ledger_http_events").tag("kind", kind)
            .description("create events sent through the HTTP API").register(registry);
    }

    /**
     * @param transfers transfers, else accounts.
     * @param events    events in the batch the HTTP API sent.
     */
    public void onCreated(final boolean transfers, final int events)
    {
        (transfers ? transferEvents : accountEvents).increment(events);
    }

    /** @return whether the node can serve requests. */
    public boolean ready()
    {
        return ready.getAsBoolean();
    }

    /** @return the Prometheus text exposition. */
    public String scrape()
    {
        return registry.scrape();
    }

    @Override
    public void close()
    {
        gc.close();
        registry.close();
    }
}
