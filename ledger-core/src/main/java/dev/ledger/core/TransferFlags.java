package dev.ledger.core;

/**
 * Bits of a transfer's {@code flags} field (u16), as in TigerBeetle's reference.
 */
public final class TransferFlags
{
    /** This event and the next succeed or fail together. */
    public static final int LINKED = 1;
    /** Reserve the amount as pending; post or void it later. */
    public static final int PENDING = 1 << 1;
    /** Post the pending transfer named by {@code pending_id}, in full or in part. */
    public static final int POST_PENDING_TRANSFER = 1 << 2;
    /** Release the pending transfer named by {@code pending_id}. */
    public static final int VOID_PENDING_TRANSFER = 1 << 3;
    /** Clamp the amount to what the debit account's credits allow. */
    public static final int BALANCING_DEBIT = 1 << 4;
    /** Clamp the amount to what the credit account's debits allow. */
    public static final int BALANCING_CREDIT = 1 << 5;
    /** Close the debit account (pending only; voiding reopens it). */
    public static final int CLOSING_DEBIT = 1 << 6;
    /** Close the credit account (pending only; voiding reopens it). */
    public static final int CLOSING_CREDIT = 1 << 7;
    /** The event carries a client-chosen historical timestamp. */
    public static final int IMPORTED = 1 << 8;
    /** Every bit that has a meaning; any other bit is {@code reserved_flag}. */
    public static final int ALL = LINKED | PENDING | POST_PENDING_TRANSFER | VOID_PENDING_TRANSFER |
        BALANCING_DEBIT | BALANCING_CREDIT | CLOSING_DEBIT | CLOSING_CREDIT | IMPORTED;

    private static final String[] NAMES =
        {
            "linked", "pending", "post_pending_transfer", "void_pending_transfer", "balancing_debit",
            "balancing_credit", "closing_debit", "closing_credit", "imported"
        };

    private TransferFlags()
    {
    }

    /**
     * The snake_case name of a single flag bit, as used on the HTTP API.
     *
     * @param bitIndex 0 for {@code linked}, 1 for the next bit, and so on.
     * @return the name, or null when the bit has no meaning.
     */
    public static String name(final int bitIndex)
    {
        return bitIndex >= 0 && bitIndex < NAMES.length ? NAMES[bitIndex] : null;
    }
}
