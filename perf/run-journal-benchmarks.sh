#!/usr/bin/env bash
# Builds the journal and perf, then runs JournalBenchmark for each scenario and writes the log into
# perf/results/journal-<time>.log, headed by the machine, the JDK and the flags used.
#
#   perf/run-journal-benchmarks.sh                 10 million transfers, 3 runs, scenarios uniform and hot (~10 min)
#   TRANSFERS=1000000 RUNS=1 perf/run-journal-benchmarks.sh    a quick smoke run
#
# Settings (environment): TRANSFERS, RUNS, SCENARIOS (comma-separated: uniform, hot, two_phase, chains),
# DIRECTORY (where the journals go; a real disk, default perf/target/journal-benchmark), THP=1 (transparent huge
# pages for the heap, in this JVM and the restart JVMs), EXTRA_JVM_ARGS, JAVA_HOME.
set -euo pipefail

cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
TRANSFERS="${TRANSFERS:-10000000}"
RUNS="${RUNS:-3}"
SCENARIOS="${SCENARIOS:-uniform,hot}"
DIRECTORY="${DIRECTORY:-perf/target/journal-benchmark}"

mvn -q -DskipTests package -pl perf -am

flags=(--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
    --add-exports=java.base/sun.nio.ch=ALL-UNNAMED --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED
    -Dchronicle.analytics.disable=true -Dchronicle.announcer.disable=true -XX:+UseParallelGC)
heap=(-Xms10g -Xmx10g -XX:+AlwaysPreTouch)
# shellcheck source=perf/jvm-flags.sh
. perf/jvm-flags.sh
mapfile -t -O "${#flags[@]}" flags < <(benchmark_jvm_flags "$JAVA")

mkdir -p perf/results
log="perf/results/journal-$(date -u +%Y%m%dT%H%M%SZ).log"
{
    echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -srm), $(nproc) cpus, load: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "# disk under $DIRECTORY: $(df -h "$(dirname "$DIRECTORY")" | tail -1)"
    for scenario in ${SCENARIOS//,/ }; do
        settings=(-Dledger.perf.transfers="$TRANSFERS" -Dledger.perf.runs="$RUNS" -Dledger.perf.scenario="$scenario"
            -Dledger.perf.directory="$DIRECTORY" -cp perf/target/benchmarks.jar)
        "$JAVA" "${flags[@]}" "${heap[@]}" "${settings[@]}" dev.ledger.perf.JournalBenchmark
        # Restarts from a small JVM, so that each restarting JVM has the memory to itself.
        "$JAVA" "${flags[@]}" -Xmx256m "${settings[@]}" -Dledger.perf.phase=restart dev.ledger.perf.JournalBenchmark
    done
} 2>&1 | tee "$log"
echo "log: $log"
