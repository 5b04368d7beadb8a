/**
 * The double-entry state machine: {@link dev.ledger.core.Ledger} applies batches of accounts and transfers with
 * TigerBeetle's semantics and result codes, answers lookups and queries, and keeps a state hash.
 * <p>
 * Public types are the API ({@code Ledger}, {@code LedgerConfig}, {@code LedgerLimits}, {@code Wire}, flags,
 * result codes, {@code UInt128}, and {@code SnapshotSink}/{@code SnapshotSource} through which the caller stores
 * and loads snapshots); every other class is package-private: the preallocated stores and id indexes, the
 * per-account transfer lists and balance history, the expiry queue, the undo log of linked chains, the creators
 * that hold the validation rules in precedence order and the snapshot format.
 * <p>
 * Nothing here reads a clock, draws a random number, takes a lock, starts a thread or performs I/O.
 */
package dev.ledger.core;
