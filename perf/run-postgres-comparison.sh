#!/usr/bin/env bash
# Ledger and a PostgreSQL double-entry ledger side by side, on this machine, in one run: the same workloads
# (uniform over 1M accounts, 10 hot accounts, 20% two-phase) against both, at two durability levels, RUNS times
# round the matrix, Ledger and PostgreSQL alternately (which goes first alternates too): at saturation (the most
# each does) and at an equal load in equal requests (latency). Each run starts fresh: a new node, or a new
# schema with 1M accounts. Then profiled runs say where the time goes: Ledger's node recorded by JFR,
# PostgreSQL's statements timed by pg_stat_statements.
# Writes perf/results/<date>-<host>.md with its charts (.svg) and the log beside it.
#
#   perf/run-postgres-comparison.sh                          everything (~40 min)
#   RUNS=1 WORKLOADS="hot" perf/run-postgres-comparison.sh   one workload, once
#
# PostgreSQL: Debian's packages, installed when missing (apt-get, as root or with sudo), a server of our own in
# perf/target/postgres on 127.0.0.1:$PG_PORT, stopped at the end (LocalPostgres). The baseline's schema and
# function: perf/src/main/resources/dev/ledger/perf/postgres/ledger.sql.
#
# Settings (environment): RUNS (3), WARMUP_S (10), DURATION_S (10), WORKLOADS ("uniform hot two_phase"),
# DURABILITIES ("sync relaxed"), PG_BATCH_uniform / PG_BATCH_hot / PG_BATCH_two_phase (transfers per PostgreSQL
# call: 250, 8189, 250, the fastest found for each), PG_CONNECTIONS (4), LEDGER_BATCH (8189), LEDGER_WINDOW
# (4), LOAD_RATE (20000 transfers/s) and LOAD_BATCH (250) for the equal-load latency runs, LOAD_DURABILITIES
# ("sync relaxed"), PROFILE (1: the profiled run; 0: none), PG_PORT (25432), HTTP_PORT, PORT_BASE, DATA, MVN_ARGS, JAVA_HOME.
set -euo pipefail

cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
RUNS="${RUNS:-3}"
WARMUP_S="${WARMUP_S:-10}"
DURATION_S="${DURATION_S:-10}"
WORKLOADS="${WORKLOADS:-uniform hot two_phase}"
DURABILITIES="${DURABILITIES:-sync relaxed}"
PG_CONNECTIONS="${PG_CONNECTIONS:-4}"
LEDGER_BATCH="${LEDGER_BATCH:-8189}"
LEDGER_WINDOW="${LEDGER_WINDOW:-4}"
PROFILE="${PROFILE:-1}"
LOAD_RATE="${LOAD_RATE:-20000}"
LOAD_BATCH="${LOAD_BATCH:-250}"
LOAD_DURABILITIES="${LOAD_DURABILITIES:-sync relaxed}"
PG_PORT="${PG_PORT:-25432}"
PG_DIR="perf/target/postgres"
HTTP_PORT="${HTTP_PORT:-18080}"
PORT_BASE="${PORT_BASE:-22000}"
DATA="${DATA:-perf/target/load-node}"

pg_batch() {
    local name="PG_BATCH_$1" default=250
    [[ "$1" == hot ]] && default=8189
    echo "${!name:-$default}"
}

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    echo "installing PostgreSQL (Debian's packages)"
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql
fi

# shellcheck disable=SC2086
mvn ${MVN_ARGS:-} -q -DskipTests package -pl ledger-server,perf -am

flags=(--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
    --add-exports=java.base/sun.nio.ch=ALL-UNNAMED -XX:+UseParallelGC -Xms2g -Xmx2g)
# shellcheck source=perf/jvm-flags.sh
. perf/jvm-flags.sh
mapfile -t -O "${#flags[@]}" flags < <(benchmark_jvm_flags "$JAVA")
jar=perf/target/benchmarks.jar

# shellcheck source=perf/lib-node.sh
. perf/lib-node.sh
stop_all() {
    stop_node
    "$JAVA" -cp "$jar" dev.ledger.perf.postgres.LocalPostgres stop "$PG_DIR" >/dev/null 2>&1 || true
}
trap stop_all EXIT

# run_ledger WORKLOAD DURABILITY PHASE [JVM flags for the node]: PHASE max (saturation, the throughput) or load
# (open loop at LOAD_RATE in requests of LOAD_BATCH transfers, the same for both: latency at equal load).
run_ledger() {
    local workload="$1" durability="$2" phase="$3" rate=max batch="$LEDGER_BATCH" transfers
    local NODE_ARGS="" NODE_JAVA_OPTS="${4:-}"
    [[ "$durability" == sync ]] && NODE_ARGS="--journal-durability sync --archive-sync-level 2"
    [[ "$phase" == load ]] && rate="$LOAD_RATE" && batch="$LOAD_BATCH"
    # Room for the run, at 1.5 million transfers/s at saturation.
    transfers=$(( ${rate/max/1500000} * (WARMUP_S + DURATION_S) * 13 / 10 + 1000000 ))
    start_node "$transfers"
    "$JAVA" "${flags[@]}" -cp "$jar" dev.ledger.perf.load.LoadGenerator --tag "ledger:$durability:$phase" \
        --mode binary --workload "$workload" --batch "$batch" --rate "$rate" --window "$LEDGER_WINDOW" \
        --warmup-s "$WARMUP_S" --duration-s "$DURATION_S" --seed "$run" \
        --ingress "0=127.0.0.1:$((PORT_BASE + 2))" || echo "# the run failed"
    if [[ "$NODE_JAVA_OPTS" == *StartFlightRecording* ]]; then
        # The node dies by SIGKILL, which writes no recording: dump it first.
        "${JAVA_HOME:+$JAVA_HOME/bin/}jcmd" "$node" JFR.dump filename="$PWD/perf/target/node.jfr" >/dev/null
    fi
    stop_node
}

