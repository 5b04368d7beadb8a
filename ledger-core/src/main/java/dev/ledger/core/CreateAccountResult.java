package dev.ledger.core;

/**
 * The outcome of one create_accounts event, in precedence order: the first that applies wins.
 * <p>
 * The numbers are the wire and journal format: they never change and new codes are appended.
 * Accounts have no transient codes.
 */
public enum CreateAccountResult
{
    OK(0, false),
    LINKED_EVENT_FAILED(1, false),
    LINKED_EVENT_CHAIN_OPEN(2, false),
    IMPORTED_EVENT_EXPECTED(3, false),
    IMPORTED_EVENT_NOT_EXPECTED(4, false),
    TIMESTAMP_MUST_BE_ZERO(5, false),
    IMPORTED_EVENT_TIMESTAMP_OUT_OF_RANGE(6, false),
    IMPORTED_EVENT_TIMESTAMP_MUST_NOT_ADVANCE(7, false),
    RESERVED_FIELD(8, false),
    RESERVED_FLAG(9, false),
    ID_MUST_NOT_BE_ZERO(10, false),
    ID_MUST_NOT_BE_INT_MAX(11, false),
    EXISTS_WITH_DIFFERENT_FLAGS(12, false),
    EXISTS_WITH_DIFFERENT_USER_DATA_128(13, false),
    EXISTS_WITH_DIFFERENT_USER_DATA_64(14, false),
    EXISTS_WITH_DIFFERENT_USER_DATA_32(15, false),
    EXISTS_WITH_DIFFERENT_LEDGER(16, false),
    EXISTS_WITH_DIFFERENT_CODE(17, false),
    EXISTS(18, false),
    FLAGS_ARE_MUTUALLY_EXCLUSIVE(19, false),
    DEBITS_PENDING_MUST_BE_ZERO(20, false),
    DEBITS_POSTED_MUST_BE_ZERO(21, false),
    CREDITS_PENDING_MUST_BE_ZERO(22, false),
    CREDITS_POSTED_MUST_BE_ZERO(23, false),
    LEDGER_MUST_NOT_BE_ZERO(24, false),
    CODE_MUST_NOT_BE_ZERO(25, false),
    IMPORTED_EVENT_TIMESTAMP_MUST_NOT_REGRESS(26, false);

    private static final CreateAccountResult[] BY_CODE = values();

    private final int code;
    private final boolean transientCode;
    private final String wireName;

    CreateAccountResult(final int code, final boolean transientCode)
    {
        this.code = code;
        this.transientCode = transientCode;
        this.wireName = name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The stable number of this code on the wire and in the journal; never changes, never reused.
     *
     * @return the numeric code.
     */
    public int code()
    {
        return code;
    }

    /**
     * Whether the outcome depended on the state at the time, so that the id is burned afterwards.
     *
     * @return true for transient codes.
     */
    public boolean isTransient()
    {
        return transientCode;
    }

    /**
     * The snake_case name used on the HTTP API.
     *
     * @return the wire name, e.g. {@code ok} or {@code exceeds_credits}.
     */
    public String wireName()
    {
        return wireName;
    }

    /**
     * The code for a stable number.
     *
     * @param code the numeric code.
     * @return the code.
     * @throws IllegalArgumentException if the number is not a known code.
     */
    public static CreateAccountResult of(final int code)
    {
        if (code < 0 || code >= BY_CODE.length)
        {
            throw new IllegalArgumentException("unknown CreateAccountResult code: " + code);
        }
        return BY_CODE[code];
    }
}
