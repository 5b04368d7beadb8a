/**
 * Ledger snapshots on disk: one checksummed file per snapshot, named by the journal index it covers, written
 * atomically; restart loads the newest sound one and replays the journal after it.
 */
package dev.ledger.journal.snapshot;
