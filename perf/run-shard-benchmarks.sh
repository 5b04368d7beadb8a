#!/usr/bin/env bash
# Builds ledger-core, ledger-server and perf, then runs ShardBenchmark: create_transfers throughput through the
# sharded ledger (N = 1 and 2) against one plain Ledger, for 0%, 10% and 50% cross-shard transfers, and writes
# the log into perf/results/shards-<time>.log, headed by the machine, the JDK and the flags used.
#
#   perf/run-shard-benchmarks.sh                                  1M accounts, 10M transfers per run, 3 runs
#   TRANSFERS=1000000 RUNS=1 WARMUP=0 perf/run-shard-benchmarks.sh   a quick smoke run
#
# Settings (environment): ACCOUNTS, TRANSFERS (per run, rounded down to full 8189-transfer batches), RUNS,
# WARMUP (transfers of the uncounted first pass of each configuration), CROSS (comma-separated fractions),
# SHARDS (comma-separated shard counts), MAX_IN_FLIGHT, HEAP (default 12g: enough for 10M transfers per run,
# since every run gets a fresh ledger), THP=1 (transparent huge pages for the heap), EXTRA_JVM_ARGS, MVN_ARGS
# (e.g. -o), JAVA_HOME.
set -euo pipefail

cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
ACCOUNTS="${ACCOUNTS:-1000000}"
TRANSFERS="${TRANSFERS:-10000000}"
RUNS="${RUNS:-3}"
WARMUP="${WARMUP:-1000000}"
CROSS="${CROSS:-0,0.1,0.5}"
SHARDS="${SHARDS:-1,2}"
MAX_IN_FLIGHT="${MAX_IN_FLIGHT:-4}"
HEAP="${HEAP:-12g}"

# shellcheck disable=SC2086
mvn ${MVN_ARGS:-} -q -DskipTests package -pl perf -am

flags=(--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -XX:+UseParallelGC)
# A small young generation: the ledgers' arrays go straight to the old generation (as in the core benchmark).
heap=("-Xms$HEAP" "-Xmx$HEAP" -Xmn512m -XX:+AlwaysPreTouch)
# shellcheck source=perf/jvm-flags.sh
. perf/jvm-flags.sh
mapfile -t -O "${#flags[@]}" flags < <(benchmark_jvm_flags "$JAVA")

mkdir -p perf/results
log="perf/results/shards-$(date -u +%Y%m%dT%H%M%SZ).log"
{
    echo "# Shard benchmark, $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
    echo "# machine: $(uname -srm), $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1)," \
        "$(free -g | awk '/^Mem:/ {print $2}') GiB RAM, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "# transparent huge pages: $(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || echo unknown)"
    echo "# JDK: $("$JAVA" -version 2>&1 | tr '\n' ' ')"
    settings=(-Dledger.perf.accounts="$ACCOUNTS" -Dledger.perf.transfers="$TRANSFERS" -Dledger.perf.runs="$RUNS"
        -Dledger.perf.warmup="$WARMUP" -Dledger.perf.cross="$CROSS" -Dledger.perf.shards="$SHARDS"
        -Dledger.perf.maxInFlight="$MAX_IN_FLIGHT" -cp perf/target/benchmarks.jar)
    "$JAVA" "${flags[@]}" "${heap[@]}" "${settings[@]}" dev.ledger.perf.ShardBenchmark
} 2>&1 | tee "$log"
echo "log: $log"
