package dev.ledger.core;

import java.nio.ByteOrder;

/**
 * The binary layout of every record the state machine reads and writes: the event batches, the results and
 * the query outputs. All integers are little-endian; 128-bit values are stored low half first. The layouts
 * are TigerBeetle's, so that its documentation describes ours byte for byte.
 * <p>
 * Account (128 bytes): id 0, debits_pending 16, debits_posted 32, credits_pending 48, credits_posted 64,
 * user_data_128 80, user_data_64 96, user_data_32 104 (u32), reserved 108 (u32), ledger 112 (u32),
 * code 116 (u16), flags 118 (u16), timestamp 120 (u64).
 * <p>
 * Transfer (128 bytes): id 0, debit_account_id 16, credit_account_id 32, amount 48, pending_id 64,
 * user_data_128 80, user_data_64 96, user_data_32 104 (u32), timeout 108 (u32 seconds), ledger 112 (u32),
 * code 116 (u16), flags 118 (u16), timestamp 120 (u64).
 * <p>
 * AccountFilter (128 bytes): account_id 0, user_data_128 16, user_data_64 32, user_data_32 40 (u32),
 * code 44 (u16), reserved 46..103 (must be zero), timestamp_min 104, timestamp_max 112, limit 120 (u32),
 * flags 124 (u32: debits 1, credits 2, reversed 4).
 * <p>
 * AccountBalance (128 bytes): debits_pending 0, debits_posted 16, credits_pending 32, credits_posted 48,
 * timestamp 64, reserved 72..127 (zero).
 * <p>
 * QueryFilter (64 bytes): user_data_128 0, user_data_64 16, user_data_32 24 (u32), ledger 28 (u32),
 * code 32 (u16), reserved 34..39 (must be zero), timestamp_min 40, timestamp_max 48, limit 56 (u32),
 * flags 60 (u32: reversed 1).
 */
public final class Wire
{
    /** Byte order of every field. */
    public static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    // Account and Transfer share id, user data, ledger, code, flags and timestamp offsets.
    public static final int ID = 0;
    public static final int ACCOUNT_DEBITS_PENDING = 16;
    public static final int ACCOUNT_DEBITS_POSTED = 32;
    public static final int ACCOUNT_CREDITS_PENDING = 48;
    public static final int ACCOUNT_CREDITS_POSTED = 64;
    public static final int TRANSFER_DEBIT_ACCOUNT_ID = 16;
    public static final int TRANSFER_CREDIT_ACCOUNT_ID = 32;
    public static final int TRANSFER_AMOUNT = 48;
    public static final int TRANSFER_PENDING_ID = 64;
    public static final int USER_DATA_128 = 80;
    public static final int USER_DATA_64 = 96;
    public static final int USER_DATA_32 = 104;
    public static final int ACCOUNT_RESERVED = 108;
    public static final int TRANSFER_TIMEOUT = 108;
    public static final int LEDGER = 112;
    public static final int CODE = 116;
    public static final int FLAGS = 118;
    public static final int TIMESTAMP = 120;

    public static final int FILTER_ACCOUNT_ID = 0;
    public static final int FILTER_USER_DATA_128 = 16;
    public static final int FILTER_USER_DATA_64 = 32;
    public static final int FILTER_USER_DATA_32 = 40;
    public static final int FILTER_CODE = 44;
    public static final int FILTER_RESERVED = 46;
    public static final int FILTER_RESERVED_LENGTH = 58;
    public static final int FILTER_TIMESTAMP_MIN = 104;
    public static final int FILTER_TIMESTAMP_MAX = 112;
    public static final int FILTER_LIMIT = 120;
    public static final int FILTER_FLAGS = 124;
    public static final int FILTER_DEBITS = 1;
    public static final int FILTER_CREDITS = 2;
    public static final int FILTER_REVERSED = 4;

    public static final int BALANCE_DEBITS_PENDING = 0;
    public static final int BALANCE_DEBITS_POSTED = 16;
    public static final int BALANCE_CREDITS_PENDING = 32;
    public static final int BALANCE_CREDITS_POSTED = 48;
    public static final int BALANCE_TIMESTAMP = 64;

    public static final int QUERY_USER_DATA_128 = 0;
    public static final int QUERY_USER_DATA_64 = 16;
    public static final int QUERY_USER_DATA_32 = 24;
    public static final int QUERY_LEDGER = 28;
    public static final int QUERY_CODE = 32;
    public static final int QUERY_RESERVED = 34;
    public static final int QUERY_RESERVED_LENGTH = 6;
    public static final int QUERY_TIMESTAMP_MIN = 40;
    public static final int QUERY_TIMESTAMP_MAX = 48;
    public static final int QUERY_LIMIT = 56;
    public static final int QUERY_FLAGS = 60;
    public static final int QUERY_REVERSED = 1;

    private Wire()
    {
    }
}
