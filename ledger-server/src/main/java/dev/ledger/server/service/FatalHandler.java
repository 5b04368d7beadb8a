package dev.ledger.server.service;

/**
 * Told when the service cannot go on (journal failure, ledger invariant, a snapshot that cannot be loaded):
 * the node must stop acknowledging at once. The service agent ends after the call.
 */
@FunctionalInterface
public interface FatalHandler
{
    /**
     * @param what  what failed, for the log.
     * @param cause the error.
     */
    void onFatal(String what, Throwable cause);
}
