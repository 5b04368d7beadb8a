package dev.ledger.core;

/**
 * Bits of an account's {@code flags} field (u16), as in TigerBeetle's reference.
 */
public final class AccountFlags
{
    /** This event and the next succeed or fail together. */
    public static final int LINKED = 1;
    /** {@code debits_pending + debits_posted <= credits_posted} must always hold. */
    public static final int DEBITS_MUST_NOT_EXCEED_CREDITS = 1 << 1;
    /** {@code credits_pending + credits_posted <= debits_posted} must always hold. */
    public static final int CREDITS_MUST_NOT_EXCEED_DEBITS = 1 << 2;
    /** Keep the balance after every transfer, for {@code get_account_balances}. */
    public static final int HISTORY = 1 << 3;
    /** The event carries a client-chosen historical timestamp. */
    public static final int IMPORTED = 1 << 4;
    /** The account refuses new transfers; set and cleared by closing transfers. */
    public static final int CLOSED = 1 << 5;
    /** Every bit that has a meaning; any other bit is {@code reserved_flag}. */
    public static final int ALL = LINKED | DEBITS_MUST_NOT_EXCEED_CREDITS | CREDITS_MUST_NOT_EXCEED_DEBITS |
        HISTORY | IMPORTED | CLOSED;

    private static final String[] NAMES =
        { "linked", "debits_must_not_exceed_credits", "credits_must_not_exceed_debits", "history", "imported", "closed" };

    private AccountFlags()
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
