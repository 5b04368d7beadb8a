package dev.ledger.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Drives a real {@link Ledger} with plain values, for tests: encodes batches, decodes results and rows.
 * Allocates freely; never use it where allocation is measured.
 */
public final class LedgerDriver
{
    private static final int BUFFER_LENGTH = LedgerLimits.BATCH_EVENTS_MAX * LedgerLimits.RECORD_LENGTH;

    private final Ledger ledger;
    private final UnsafeBuffer input = new UnsafeBuffer(new byte[BUFFER_LENGTH]);
    private final UnsafeBuffer output = new UnsafeBuffer(new byte[BUFFER_LENGTH]);
    private int lastBatchStatus = BatchStatus.OK;

    public LedgerDriver(final Ledger ledger)
    {
        this.ledger = ledger;
    }

    public LedgerDriver(final LedgerConfig config)
    {
        this(new Ledger(config));
    }

    public Ledger ledger()
    {
        return ledger;
    }

    /** The {@link BatchStatus} of the last create call. */
    public int lastBatchStatus()
    {
        return lastBatchStatus;
    }

    /** Creates accounts; an empty list when the batch was refused whole (see {@link #lastBatchStatus()}). */
    public List<CreateAccountResult> createAccounts(final long clusterTimeNs, final List<AccountRecord> accounts)
    {
        for (int i = 0; i < accounts.size(); i++)
        {
            accounts.get(i).encode(input, i * LedgerLimits.RECORD_LENGTH);
        }
        lastBatchStatus = ledger.createAccounts(clusterTimeNs, input, 0, accounts.size(), output, 0);
        final List<CreateAccountResult> results = new ArrayList<>();
        if (lastBatchStatus == BatchStatus.OK)
        {
            for (int i = 0; i < accounts.size(); i++)
            {
                results.add(CreateAccountResult.of(output.getInt(i * LedgerLimits.RESULT_LENGTH, Wire.ORDER)));
            }
        }
        return results;
    }

    /** Creates transfers; an empty list when the batch was refused whole (see {@link #lastBatchStatus()}). */
    public List<CreateTransferResult> createTransfers(final long clusterTimeNs, final List<TransferRecord> transfers)
    {
        for (int i = 0; i < transfers.size(); i++)
        {
            transfers.get(i).encode(input, i * LedgerLimits.RECORD_LENGTH);
        }
        lastBatchStatus = ledger.createTransfers(clusterTimeNs, input, 0, transfers.size(), output, 0);
        final List<CreateTransferResult> results = new ArrayList<>();
        if (lastBatchStatus == BatchStatus.OK)
        {
            for (int i = 0; i < transfers.size(); i++)
            {
                results.add(CreateTransferResult.of(output.getInt(i * LedgerLimits.RESULT_LENGTH, Wire.ORDER)));
            }
        }
        return results;
    }

    public List<AccountRecord> lookupAccounts(final List<BigInteger> ids)
    {
        encodeIds(ids);
        final int found = ledger.lookupAccounts(input, 0, ids.size(), output, 0);
        final List<AccountRecord> accounts = new ArrayList<>();
        for (int i = 0; i < found; i++)
        {
            accounts.add(AccountRecord.decode(output, i * LedgerLimits.RECORD_LENGTH));
        }
        return accounts;
    }

    public List<TransferRecord> lookupTransfers(final List<BigInteger> ids)
    {
        encodeIds(ids);
        final int found = ledger.lookupTransfers(input, 0, ids.size(), output, 0);
        return decodeTransfers(found);
    }

    /** The account, or null. */
    public AccountRecord account(final BigInteger id)
    {
        final List<AccountRecord> found = lookupAccounts(List.of(id));
        return found.isEmpty() ? null : found.get(0);
    }

    /** The account, or null. */
    public AccountRecord account(final long id)
    {
        return account(BigInteger.valueOf(id));
    }

    /** The transfer, or null. */
    public TransferRecord transfer(final BigInteger id)
    {
        final List<TransferRecord> found = lookupTransfers(List.of(id));
        return found.isEmpty() ? null : found.get(0);
    }

