# Sourced by the run-*-benchmarks.sh scripts: prints, one per line, the JVM flags every benchmark JVM gets on
# top of its own: what newer JDKs need for Agrona/Chronicle's off-heap access, transparent huge pages when
# THP=1 (THP=auto: when the kernel offers them, as bin/ledger-server decides), and EXTRA_JVM_ARGS (split on
# spaces).
benchmark_jvm_flags() {
    local java="$1" major
    major="$("$java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')"
    if [ "${major%%.*}" -ge 24 ]; then
        printf '%s\n' --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
    fi
    local thp="${THP:-0}"
    if [ "$thp" = auto ]; then
        thp=0
        if grep -qs '\[\(madvise\|always\)\]' /sys/kernel/mm/transparent_hugepage/enabled; then
            thp=1
        fi
    fi
    if [ "$thp" = 1 ]; then
        printf '%s\n' -XX:+UseTransparentHugePages
    fi
    local extra
    for extra in ${EXTRA_JVM_ARGS:-}; do
        printf '%s\n' "$extra"
    done
}
