package dev.ledger.journal;

/**
 * The journal cannot go on: a write failed (disk full, I/O error) or the stored record is corrupt. After a
 * failed write the journal refuses every further call, so that nothing is acknowledged past the failure.
 */
public class JournalException extends RuntimeException
{
    private static final long serialVersionUID = 1L;
    private final long index;

    /**
     * @param index   the journal index concerned, or -1.
     * @param message what went wrong, in a sentence.
     * @param cause   the underlying failure, or null.
     */
    public JournalException(final long index, final String message, final Throwable cause)
    {
        super(index >= 0 ? "journal index " + index + ": " + message : message, cause);
        this.index = index;
    }

    /**
     * @return the journal index concerned, or -1.
     */
    public long index()
    {
        return index;
    }
}
