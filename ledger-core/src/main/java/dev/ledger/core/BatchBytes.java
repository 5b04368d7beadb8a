package dev.ledger.core;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.UnsafeApi;

/**
 * The bytes of the batch being applied, its events or its results, accessed in {@link Wire#ORDER} without a
 * bounds check per field: {@link #wrap} checks the batch's range against the buffer once, and every access
 * after it falls within that range (an event's offset is below {@code count} records, a field's below
 * {@link LedgerLimits#RECORD_LENGTH}; asserted when assertions are on, as in the tests). A checked access per
 * field cost about a tenth of a batch of {@code hot} transfers (JFR: Agrona's bounds check,
 * {@code Objects.checkFromIndexSize}, on every field).
 * <p>
 * Offsets are the buffer's own, as given to {@link Ledger}. A field is best read as (record offset, field offset):
 * the record's address is then computed once and each field is one load at a constant displacement (with the
 * int sum {@code offset + field}, the compiler sign-extends and adds per field: 5 instructions instead of 1).
 * Each instance serves every batch, for the buffer it last wrapped; {@link #putInt} only after wrapping a
 * {@link MutableDirectBuffer}.
 */
final class BatchBytes
{
    private static final boolean SWAP = ByteOrder.nativeOrder() != Wire.ORDER;

    private byte[] array;
    private long address;
    private int start;
    private int end;

    /**
     * Checks that {@code length} bytes from {@code offset} lie within {@code buffer}, then reads from it.
     *
     * @throws IndexOutOfBoundsException when they do not.
     */
    BatchBytes wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        buffer.boundsCheck(offset, length);
        array = buffer.byteArray();
        address = buffer.addressOffset();
        start = offset;
        end = offset + length;
        return this;
    }

    BatchBytes wrap(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        return wrap((DirectBuffer)buffer, offset, length);
    }

    long getLong(final int index)
    {
        return getLong(index, 0);
    }

    /**
     * The field at {@code field} bytes into the record at {@code offset}. Apart, in long arithmetic, so that the
     * compiler computes a record's address once and reads each of its fields at a constant displacement.
     */
    long getLong(final int offset, final int field)
    {
        assert inside(offset + field, Long.BYTES) : offset + field;
        final long value = UnsafeApi.getLong(array, address + offset + field);
        return SWAP ? Long.reverseBytes(value) : value;
    }

    int getInt(final int index)
    {
        return getInt(index, 0);
    }

    int getInt(final int offset, final int field)
    {
        assert inside(offset + field, Integer.BYTES) : offset + field;
        final int value = UnsafeApi.getInt(array, address + offset + field);
        return SWAP ? Integer.reverseBytes(value) : value;
    }

    short getShort(final int offset, final int field)
    {
        assert inside(offset + field, Short.BYTES) : offset + field;
        final short value = UnsafeApi.getShort(array, address + offset + field);
        return SWAP ? Short.reverseBytes(value) : value;
    }

    void putInt(final int index, final int value)
    {
        assert inside(index, Integer.BYTES) : index;
        UnsafeApi.putInt(array, address + index, SWAP ? Integer.reverseBytes(value) : value);
    }

    private boolean inside(final int index, final int bytes)
    {
        return index >= start && index <= end - bytes;
    }
}
