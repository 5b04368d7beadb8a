package dev.ledger.client;

import org.agrona.MutableDirectBuffer;

import dev.ledger.core.Wire;

/**
 * A reusable batch of transfers for {@link LedgerClient#createTransfers(TransferBatch)}; see {@link RecordBatch}.
 * 128-bit values are given as their low and high 64 bits.
 */
public final class TransferBatch extends RecordBatch
{
    /** @param capacity transfers the batch can hold, 1..8189. */
    public TransferBatch(final int capacity)
    {
        super(capacity);
    }

    /**
     * @param buffer transfers already in the wire layout.
     * @param count  how many.
     */
    public TransferBatch(final MutableDirectBuffer buffer, final int count)
    {
        super(buffer, count);
    }

    @Override
    public TransferBatch add()
    {
        super.add();
        return this;
    }

    public TransferBatch id(final long lo, final long hi)
    {
        put128(Wire.ID, lo, hi);
        return this;
    }

    public TransferBatch debitAccountId(final long lo, final long hi)
    {
        put128(Wire.TRANSFER_DEBIT_ACCOUNT_ID, lo, hi);
        return this;
    }

    public TransferBatch creditAccountId(final long lo, final long hi)
    {
        put128(Wire.TRANSFER_CREDIT_ACCOUNT_ID, lo, hi);
        return this;
    }

    public TransferBatch amount(final long lo, final long hi)
    {
        put128(Wire.TRANSFER_AMOUNT, lo, hi);
        return this;
    }

    public TransferBatch pendingId(final long lo, final long hi)
    {
        put128(Wire.TRANSFER_PENDING_ID, lo, hi);
        return this;
    }

    public TransferBatch userData128(final long lo, final long hi)
    {
        put128(Wire.USER_DATA_128, lo, hi);
        return this;
    }

    public TransferBatch userData64(final long value)
    {
        put64(Wire.USER_DATA_64, value);
        return this;
    }

    public TransferBatch userData32(final int value)
    {
        put32(Wire.USER_DATA_32, value);
        return this;
    }

    /** @param seconds the pending timeout, unsigned 32-bit. */
    public TransferBatch timeout(final int seconds)
    {
        put32(Wire.TRANSFER_TIMEOUT, seconds);
        return this;
    }

    public TransferBatch ledger(final int ledger)
    {
        put32(Wire.LEDGER, ledger);
        return this;
    }

    public TransferBatch code(final int code)
    {
        put16(Wire.CODE, code);
        return this;
    }

    /** @param flags a sum of {@code dev.ledger.core.TransferFlags}. */
    public TransferBatch flags(final int flags)
    {
        put16(Wire.FLAGS, flags);
        return this;
    }

    /** @param timestampNs for imported transfers only. */
    public TransferBatch timestamp(final long timestampNs)
    {
        put64(Wire.TIMESTAMP, timestampNs);
        return this;
    }
}
