package dev.ledger.client;

import java.math.BigInteger;

import org.agrona.DirectBuffer;

import dev.ledger.core.Wire;

/**
 * A history account's balances right after one of its transfers.
 *
 * @param timestamp      the transfer's timestamp.
 * @param debitsPending  debits pending after it.
 * @param debitsPosted   debits posted after it.
 * @param creditsPending credits pending after it.
 * @param creditsPosted  credits posted after it.
 */
public record AccountBalance(
    long timestamp,
    BigInteger debitsPending,
    BigInteger debitsPosted,
    BigInteger creditsPending,
    BigInteger creditsPosted)
{
    /**
     * @param buffer holds an AccountBalance record in the wire layout.
     * @param offset where it starts.
     * @return the balance.
     */
    public static AccountBalance read(final DirectBuffer buffer, final int offset)
    {
        return new AccountBalance(
            buffer.getLong(offset + Wire.BALANCE_TIMESTAMP, Wire.ORDER),
            Records.u128(buffer, offset + Wire.BALANCE_DEBITS_PENDING),
            Records.u128(buffer, offset + Wire.BALANCE_DEBITS_POSTED),
            Records.u128(buffer, offset + Wire.BALANCE_CREDITS_PENDING),
            Records.u128(buffer, offset + Wire.BALANCE_CREDITS_POSTED));
    }
}
