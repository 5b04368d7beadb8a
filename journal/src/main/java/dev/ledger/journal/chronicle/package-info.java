/**
 * The only place Chronicle Queue types appear: records of opaque bytes addressed by ordinal. Public because
 * the journal's root package uses it; not API.
 */
package dev.ledger.journal.chronicle;