    /** The transfer, or null. */
    public TransferRecord transfer(final long id)
    {
        return transfer(BigInteger.valueOf(id));
    }

    public List<TransferRecord> accountTransfers(final AccountFilter filter)
    {
        filter.encode(input, 0);
        return decodeTransfers(ledger.getAccountTransfers(input, 0, output, 0));
    }

    public List<Balance> accountBalances(final AccountFilter filter)
    {
        filter.encode(input, 0);
        final int rows = ledger.getAccountBalances(input, 0, output, 0);
        final List<Balance> balances = new ArrayList<>();
        for (int i = 0; i < rows; i++)
        {
            balances.add(Balance.decode(output, i * LedgerLimits.RECORD_LENGTH));
        }
        return balances;
    }

    public List<AccountRecord> queryAccounts(final QueryFilter filter)
    {
        filter.encode(input, 0);
        final int rows = ledger.queryAccounts(input, 0, output, 0);
        final List<AccountRecord> accounts = new ArrayList<>();
        for (int i = 0; i < rows; i++)
        {
            accounts.add(AccountRecord.decode(output, i * LedgerLimits.RECORD_LENGTH));
        }
        return accounts;
    }

    public List<TransferRecord> queryTransfers(final QueryFilter filter)
    {
        filter.encode(input, 0);
        return decodeTransfers(ledger.queryTransfers(input, 0, output, 0));
    }

    private void encodeIds(final List<BigInteger> ids)
    {
        for (int i = 0; i < ids.size(); i++)
        {
            Codec.putU128(input, i * LedgerLimits.ID_LENGTH, ids.get(i));
        }
    }

