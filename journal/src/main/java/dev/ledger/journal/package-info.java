/**
 * The journal: the permanent, append-only business record of a node, one entry per applied log message
 * (command batch, results, log position, cluster time, state hash), each checksummed and chained to the one
 * before. {@link dev.ledger.journal.Journal} writes, {@link dev.ledger.journal.JournalReader} reads and checks,
 * {@link dev.ledger.journal.EntryApplier} replays into a ledger.
 */
package dev.ledger.journal;
