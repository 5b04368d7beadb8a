package dev.ledger.client;

import java.math.BigInteger;

import org.agrona.DirectBuffer;

import dev.ledger.core.Wire;

/**
 * An account as the ledger holds it. 128-bit values are non-negative {@link BigInteger}s; 64-bit and 32-bit
 * values are unsigned, held in {@code long}/{@code int} (use {@code Long.toUnsignedString} to print them).
 *
 * @param id             the account's id.
 * @param debitsPending  debits reserved by pending transfers.
 * @param debitsPosted   debits posted.
 * @param creditsPending credits reserved by pending transfers.
 * @param creditsPosted  credits posted.
 * @param userData128    opaque.
 * @param userData64     opaque.
 * @param userData32     opaque.
 * @param ledger         the ledger (currency, asset) of the account.
 * @param code           the account's type in the user's chart of accounts.
 * @param flags          a sum of {@code dev.ledger.core.AccountFlags}.
 * @param timestamp      when it was created, cluster time in nanoseconds.
 */
public record Account(
    BigInteger id,
    BigInteger debitsPending,
    BigInteger debitsPosted,
    BigInteger creditsPending,
    BigInteger creditsPosted,
    BigInteger userData128,
    long userData64,
    int userData32,
    int ledger,
    int code,
    int flags,
    long timestamp)
{
    /**
     * @param buffer holds an Account record in the wire layout.
     * @param offset where it starts.
     * @return the account.
     */
    public static Account read(final DirectBuffer buffer, final int offset)
    {
        return new Account(
            Records.u128(buffer, offset + Wire.ID),
            Records.u128(buffer, offset + Wire.ACCOUNT_DEBITS_PENDING),
            Records.u128(buffer, offset + Wire.ACCOUNT_DEBITS_POSTED),
            Records.u128(buffer, offset + Wire.ACCOUNT_CREDITS_PENDING),
            Records.u128(buffer, offset + Wire.ACCOUNT_CREDITS_POSTED),
            Records.u128(buffer, offset + Wire.USER_DATA_128),
            buffer.getLong(offset + Wire.USER_DATA_64, Wire.ORDER),
            buffer.getInt(offset + Wire.USER_DATA_32, Wire.ORDER),
            buffer.getInt(offset + Wire.LEDGER, Wire.ORDER),
            buffer.getShort(offset + Wire.CODE, Wire.ORDER) & 0xFFFF,
            buffer.getShort(offset + Wire.FLAGS, Wire.ORDER) & 0xFFFF,
            buffer.getLong(offset + Wire.TIMESTAMP, Wire.ORDER));
    }
}
