package dev.ledger.client;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import dev.ledger.core.LedgerLimits;
import dev.ledger.core.Wire;

/**
 * A reusable batch of 1..8189 records of 128 bytes in the wire layout ({@code dev.ledger.core.Wire}), built in
 * place without allocation: {@link #add()} starts a zeroed record, the setters of the subclass fill it. A
 * batch handed to the client belongs to the client until the answer's future completes; then it may be
 * {@link #clear() cleared} and reused.
 */
public abstract class RecordBatch
{
    private final MutableDirectBuffer buffer;
    private final int capacity;
    private int count;
    /** The offset of the current record. */
    protected int record = -LedgerLimits.RECORD_LENGTH;

    /**
     * @param capacity records the batch can hold, 1..8189.
     */
    protected RecordBatch(final int capacity)
    {
        if (capacity < 1 || capacity > LedgerLimits.BATCH_EVENTS_MAX)
        {
            throw new IllegalArgumentException("capacity must be 1.." + LedgerLimits.BATCH_EVENTS_MAX + ": " + capacity);
        }
        this.buffer = new UnsafeBuffer(new byte[capacity * LedgerLimits.RECORD_LENGTH]);
        this.capacity = capacity;
    }

    /**
     * Wraps records already in the wire layout (the HTTP gateway parses JSON straight into them).
     *
     * @param buffer the records, from offset 0.
     * @param count  how many, 1..8189.
     */
    protected RecordBatch(final MutableDirectBuffer buffer, final int count)
    {
        if (count < 1 || count > LedgerLimits.BATCH_EVENTS_MAX || buffer.capacity() < count * LedgerLimits.RECORD_LENGTH)
        {
            throw new IllegalArgumentException("a batch of " + count + " records in " + buffer.capacity() + " bytes");
        }
        this.buffer = buffer;
        this.capacity = count;
        this.count = count;
    }

    /**
     * Starts a new record, all fields zero, and makes it the one the setters write.
     *
     * @return this batch.
     * @throws IllegalStateException when the batch is full.
     */
    public RecordBatch add()
    {
        if (count == capacity)
        {
            throw new IllegalStateException("the batch is full: " + capacity + " records");
        }
        record = count * LedgerLimits.RECORD_LENGTH;
        buffer.setMemory(record, LedgerLimits.RECORD_LENGTH, (byte)0);
        count++;
        return this;
    }

    /** Empties the batch for reuse. */
    public void clear()
    {
        count = 0;
        record = -LedgerLimits.RECORD_LENGTH;
    }

    /** @return records in the batch. */
    public int count()
    {
        return count;
    }

    /** @return the records, from offset 0, {@link #count()} of 128 bytes. */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    protected final void put128(final int field, final long lo, final long hi)
    {
        requireRecord();
        buffer.putLong(record + field, lo, Wire.ORDER);
        buffer.putLong(record + field + 8, hi, Wire.ORDER);
    }

    protected final void put64(final int field, final long value)
    {
        requireRecord();
        buffer.putLong(record + field, value, Wire.ORDER);
    }

    protected final void put32(final int field, final int value)
    {
        requireRecord();
        buffer.putInt(record + field, value, Wire.ORDER);
    }

    protected final void put16(final int field, final int value)
    {
        requireRecord();
        if ((value & ~0xFFFF) != 0)
        {
            throw new IllegalArgumentException("a 16-bit field cannot hold " + value);
        }
        buffer.putShort(record + field, (short)value, Wire.ORDER);
    }

    private void requireRecord()
    {
        if (record < 0)
        {
            throw new IllegalStateException("call add() before setting fields");
        }
    }
}
