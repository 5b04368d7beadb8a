package dev.ledger.core;

/**
 * The outcome of one create_transfers event, in precedence order: the first that applies wins.
 * <p>
 * The numbers are the wire and journal format: they never change and new codes are appended.
 * A transfer id that fails with a transient code is burned and later answers {@link #ID_ALREADY_FAILED}.
 */
public enum CreateTransferResult
{
    OK(0, false),
    LINKED_EVENT_FAILED(1, false),
    LINKED_EVENT_CHAIN_OPEN(2, false),
    IMPORTED_EVENT_EXPECTED(3, false),
    IMPORTED_EVENT_NOT_EXPECTED(4, false),
    TIMESTAMP_MUST_BE_ZERO(5, false),
    IMPORTED_EVENT_TIMESTAMP_OUT_OF_RANGE(6, false),
    IMPORTED_EVENT_TIMESTAMP_MUST_NOT_ADVANCE(7, false),
    RESERVED_FLAG(8, false),
    ID_MUST_NOT_BE_ZERO(9, false),
    ID_MUST_NOT_BE_INT_MAX(10, false),
    EXISTS_WITH_DIFFERENT_FLAGS(11, false),
    EXISTS_WITH_DIFFERENT_PENDING_ID(12, false),
    EXISTS_WITH_DIFFERENT_TIMEOUT(13, false),
    EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT_ID(14, false),
    EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT_ID(15, false),
    EXISTS_WITH_DIFFERENT_AMOUNT(16, false),
    EXISTS_WITH_DIFFERENT_USER_DATA_128(17, false),
    EXISTS_WITH_DIFFERENT_USER_DATA_64(18, false),
    EXISTS_WITH_DIFFERENT_USER_DATA_32(19, false),
    EXISTS_WITH_DIFFERENT_LEDGER(20, false),
    EXISTS_WITH_DIFFERENT_CODE(21, false),
    EXISTS(22, false),
    ID_ALREADY_FAILED(23, false),
    FLAGS_ARE_MUTUALLY_EXCLUSIVE(24, false),
    DEBIT_ACCOUNT_ID_MUST_NOT_BE_ZERO(25, false),
    DEBIT_ACCOUNT_ID_MUST_NOT_BE_INT_MAX(26, false),
    CREDIT_ACCOUNT_ID_MUST_NOT_BE_ZERO(27, false),
    CREDIT_ACCOUNT_ID_MUST_NOT_BE_INT_MAX(28, false),
    ACCOUNTS_MUST_BE_DIFFERENT(29, false),
    PENDING_ID_MUST_BE_ZERO(30, false),
    PENDING_ID_MUST_NOT_BE_ZERO(31, false),
    PENDING_ID_MUST_NOT_BE_INT_MAX(32, false),
    PENDING_ID_MUST_BE_DIFFERENT(33, false),
    TIMEOUT_RESERVED_FOR_PENDING_TRANSFER(34, false),
    CLOSING_TRANSFER_MUST_BE_PENDING(35, false),
    LEDGER_MUST_NOT_BE_ZERO(36, false),
    CODE_MUST_NOT_BE_ZERO(37, false),
    DEBIT_ACCOUNT_NOT_FOUND(38, true),
    CREDIT_ACCOUNT_NOT_FOUND(39, true),
    ACCOUNTS_MUST_HAVE_THE_SAME_LEDGER(40, false),
    TRANSFER_MUST_HAVE_THE_SAME_LEDGER_AS_ACCOUNTS(41, false),
    PENDING_TRANSFER_NOT_FOUND(42, true),
    PENDING_TRANSFER_NOT_PENDING(43, false),
    PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT_ID(44, false),
    PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT_ID(45, false),
    PENDING_TRANSFER_HAS_DIFFERENT_LEDGER(46, false),
    PENDING_TRANSFER_HAS_DIFFERENT_CODE(47, false),
    EXCEEDS_PENDING_TRANSFER_AMOUNT(48, false),
    PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT(49, false),
    PENDING_TRANSFER_ALREADY_POSTED(50, false),
    PENDING_TRANSFER_ALREADY_VOIDED(51, false),
    PENDING_TRANSFER_EXPIRED(52, false),
    IMPORTED_EVENT_TIMESTAMP_MUST_NOT_REGRESS(53, false),
    IMPORTED_EVENT_TIMESTAMP_MUST_POSTDATE_DEBIT_ACCOUNT(54, false),
    IMPORTED_EVENT_TIMESTAMP_MUST_POSTDATE_CREDIT_ACCOUNT(55, false),
    IMPORTED_EVENT_TIMEOUT_MUST_BE_ZERO(56, false),
    DEBIT_ACCOUNT_ALREADY_CLOSED(57, true),
    CREDIT_ACCOUNT_ALREADY_CLOSED(58, true),
    OVERFLOWS_DEBITS_PENDING(59, false),
    OVERFLOWS_CREDITS_PENDING(60, false),
    OVERFLOWS_DEBITS_POSTED(61, false),
    OVERFLOWS_CREDITS_POSTED(62, false),
    OVERFLOWS_DEBITS(63, false),
    OVERFLOWS_CREDITS(64, false),
    OVERFLOWS_TIMEOUT(65, false),
    EXCEEDS_CREDITS(66, true),
    EXCEEDS_DEBITS(67, true);

    private static final CreateTransferResult[] BY_CODE = values();

    private final int code;
    private final boolean transientCode;
    private final String wireName;

    CreateTransferResult(final int code, final boolean transientCode)
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
    public static CreateTransferResult of(final int code)
    {
        if (code < 0 || code >= BY_CODE.length)
        {
            throw new IllegalArgumentException("unknown CreateTransferResult code: " + code);
        }
        return BY_CODE[code];
    }
}
