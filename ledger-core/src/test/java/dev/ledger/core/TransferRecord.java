package dev.ledger.core;

import java.math.BigInteger;
import java.util.Objects;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A transfer as plain values for tests: encodes to and decodes from the {@link Wire} layout.
 */
public final class TransferRecord
{
    public BigInteger id = BigInteger.ZERO;
    public BigInteger debitAccountId = BigInteger.ZERO;
    public BigInteger creditAccountId = BigInteger.ZERO;
    public BigInteger amount = BigInteger.ZERO;
    public BigInteger pendingId = BigInteger.ZERO;
    public BigInteger userData128 = BigInteger.ZERO;
    public long userData64;
    public int userData32;
    /** Seconds, as an unsigned 32-bit value. */
    public long timeout;
    public int ledger;
    public int code;
    public int flags;
    public long timestamp;

    public static TransferRecord of(
        final long id, final long debitAccountId, final long creditAccountId, final long amount, final int ledger,
        final int code, final int flags)
    {
        final TransferRecord transfer = new TransferRecord();
        transfer.id = BigInteger.valueOf(id);
        transfer.debitAccountId = BigInteger.valueOf(debitAccountId);
        transfer.creditAccountId = BigInteger.valueOf(creditAccountId);
        transfer.amount = BigInteger.valueOf(amount);
        transfer.ledger = ledger;
        transfer.code = code;
        transfer.flags = flags;
        return transfer;
    }

    public TransferRecord copy()
    {
        final TransferRecord copy = new TransferRecord();
        copy.id = id;
        copy.debitAccountId = debitAccountId;
        copy.creditAccountId = creditAccountId;
        copy.amount = amount;
        copy.pendingId = pendingId;
        copy.userData128 = userData128;
        copy.userData64 = userData64;
        copy.userData32 = userData32;
        copy.timeout = timeout;
        copy.ledger = ledger;
        copy.code = code;
        copy.flags = flags;
        copy.timestamp = timestamp;
        return copy;
    }

    public void encode(final MutableDirectBuffer buffer, final int offset)
    {
        Codec.putU128(buffer, offset + Wire.ID, id);
        Codec.putU128(buffer, offset + Wire.TRANSFER_DEBIT_ACCOUNT_ID, debitAccountId);
        Codec.putU128(buffer, offset + Wire.TRANSFER_CREDIT_ACCOUNT_ID, creditAccountId);
        Codec.putU128(buffer, offset + Wire.TRANSFER_AMOUNT, amount);
        Codec.putU128(buffer, offset + Wire.TRANSFER_PENDING_ID, pendingId);
        Codec.putU128(buffer, offset + Wire.USER_DATA_128, userData128);
        buffer.putLong(offset + Wire.USER_DATA_64, userData64, Wire.ORDER);
        buffer.putInt(offset + Wire.USER_DATA_32, userData32, Wire.ORDER);
        buffer.putInt(offset + Wire.TRANSFER_TIMEOUT, (int)timeout, Wire.ORDER);
        buffer.putInt(offset + Wire.LEDGER, ledger, Wire.ORDER);
        buffer.putShort(offset + Wire.CODE, (short)code, Wire.ORDER);
        buffer.putShort(offset + Wire.FLAGS, (short)flags, Wire.ORDER);
        buffer.putLong(offset + Wire.TIMESTAMP, timestamp, Wire.ORDER);
    }

    public static TransferRecord decode(final DirectBuffer buffer, final int offset)
    {
        final TransferRecord transfer = new TransferRecord();
        transfer.id = Codec.getU128(buffer, offset + Wire.ID);
        transfer.debitAccountId = Codec.getU128(buffer, offset + Wire.TRANSFER_DEBIT_ACCOUNT_ID);
        transfer.creditAccountId = Codec.getU128(buffer, offset + Wire.TRANSFER_CREDIT_ACCOUNT_ID);
        transfer.amount = Codec.getU128(buffer, offset + Wire.TRANSFER_AMOUNT);
        transfer.pendingId = Codec.getU128(buffer, offset + Wire.TRANSFER_PENDING_ID);
        transfer.userData128 = Codec.getU128(buffer, offset + Wire.USER_DATA_128);
        transfer.userData64 = buffer.getLong(offset + Wire.USER_DATA_64, Wire.ORDER);
        transfer.userData32 = buffer.getInt(offset + Wire.USER_DATA_32, Wire.ORDER);
        transfer.timeout = buffer.getInt(offset + Wire.TRANSFER_TIMEOUT, Wire.ORDER) & 0xFFFF_FFFFL;
        transfer.ledger = buffer.getInt(offset + Wire.LEDGER, Wire.ORDER);
        transfer.code = buffer.getShort(offset + Wire.CODE, Wire.ORDER) & 0xFFFF;
        transfer.flags = buffer.getShort(offset + Wire.FLAGS, Wire.ORDER) & 0xFFFF;
        transfer.timestamp = buffer.getLong(offset + Wire.TIMESTAMP, Wire.ORDER);
        return transfer;
    }

    @Override
    public boolean equals(final Object other)
    {
        if (!(other instanceof TransferRecord))
        {
            return false;
        }
        final TransferRecord that = (TransferRecord)other;
        return id.equals(that.id) && debitAccountId.equals(that.debitAccountId) &&
            creditAccountId.equals(that.creditAccountId) && amount.equals(that.amount) &&
            pendingId.equals(that.pendingId) && userData128.equals(that.userData128) &&
            userData64 == that.userData64 && userData32 == that.userData32 && timeout == that.timeout &&
            ledger == that.ledger && code == that.code && flags == that.flags && timestamp == that.timestamp;
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(id, timestamp);
    }

    @Override
    public String toString()
    {
        return "Transfer{id=" + id + ", dr=" + debitAccountId + ", cr=" + creditAccountId + ", amount=" + amount +
            ", pending_id=" + pendingId + ", ud128=" + userData128 + ", ud64=" + Long.toUnsignedString(userData64) +
            ", ud32=" + Integer.toUnsignedString(userData32) + ", timeout=" + timeout + ", ledger=" + ledger +
            ", code=" + code + ", flags=" + flags + ", ts=" + timestamp + "}";
    }
}
