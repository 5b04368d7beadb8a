# Sourced by the perf/run-*.sh scripts that drive a real node: start_node and stop_node. They read DATA (the
# node's data directory, deleted by stop_node), HTTP_PORT, PORT_BASE, NODE_ARGS (more node options) and
# NODE_JAVA_OPTS (more JVM flags), and keep the node's pid in `node`.
node=""

stop_node() {
    if [[ -n "$node" ]]; then
        # The run's data is thrown away: no need for the clean shutdown's snapshot.
        kill -9 "$node" 2>/dev/null || true
        wait "$node" 2>/dev/null || true
        node=""
    fi
    rm -rf "$DATA"
}

# start_node TRANSFERS_MAX: a fresh node with room for the run, ready when this returns.
start_node() {
    local transfers="$1" heap_mb
    # ~200 bytes per transfer and ~171 per account in the ledger (perf/README.md, footprint), plus headroom; with
    # shards, the router's transfer directory (up to 32 bytes per id) and each shard's power-of-two tables (up to
    # twice the share's) need as much again.
    heap_mb=$(( transfers * 200 / 1048576 + 1000000 * 171 / 1048576 + 2048 ))
    if [[ "${NODE_ARGS:-}" == *--shards* ]]; then
        heap_mb=$(( heap_mb * 2 ))
    fi
    # Let the disk settle first: a batched run leaves gigabytes to write back and, on a file system mounted with
    # `discard`, to trim once deleted; an HTTP run started straight after one measured a p99 5-10x its own on a
    # quiet disk.
    sync
    sleep "${SETTLE_S:-5}"
    mkdir -p "$DATA"
    # A fixed heap touched at JVM start, as ledger-server/README.md advises for a large ledger: the launcher's
    # huge pages, faulted in while the ledger is zeroed instead, held a 9.4 GB node's start for 20-30 s.
    # shellcheck disable=SC2086
    LEDGER_JAVA_OPTS="-Xms${heap_mb}m -Xmx${heap_mb}m -XX:+UseParallelGC -XX:+AlwaysPreTouch ${NODE_JAVA_OPTS:-}" \
        ledger-server/bin/ledger-server --data-dir "$DATA" --http-host 127.0.0.1 --http-port "$HTTP_PORT" \
        --cluster-host 127.0.0.1 --cluster-port-base "$PORT_BASE" --accounts-max 1000000 \
        --transfers-max "$transfers" ${NODE_ARGS:-} >"$DATA.log" 2>&1 &
    node=$!
    for _ in $(seq 1 600); do
        if curl -sf -o /dev/null "http://127.0.0.1:$HTTP_PORT/health/ready" 2>/dev/null; then
            return 0
        fi
        if ! kill -0 "$node" 2>/dev/null; then
            echo "the node died at start:" >&2
            tail -20 "$DATA.log" >&2
            exit 1
        fi
        sleep 0.2
    done
    echo "the node was not ready within 120 s" >&2
    exit 1
}
