package dev.ledger.journal;

/**
 * What a journal entry records. The numeric values are stored in every entry and never change.
 */
public final class EntryKind
{
    /** A create_accounts log message: the accounts and one result code per account. */
    public static final int CREATE_ACCOUNTS = 1;
    /** A create_transfers log message: the transfers and one result code per transfer. */
    public static final int CREATE_TRANSFERS = 2;
    /** A log-sequenced timer that expired pending transfers; the result is how many expired. */
    public static final int EXPIRE_PENDING_TRANSFERS = 3;
    /**
     * Written by the journal itself when it opens on a torn tail: the entries from its {@code voidFromIndex} up
     * to the cut are void, and the checksum chain resumes from the entry before them.
     */
    public static final int CUT = 4;

    private EntryKind()
    {
    }

    /**
     * @param kind a stored kind.
     * @return its name, or {@code unknown(n)}.
     */
    public static String name(final int kind)
    {
        switch (kind)
        {
            case CREATE_ACCOUNTS:
                return "create_accounts";
            case CREATE_TRANSFERS:
                return "create_transfers";
            case EXPIRE_PENDING_TRANSFERS:
                return "expire_pending_transfers";
            case CUT:
                return "cut";
            default:
                return "unknown(" + kind + ")";
        }
    }
}
