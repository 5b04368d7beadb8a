/**
 * The load generator: an open loop of create_transfers requests against a running node over the binary or the
 * HTTP API, with latency measured from the intended send time.
 */
package dev.ledger.perf.load;