# run_postgres WORKLOAD DURABILITY PHASE. The tables are dropped after the run (and a checkpoint taken): the
# server stays up, and autovacuum over a run's million new rows would otherwise take CPU and disk from the next
# (Ledger's) run.
run_postgres() {
    local workload="$1" durability="$2" phase="$3" commit=on rate=max batch
    [[ "$durability" == relaxed ]] && commit=off
    batch="$(pg_batch "$workload")"
    [[ "$phase" == load ]] && rate="$LOAD_RATE" && batch="$LOAD_BATCH"
    "$JAVA" "${flags[@]}" -cp "$jar" dev.ledger.perf.load.LoadGenerator --tag "postgres:$durability:$phase" \
        --mode postgres --workload "$workload" --batch "$batch" --rate "$rate" \
        --connections "$PG_CONNECTIONS" --window "$PG_CONNECTIONS" --synchronous-commit "$commit" --teardown true \
        --warmup-s "$WARMUP_S" --duration-s "$DURATION_S" --seed "$run" \
        --jdbc "jdbc:postgresql://127.0.0.1:$PG_PORT/ledger?user=ledger" || echo "# the run failed"
}

# both WORKLOAD DURABILITY PHASE: Ledger and PostgreSQL, the first alternating with the run.
both() {
    echo "# run $run: $1 $2 $3"
    if (( run % 2 == 1 )); then
        run_ledger "$@"
        run_postgres "$@"
    else
        run_postgres "$@"
        run_ledger "$@"
    fi
}

mkdir -p perf/results
name="$(date -u +%Y-%m-%d)-$(hostname -s)"
# A second run on the same day keeps the first one's files.
[[ -e "perf/results/$name.md" ]] && name="$name-$(date -u +%H%M%S)"
log="perf/results/$name.log"
{
    trap stop_all EXIT
    pg_version="$("$JAVA" -cp "$jar" dev.ledger.perf.postgres.LocalPostgres start "$PG_DIR" "$PG_PORT")"
    echo "# $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
    echo "# machine: $(uname -srm), $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1)," \
        "$(free -g | awk '/^Mem:/ {print $2}') GiB RAM, disk $(df -h perf/target | awk 'NR == 2 {print $1}')"
    echo "# JDK: $("$JAVA" -version 2>&1 | tr '\n' ' ')"
    echo "# Ledger: one node (ledger-server defaults, idle sleep), JVM -XX:+UseParallelGC, sharing the CPUs" \
        "with the load generator; binary API, $LEDGER_BATCH transfers per request, $LEDGER_WINDOW outstanding"
    echo "# PostgreSQL: $pg_version; settings in LocalPostgres (shared_buffers 4GB, max_wal_size 16GB," \
        "fsync on, full_page_writes on); set-based create_transfers function, one call and one transaction" \
        "per batch; a pool of $PG_CONNECTIONS connections; transfers per call: uniform $(pg_batch uniform)," \
        "hot $(pg_batch hot), two_phase $(pg_batch two_phase)"
    echo "# generator JVM: ${flags[*]}; warm-up ${WARMUP_S} s, measured ${DURATION_S} s, $RUNS runs"
    echo "# equal load: $LOAD_RATE transfers/s in requests of $LOAD_BATCH, open loop, durability $LOAD_DURABILITIES"
    for run in $(seq 1 "$RUNS"); do
        for workload in $WORKLOADS; do
            for durability in $DURABILITIES; do
                both "$workload" "$durability" max
            done
            for durability in $LOAD_DURABILITIES; do
                both "$workload" "$durability" load
            done
        done
    done
    if [[ "$PROFILE" == 1 ]]; then
        echo "# run profile: uniform sync, the node recorded by JFR"
        rm -f perf/target/node.jfr
        run_ledger uniform sync profile "-XX:StartFlightRecording=settings=profile"
        if [[ -s perf/target/node.jfr ]]; then
            "$JAVA" -cp "$jar" dev.ledger.perf.load.JfrSummary perf/target/node.jfr \
                "Workload uniform, durability sync, $LEDGER_BATCH transfers per request, at saturation:"
        fi
        echo "# run profile: uniform sync, PostgreSQL's statements timed by pg_stat_statements"
        jdbc="jdbc:postgresql://127.0.0.1:$PG_PORT/ledger?user=ledger"
        # Top-level statements (the setup's) are not counted: only the function and what runs inside it.
        "$JAVA" -cp "$jar" dev.ledger.perf.postgres.PostgresProfile begin "$jdbc"
        run_postgres uniform sync profile
        "$JAVA" -cp "$jar" dev.ledger.perf.postgres.PostgresProfile end "$jdbc"
    fi
} 2>&1 | tee "$log"
"$JAVA" -cp "$jar" dev.ledger.perf.load.ComparisonReport "$log" "perf/results/$name.md"
cat "perf/results/$name.md"
echo "report: perf/results/$name.md (charts beside it), log: $log"
