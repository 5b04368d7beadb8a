/**
 * Whole-journal verification for audits and the operator's CLI: checksum chain plus replay equality, with
 * the first problem reported at its exact index.
 */
package dev.ledger.journal.verify;
