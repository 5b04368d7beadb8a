#!/usr/bin/env bash
# Builds ledger-core and perf, then runs the state machine benchmarks with -prof gc and writes the JMH JSON and
# the text log into perf/results/, headed by the machine, the JDK and the flags used.
#
#   perf/run-core-benchmarks.sh                  full suite: 3 forks x (3 x 1 s warmup + 5 x 0.6 s), ~5 min
#   QUICK=1 perf/run-core-benchmarks.sh          smoke run: 1 fork x (1 x 1 s warmup + 2 x 1 s), ~2 min
#
# Settings (environment):
#   QUICK=1               smoke run (also skips the footprint and latency reports unless asked for)
#   SCENARIOS=a,b         only these scenarios: uniform, hot, two_phase, chains
#   TRANSFERS_MAX=n       transfer capacity of a ledger (default 2^25, ~6.3 GB; the fork has -Xmx12g)
#   THP=auto|1|0          -XX:+UseTransparentHugePages: auto (default) adds it where the kernel offers huge
#                         pages (madvise or always), as bin/ledger-server does; 0 leaves it out
#   EXTRA_JVM_ARGS="..."  more flags for the forked JVMs
#   JMH_ARGS="..."        more JMH options, e.g. "-i 10" (mind TRANSFERS_MAX)
#   FOOTPRINT=0|1         also run FootprintReport (default 1; QUICK: 0) at FOOTPRINT_SIZE accounts and transfers
#   LATENCY=0|1           also run MemoryLatencyReport (default 1; QUICK: 0)
#   JAVA_HOME             the JDK to build and run with
set -euo pipefail

cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
QUICK="${QUICK:-0}"
FOOTPRINT="${FOOTPRINT:-$([ "$QUICK" = 1 ] && echo 0 || echo 1)}"
LATENCY="${LATENCY:-$([ "$QUICK" = 1 ] && echo 0 || echo 1)}"
FOOTPRINT_SIZE="${FOOTPRINT_SIZE:-10000000}"
# The state machine measured as the server runs it (bin/ledger-server): huge pages where the kernel has them.
export THP="${THP:-auto}"

mvn -q -DskipTests package -pl ledger-core,perf

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mode="$([ "$QUICK" = 1 ] && echo quick || echo full)"
mkdir -p perf/results
base="perf/results/core-$stamp-$mode"

# shellcheck source=perf/jvm-flags.sh
. perf/jvm-flags.sh
mapfile -t fork_args < <(benchmark_jvm_flags "$JAVA")
if [ -n "${TRANSFERS_MAX:-}" ]; then
    fork_args+=("-Dledger.perf.transfersMax=$TRANSFERS_MAX")
fi

jmh_args=(-prof gc -rf json -rff "$base.json")
if [ "$QUICK" = 1 ]; then
    jmh_args+=(-f 1 -wi 1 -w 1s -i 2 -r 1s)
fi
if [ -n "${SCENARIOS:-}" ]; then
    jmh_args+=(-p "scenario=$SCENARIOS")
fi
if [ "${#fork_args[@]}" -gt 0 ]; then
    jmh_args+=(-jvmArgsAppend "${fork_args[*]}")
fi
# shellcheck disable=SC2206
jmh_args+=(${JMH_ARGS:-})

{
    echo "# Ledger core benchmarks, $mode run, $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD)"
    echo "# machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1)," \
        "$(free -g | awk '/^Mem:/ {print $2}') GiB RAM, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "# transparent huge pages: $(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || echo unknown)"
    echo "# JDK: $("$JAVA" -version 2>&1 | tr '\n' ' ')"
    echo "# fork flags: @Fork of CreateTransfersBenchmark ('# VM options' below) plus: ${fork_args[*]:-none}"
    echo "# JMH options: ${jmh_args[*]}"
} | tee "$base.log"

"$JAVA" -jar perf/target/benchmarks.jar CreateTransfersBenchmark "${jmh_args[@]}" 2>&1 | tee -a "$base.log"

report_flags=(--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -XX:+UseParallelGC "${fork_args[@]}")
if [ "$FOOTPRINT" = 1 ]; then
    "$JAVA" "${report_flags[@]}" -Xms8g -Xmx8g -cp perf/target/benchmarks.jar dev.ledger.perf.FootprintReport \
        "$FOOTPRINT_SIZE" "$FOOTPRINT_SIZE" 2>&1 | tee "perf/results/footprint-$stamp.txt"
fi
if [ "$LATENCY" = 1 ]; then
    "$JAVA" "${report_flags[@]}" -Xms8g -Xmx8g -Xmn256m -cp perf/target/benchmarks.jar \
        dev.ledger.perf.MemoryLatencyReport 2>&1 | tee "perf/results/latency-$stamp.txt"
fi
echo "results: $base.json, $base.log"
