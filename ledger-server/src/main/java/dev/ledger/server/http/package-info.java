/**
 * The HTTP API of the node (see {@code API.md}): the JSON codec that turns request bodies, path segments and
 * query parameters into the binary records of {@link dev.ledger.core.Wire} and turns results back into JSON,
 * and the problem+json answer of every refused request.
 * <p>
 * Parsing uses Jackson's streaming parser with tight {@code StreamReadConstraints}: nothing is read into a
 * tree, every value is checked against its field's rule as it arrives, and the first violation stops the
 * parse with an {@link dev.ledger.server.http.ApiError} naming the field by its JSON path ({@code $[3].amount}).
 * Writing uses Jackson's streaming generator into a reused buffer, with precomputed field names and an
 * allocation-free decimal conversion of 128-bit values.
 * <p>
 * This is the only package where Undertow appears; the codec itself knows nothing of it.
 */
package dev.ledger.server.http;