    private List<TransferRecord> decodeTransfers(final int count)
    {
        final List<TransferRecord> transfers = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            transfers.add(TransferRecord.decode(output, i * LedgerLimits.RECORD_LENGTH));
        }
        return transfers;
    }

    /** An AccountFilter of {@link Wire}; flags default to debits and credits, limit to the maximum. */
    public static final class AccountFilter
    {
        public BigInteger accountId = BigInteger.ZERO;
        public BigInteger userData128 = BigInteger.ZERO;
        public long userData64;
        public int userData32;
        public int code;
        public long timestampMin;
        public long timestampMax;
        public int limit = LedgerLimits.QUERY_ROWS_MAX;
        public int flags = Wire.FILTER_DEBITS | Wire.FILTER_CREDITS;
        /** A byte written into the reserved bytes (which must be zero), at {@link #reservedOffset}; 0 = none. */
        public byte reservedByte;
        /** Where {@link #reservedByte} goes, 0..{@link Wire#FILTER_RESERVED_LENGTH} - 1. */
        public int reservedOffset;

        public static AccountFilter of(final BigInteger accountId)
        {
            final AccountFilter filter = new AccountFilter();
            filter.accountId = accountId;
            return filter;
        }

        public void encode(final org.agrona.MutableDirectBuffer buffer, final int offset)
        {
            buffer.setMemory(offset, LedgerLimits.RECORD_LENGTH, (byte)0);
            Codec.putU128(buffer, offset + Wire.FILTER_ACCOUNT_ID, accountId);
            Codec.putU128(buffer, offset + Wire.FILTER_USER_DATA_128, userData128);
            buffer.putLong(offset + Wire.FILTER_USER_DATA_64, userData64, Wire.ORDER);
            buffer.putInt(offset + Wire.FILTER_USER_DATA_32, userData32, Wire.ORDER);
            buffer.putShort(offset + Wire.FILTER_CODE, (short)code, Wire.ORDER);
            buffer.putLong(offset + Wire.FILTER_TIMESTAMP_MIN, timestampMin, Wire.ORDER);
            buffer.putLong(offset + Wire.FILTER_TIMESTAMP_MAX, timestampMax, Wire.ORDER);
            buffer.putInt(offset + Wire.FILTER_LIMIT, limit, Wire.ORDER);
            buffer.putInt(offset + Wire.FILTER_FLAGS, flags, Wire.ORDER);
            if (reservedByte != 0)
            {
                buffer.putByte(offset + Wire.FILTER_RESERVED + reservedOffset, reservedByte);
            }
        }

        @Override
        public String toString()
        {
            return "AccountFilter{account_id=" + accountId + ", ud128=" + userData128 + ", ud64=" +
                Long.toUnsignedString(userData64) + ", ud32=" + Integer.toUnsignedString(userData32) + ", code=" +
                code + ", ts_min=" + timestampMin + ", ts_max=" + timestampMax + ", limit=" +
                Integer.toUnsignedString(limit) + ", flags=" + flags + ", reserved[" + reservedOffset + "]=" +
                reservedByte + "}";
        }
    }

    /** A QueryFilter of {@link Wire}; limit defaults to the maximum. */
    public static final class QueryFilter
    {
        public BigInteger userData128 = BigInteger.ZERO;
        public long userData64;
        public int userData32;
        public int ledger;
        public int code;
        public long timestampMin;
        public long timestampMax;
        public int limit = LedgerLimits.QUERY_ROWS_MAX;
        public int flags;
        /** A byte written into the reserved bytes (which must be zero), at {@link #reservedOffset}; 0 = none. */
        public byte reservedByte;
        /** Where {@link #reservedByte} goes, 0..{@link Wire#QUERY_RESERVED_LENGTH} - 1. */
        public int reservedOffset;

        public void encode(final org.agrona.MutableDirectBuffer buffer, final int offset)
        {
            buffer.setMemory(offset, LedgerLimits.QUERY_FILTER_LENGTH, (byte)0);
            Codec.putU128(buffer, offset + Wire.QUERY_USER_DATA_128, userData128);
            buffer.putLong(offset + Wire.QUERY_USER_DATA_64, userData64, Wire.ORDER);
            buffer.putInt(offset + Wire.QUERY_USER_DATA_32, userData32, Wire.ORDER);
            buffer.putInt(offset + Wire.QUERY_LEDGER, ledger, Wire.ORDER);
            buffer.putShort(offset + Wire.QUERY_CODE, (short)code, Wire.ORDER);
            buffer.putLong(offset + Wire.QUERY_TIMESTAMP_MIN, timestampMin, Wire.ORDER);
            buffer.putLong(offset + Wire.QUERY_TIMESTAMP_MAX, timestampMax, Wire.ORDER);
            buffer.putInt(offset + Wire.QUERY_LIMIT, limit, Wire.ORDER);
            buffer.putInt(offset + Wire.QUERY_FLAGS, flags, Wire.ORDER);
            if (reservedByte != 0)
            {
                buffer.putByte(offset + Wire.QUERY_RESERVED + reservedOffset, reservedByte);
            }
        }

        @Override
        public String toString()
        {
            return "QueryFilter{ud128=" + userData128 + ", ud64=" + Long.toUnsignedString(userData64) + ", ud32=" +
                Integer.toUnsignedString(userData32) + ", ledger=" + ledger + ", code=" + code + ", ts_min=" +
                timestampMin + ", ts_max=" + timestampMax + ", limit=" + Integer.toUnsignedString(limit) +
                ", flags=" + flags + ", reserved[" + reservedOffset + "]=" + reservedByte + "}";
        }
    }

    /** An AccountBalance row of {@link Wire}. */
    public record Balance(
        BigInteger debitsPending, BigInteger debitsPosted, BigInteger creditsPending, BigInteger creditsPosted,
        long timestamp)
    {
        static Balance decode(final org.agrona.DirectBuffer buffer, final int offset)
        {
            return new Balance(
                Codec.getU128(buffer, offset + Wire.BALANCE_DEBITS_PENDING),
                Codec.getU128(buffer, offset + Wire.BALANCE_DEBITS_POSTED),
                Codec.getU128(buffer, offset + Wire.BALANCE_CREDITS_PENDING),
                Codec.getU128(buffer, offset + Wire.BALANCE_CREDITS_POSTED),
                buffer.getLong(offset + Wire.BALANCE_TIMESTAMP, Wire.ORDER));
        }
    }
}
