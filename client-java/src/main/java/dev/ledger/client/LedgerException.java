package dev.ledger.client;

/**
 * Why a request did not get its answer. {@link #isDefinite()} tells whether the outcome is known: a definite
 * failure applied nothing; an indefinite one (a timeout, a lost connection after the request was sent) may or
 * may not have been applied — retry with the same ids, which is always safe: what was applied answers
 * {@code exists}.
 */
public class LedgerException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** What happened. */
    public enum Kind
    {
        /** The node or the client could not take more now; nothing was applied. Retry later. */
        BUSY(true),
        /** The request was refused whole as not well-formed; nothing was applied. */
        REJECTED(true),
        /** The client is closed; the request was not sent. */
        CLOSED(true),
        /** No answer in time: the outcome is unknown; retrying with the same ids is safe. */
        TIMEOUT(false),
        /** The connection to the cluster was lost after the request was sent: the outcome is unknown. */
        CONNECTION_LOST(false);

        private final boolean definite;

        Kind(final boolean definite)
        {
            this.definite = definite;
        }
    }

    private final Kind kind;

    /**
     * @param kind    what happened.
     * @param message the details.
     */
    public LedgerException(final Kind kind, final String message)
    {
        super(message);
        this.kind = kind;
    }

    /** @return what happened. */
    public Kind kind()
    {
        return kind;
    }

    /** @return whether the outcome is known (nothing was applied), as opposed to unknown. */
    public boolean isDefinite()
    {
        return kind.definite;
    }
}
