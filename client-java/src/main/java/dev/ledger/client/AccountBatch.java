package dev.ledger.client;

import org.agrona.MutableDirectBuffer;

import dev.ledger.core.Wire;

/**
 * A reusable batch of accounts for {@link LedgerClient#createAccounts(AccountBatch)}; see {@link RecordBatch}.
 */
public final class AccountBatch extends RecordBatch
{
    /** @param capacity accounts the batch can hold, 1..8189. */
    public AccountBatch(final int capacity)
    {
        super(capacity);
    }

    /**
     * @param buffer accounts already in the wire layout.
     * @param count  how many.
     */
    public AccountBatch(final MutableDirectBuffer buffer, final int count)
    {
        super(buffer, count);
    }

    @Override
    public AccountBatch add()
    {
        super.add();
        return this;
    }

    public AccountBatch id(final long lo, final long hi)
    {
        put128(Wire.ID, lo, hi);
        return this;
    }

    public AccountBatch userData128(final long lo, final long hi)
    {
        put128(Wire.USER_DATA_128, lo, hi);
        return this;
    }

    public AccountBatch userData64(final long value)
    {
        put64(Wire.USER_DATA_64, value);
        return this;
    }

    public AccountBatch userData32(final int value)
    {
        put32(Wire.USER_DATA_32, value);
        return this;
    }

    public AccountBatch ledger(final int ledger)
    {
        put32(Wire.LEDGER, ledger);
        return this;
    }

    public AccountBatch code(final int code)
    {
        put16(Wire.CODE, code);
        return this;
    }

    /** @param flags a sum of {@code dev.ledger.core.AccountFlags}. */
    public AccountBatch flags(final int flags)
    {
        put16(Wire.FLAGS, flags);
        return this;
    }

    /** @param timestampNs for imported accounts only. */
    public AccountBatch timestamp(final long timestampNs)
    {
        put64(Wire.TIMESTAMP, timestampNs);
        return this;
    }
}
