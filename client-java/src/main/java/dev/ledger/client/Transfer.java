package dev.ledger.client;

import java.math.BigInteger;

import org.agrona.DirectBuffer;

import dev.ledger.core.Wire;

/**
 * A transfer as the ledger holds it; unsigned values as in {@link Account}.
 *
 * @param id              the transfer's id.
 * @param debitAccountId  the account debited.
 * @param creditAccountId the account credited.
 * @param amount          the amount moved (or reserved, for a pending transfer).
 * @param pendingId       for a post or void: the pending transfer's id.
 * @param userData128     opaque.
 * @param userData64      opaque.
 * @param userData32      opaque.
 * @param timeout         seconds until a pending transfer expires, 0 for never.
 * @param ledger          the ledger.
 * @param code            the transfer's type.
 * @param flags           a sum of {@code dev.ledger.core.TransferFlags}.
 * @param timestamp       when it was applied, cluster time in nanoseconds.
 */
public record Transfer(
    BigInteger id,
    BigInteger debitAccountId,
    BigInteger creditAccountId,
    BigInteger amount,
    BigInteger pendingId,
    BigInteger userData128,
    long userData64,
    int userData32,
    int timeout,
    int ledger,
    int code,
    int flags,
    long timestamp)
{
    /**
     * @param buffer holds a Transfer record in the wire layout.
     * @param offset where it starts.
     * @return the transfer.
     */
    public static Transfer read(final DirectBuffer buffer, final int offset)
    {
        return new Transfer(
            Records.u128(buffer, offset + Wire.ID),
            Records.u128(buffer, offset + Wire.TRANSFER_DEBIT_ACCOUNT_ID),
            Records.u128(buffer, offset + Wire.TRANSFER_CREDIT_ACCOUNT_ID),
            Records.u128(buffer, offset + Wire.TRANSFER_AMOUNT),
            Records.u128(buffer, offset + Wire.TRANSFER_PENDING_ID),
            Records.u128(buffer, offset + Wire.USER_DATA_128),
            buffer.getLong(offset + Wire.USER_DATA_64, Wire.ORDER),
            buffer.getInt(offset + Wire.USER_DATA_32, Wire.ORDER),
            buffer.getInt(offset + Wire.TRANSFER_TIMEOUT, Wire.ORDER),
            buffer.getInt(offset + Wire.LEDGER, Wire.ORDER),
            buffer.getShort(offset + Wire.CODE, Wire.ORDER) & 0xFFFF,
            buffer.getShort(offset + Wire.FLAGS, Wire.ORDER) & 0xFFFF,
            buffer.getLong(offset + Wire.TIMESTAMP, Wire.ORDER));
    }
}
