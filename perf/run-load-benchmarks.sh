#!/usr/bin/env bash
# Builds the node and perf, then for every configuration of the matrix starts a fresh node (its own data
# directory, killed after the run) and drives it with the open-loop load generator (dev.ledger.perf.load). Runs
# go round the matrix RUNS times, so that the runs of one configuration are spread over the session. Writes the
# log into perf/results/load-<time>.log and the medians into perf/results/load-<time>.md.
#
#   perf/run-load-benchmarks.sh                               the default matrix below, 3 runs (~30 min)
#   RUNS=1 MATRIX="http uniform 1 5000 64" perf/run-load-benchmarks.sh        one configuration, once
#
# Settings (environment): MATRIX (lines of: mode workload batch rate connections [window]; rate in transfers/s,
# or max: saturation, `window` requests outstanding, default 4),
# RUNS, WARMUP_S, DURATION_S, NODE_ARGS (more node options, e.g. "--journal-durability sync
# --archive-sync-level 2", or "--shards 2"), ROOM_RATE (the rate a `max` run is given room for, default 1500000
# transfers/s), NODE_JAVA_OPTS (added to the node's JVM flags), HTTP_PORT, PORT_BASE,
# DATA (the nodes' data directory, on a real disk; default perf/target/load-node), MVN_ARGS (e.g. -o), JAVA_HOME.
set -euo pipefail

cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
RUNS="${RUNS:-3}"
WARMUP_S="${WARMUP_S:-15}"
DURATION_S="${DURATION_S:-10}"
HTTP_PORT="${HTTP_PORT:-18080}"
PORT_BASE="${PORT_BASE:-22000}"
DATA="${DATA:-perf/target/load-node}"
MATRIX="${MATRIX:-binary uniform 8189 500000 1
binary uniform 8189 max 1 4
binary hot 8189 max 1 4
binary two_phase 8189 max 1 4
binary cross_shard 8189 max 1 4
http uniform 1000 200000 8
http hot 1000 200000 8
http two_phase 1000 200000 8
http uniform 1000 max 8 8
http uniform 1 10000 64
http uniform 1 20000 64
http hot 1 20000 64
http two_phase 1 20000 64
http uniform 1 max 64 64}"

# shellcheck disable=SC2086
mvn ${MVN_ARGS:-} -q -DskipTests package -pl ledger-server,perf -am

# The generator's heap is fixed: grown from the default initial size, its first young collection (15 ms) fell
# inside the measured window, and an open loop charges its own pauses to every request they hold up.
flags=(--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
    --add-exports=java.base/sun.nio.ch=ALL-UNNAMED -XX:+UseParallelGC -Xms1g -Xmx1g)
# shellcheck source=perf/jvm-flags.sh
. perf/jvm-flags.sh
mapfile -t -O "${#flags[@]}" flags < <(benchmark_jvm_flags "$JAVA")

# shellcheck source=perf/lib-node.sh
. perf/lib-node.sh
trap stop_node EXIT

mkdir -p perf/results
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
log="perf/results/load-$stamp.log"
{
    # The block runs in a subshell (it feeds tee): the node it starts must be stopped from here too.
    trap stop_node EXIT
    echo "# Load benchmark, $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
    echo "# machine: $(uname -srm), $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1)," \
        "$(free -g | awk '/^Mem:/ {print $2}') GiB RAM, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "# JDK: $("$JAVA" -version 2>&1 | tr '\n' ' ')"
    echo "# node: ledger-server defaults (journal os, archive sync 0, idle sleep)${NODE_ARGS:+ but $NODE_ARGS}," \
        "sharing the CPUs with the generator;" \
        "JVM launcher defaults (huge pages where the kernel offers them; THP enabled:" \
        "$(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || echo none)," \
        "defrag: $(cat /sys/kernel/mm/transparent_hugepage/defrag 2>/dev/null || echo none))" \
        "-XX:+UseParallelGC -XX:+AlwaysPreTouch ${NODE_JAVA_OPTS:-}; generator JVM: ${flags[*]}"
    echo "# warm-up ${WARMUP_S} s, measured ${DURATION_S} s, $RUNS runs, a fresh node per run"
    for run in $(seq 1 "$RUNS"); do
        while read -r mode workload batch rate connections window; do
            [[ -z "$mode" ]] && continue
            # Room for the run: at max, for ROOM_RATE transfers/s.
            transfers=$(( ${rate/max/${ROOM_RATE:-1500000}} * (WARMUP_S + DURATION_S) * 13 / 10 + 1000000 ))
            start_node "$transfers"
            echo "# run $run: $mode $workload batch $batch rate $rate connections $connections window ${window:-4}"
            "$JAVA" "${flags[@]}" -cp perf/target/benchmarks.jar dev.ledger.perf.load.LoadGenerator \
                --mode "$mode" --workload "$workload" --batch "$batch" --rate "$rate" --connections "$connections" \
                --window "${window:-4}" \
                --warmup-s "$WARMUP_S" --duration-s "$DURATION_S" --seed "$run" \
                --ingress "0=127.0.0.1:$((PORT_BASE + 2))" --http "127.0.0.1:$HTTP_PORT" || echo "# the run failed"
            stop_node
        done <<<"$MATRIX"
    done
} 2>&1 | tee "$log"
"$JAVA" -cp perf/target/benchmarks.jar dev.ledger.perf.load.LoadReport "$log" >"perf/results/load-$stamp.md"
cat "perf/results/load-$stamp.md"
echo "log: $log"
