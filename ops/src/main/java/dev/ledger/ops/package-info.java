/**
 * The operator's command line, {@code ledger}: picocli commands that verify a journal, export it as NDJSON and
 * read an account's balances at a point in time. Nothing depends on this package; it reads journals only
 * through the public API of {@code journal} and {@code ledger-core}.
 */
package dev.ledger.ops;
