/**
 * Measurements of the state machine on one thread: JMH benchmarks of applied transfers per second under
 * several workloads ({@link dev.ledger.perf.CreateTransfersBenchmark}), the memory held per account and per
 * transfer ({@link dev.ledger.perf.FootprintReport}) and the memory latency of the machine they run on
 * ({@link dev.ledger.perf.MemoryLatencyReport}), which bounds the uniform workloads. Nothing here is used by
 * the server; see {@code perf/README.md} for how to run it and what bounds each figure.
 */
package dev.ledger.perf;
