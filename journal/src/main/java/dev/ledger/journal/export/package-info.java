/**
 * Journal entries as text for people and other programs: the NDJSON line format that the operator's
 * {@code ledger journal export} and the node's {@code GET /v1/journal} both write, one implementation.
 */
package dev.ledger.journal.export;
