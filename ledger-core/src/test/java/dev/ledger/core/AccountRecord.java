package dev.ledger.core;

import java.math.BigInteger;
import java.util.Objects;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * An account as plain values for tests: encodes to and decodes from the {@link Wire} layout.
 */
public final class AccountRecord
{
    public BigInteger id = BigInteger.ZERO;
    public BigInteger debitsPending = BigInteger.ZERO;
    public BigInteger debitsPosted = BigInteger.ZERO;
    public BigInteger creditsPending = BigInteger.ZERO;
    public BigInteger creditsPosted = BigInteger.ZERO;
    public BigInteger userData128 = BigInteger.ZERO;
    public long userData64;
    public int userData32;
    public int reserved;
    public int ledger;
    public int code;
    public int flags;
    public long timestamp;

    public static AccountRecord of(final long id, final int ledger, final int code, final int flags)
    {
        final AccountRecord account = new AccountRecord();
        account.id = BigInteger.valueOf(id);
        account.ledger = ledger;
        account.code = code;
        account.flags = flags;
        return account;
    }

    public AccountRecord copy()
    {
        final AccountRecord copy = new AccountRecord();
        copy.id = id;
        copy.debitsPending = debitsPending;
        copy.debitsPosted = debitsPosted;
        copy.creditsPending = creditsPending;
        copy.creditsPosted = creditsPosted;
        copy.userData128 = userData128;
        copy.userData64 = userData64;
        copy.userData32 = userData32;
        copy.reserved = reserved;
        copy.ledger = ledger;
        copy.code = code;
        copy.flags = flags;
        copy.timestamp = timestamp;
        return copy;
    }

    public void encode(final MutableDirectBuffer buffer, final int offset)
    {
        Codec.putU128(buffer, offset + Wire.ID, id);
        Codec.putU128(buffer, offset + Wire.ACCOUNT_DEBITS_PENDING, debitsPending);
        Codec.putU128(buffer, offset + Wire.ACCOUNT_DEBITS_POSTED, debitsPosted);
        Codec.putU128(buffer, offset + Wire.ACCOUNT_CREDITS_PENDING, creditsPending);
        Codec.putU128(buffer, offset + Wire.ACCOUNT_CREDITS_POSTED, creditsPosted);
        Codec.putU128(buffer, offset + Wire.USER_DATA_128, userData128);
        buffer.putLong(offset + Wire.USER_DATA_64, userData64, Wire.ORDER);
        buffer.putInt(offset + Wire.USER_DATA_32, userData32, Wire.ORDER);
        buffer.putInt(offset + Wire.ACCOUNT_RESERVED, reserved, Wire.ORDER);
        buffer.putInt(offset + Wire.LEDGER, ledger, Wire.ORDER);
        buffer.putShort(offset + Wire.CODE, (short)code, Wire.ORDER);
        buffer.putShort(offset + Wire.FLAGS, (short)flags, Wire.ORDER);
        buffer.putLong(offset + Wire.TIMESTAMP, timestamp, Wire.ORDER);
    }

    public static AccountRecord decode(final DirectBuffer buffer, final int offset)
    {
        final AccountRecord account = new AccountRecord();
        account.id = Codec.getU128(buffer, offset + Wire.ID);
        account.debitsPending = Codec.getU128(buffer, offset + Wire.ACCOUNT_DEBITS_PENDING);
        account.debitsPosted = Codec.getU128(buffer, offset + Wire.ACCOUNT_DEBITS_POSTED);
        account.creditsPending = Codec.getU128(buffer, offset + Wire.ACCOUNT_CREDITS_PENDING);
        account.creditsPosted = Codec.getU128(buffer, offset + Wire.ACCOUNT_CREDITS_POSTED);
        account.userData128 = Codec.getU128(buffer, offset + Wire.USER_DATA_128);
        account.userData64 = buffer.getLong(offset + Wire.USER_DATA_64, Wire.ORDER);
        account.userData32 = buffer.getInt(offset + Wire.USER_DATA_32, Wire.ORDER);
        account.reserved = buffer.getInt(offset + Wire.ACCOUNT_RESERVED, Wire.ORDER);
        account.ledger = buffer.getInt(offset + Wire.LEDGER, Wire.ORDER);
        account.code = buffer.getShort(offset + Wire.CODE, Wire.ORDER) & 0xFFFF;
        account.flags = buffer.getShort(offset + Wire.FLAGS, Wire.ORDER) & 0xFFFF;
        account.timestamp = buffer.getLong(offset + Wire.TIMESTAMP, Wire.ORDER);
        return account;
    }

    @Override
    public boolean equals(final Object other)
    {
        if (!(other instanceof AccountRecord))
        {
            return false;
        }
        final AccountRecord that = (AccountRecord)other;
        return id.equals(that.id) && debitsPending.equals(that.debitsPending) && debitsPosted.equals(that.debitsPosted) &&
            creditsPending.equals(that.creditsPending) && creditsPosted.equals(that.creditsPosted) &&
            userData128.equals(that.userData128) && userData64 == that.userData64 && userData32 == that.userData32 &&
            reserved == that.reserved && ledger == that.ledger && code == that.code && flags == that.flags &&
            timestamp == that.timestamp;
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(id, timestamp);
    }

    @Override
    public String toString()
    {
        return "Account{id=" + id + ", dp=" + debitsPending + ", dpo=" + debitsPosted + ", cp=" + creditsPending +
            ", cpo=" + creditsPosted + ", ud128=" + userData128 + ", ud64=" + Long.toUnsignedString(userData64) +
            ", ud32=" + Integer.toUnsignedString(userData32) + ", reserved=" + reserved + ", ledger=" + ledger +
            ", code=" + code + ", flags=" + flags + ", ts=" + timestamp + "}";
    }
}
