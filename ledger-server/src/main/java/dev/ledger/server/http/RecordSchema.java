package dev.ledger.server.http;

import com.fasterxml.jackson.core.io.SerializedString;
import dev.ledger.core.AccountFlags;
import dev.ledger.core.TransferFlags;
import dev.ledger.core.Wire;

/**
 * The JSON fields of one {@link Wire} layout, in the order they are written: name, kind and byte offset, and the
 * names of the flag bits. One table drives both the parser and the writer, so the two cannot disagree.
 */
final class RecordSchema
{
    /** How a field is represented in JSON and on the wire. */
    enum Kind
    {
        /** 16 bytes; a decimal string (or a JSON integer below 2^53 on input). */
        U128,
        /** 8 bytes; a decimal string (or a JSON integer below 2^53 on input). */
        U64,
        /** 4 bytes; a JSON integer. */
        U32,
        /** 2 bytes; a JSON integer. */
        U16,
        /** 2 bytes; a JSON array of flag names. */
        FLAGS
    }

    /** Account: every field of the record. */
    static final RecordSchema ACCOUNT = new RecordSchema(
        new String[]{
            "id", "debits_pending", "debits_posted", "credits_pending", "credits_posted", "user_data_128",
            "user_data_64", "user_data_32", "ledger", "code", "flags", "timestamp" },
        new Kind[]{
            Kind.U128, Kind.U128, Kind.U128, Kind.U128, Kind.U128, Kind.U128,
            Kind.U64, Kind.U32, Kind.U32, Kind.U16, Kind.FLAGS, Kind.U64 },
        new int[]{
            Wire.ID, Wire.ACCOUNT_DEBITS_PENDING, Wire.ACCOUNT_DEBITS_POSTED, Wire.ACCOUNT_CREDITS_PENDING,
            Wire.ACCOUNT_CREDITS_POSTED, Wire.USER_DATA_128, Wire.USER_DATA_64, Wire.USER_DATA_32, Wire.LEDGER,
            Wire.CODE, Wire.FLAGS, Wire.TIMESTAMP },
        flagNames(true),
        Wire.TIMESTAMP);

    /** Transfer: every field of the record. */
    static final RecordSchema TRANSFER = new RecordSchema(
        new String[]{
            "id", "debit_account_id", "credit_account_id", "amount", "pending_id", "user_data_128",
            "user_data_64", "user_data_32", "timeout", "ledger", "code", "flags", "timestamp" },
        new Kind[]{
            Kind.U128, Kind.U128, Kind.U128, Kind.U128, Kind.U128, Kind.U128,
            Kind.U64, Kind.U32, Kind.U32, Kind.U32, Kind.U16, Kind.FLAGS, Kind.U64 },
        new int[]{
            Wire.ID, Wire.TRANSFER_DEBIT_ACCOUNT_ID, Wire.TRANSFER_CREDIT_ACCOUNT_ID, Wire.TRANSFER_AMOUNT,
            Wire.TRANSFER_PENDING_ID, Wire.USER_DATA_128, Wire.USER_DATA_64, Wire.USER_DATA_32,
            Wire.TRANSFER_TIMEOUT, Wire.LEDGER, Wire.CODE, Wire.FLAGS, Wire.TIMESTAMP },
        flagNames(false),
        Wire.TIMESTAMP);

    /** AccountBalance (output only). */
    static final RecordSchema BALANCE = new RecordSchema(
        new String[]{ "timestamp", "debits_pending", "debits_posted", "credits_pending", "credits_posted" },
        new Kind[]{ Kind.U64, Kind.U128, Kind.U128, Kind.U128, Kind.U128 },
        new int[]{
            Wire.BALANCE_TIMESTAMP, Wire.BALANCE_DEBITS_PENDING, Wire.BALANCE_DEBITS_POSTED,
            Wire.BALANCE_CREDITS_PENDING, Wire.BALANCE_CREDITS_POSTED },
        new String[0],
        Wire.BALANCE_TIMESTAMP);

    /** The fields of a QueryFilter given as plain values; {@code limit} and {@code reversed} are special. */
    static final RecordSchema QUERY_FILTER = new RecordSchema(
        new String[]{
            "user_data_128", "user_data_64", "user_data_32", "ledger", "code", "timestamp_min", "timestamp_max" },
        new Kind[]{ Kind.U128, Kind.U64, Kind.U32, Kind.U32, Kind.U16, Kind.U64, Kind.U64 },
        new int[]{
            Wire.QUERY_USER_DATA_128, Wire.QUERY_USER_DATA_64, Wire.QUERY_USER_DATA_32, Wire.QUERY_LEDGER,
            Wire.QUERY_CODE, Wire.QUERY_TIMESTAMP_MIN, Wire.QUERY_TIMESTAMP_MAX },
        new String[0],
        Wire.QUERY_TIMESTAMP_MIN);

    private final String[] names;
    private final SerializedString[] serializedNames;
    private final Kind[] kinds;
    private final int[] offsets;
    private final char[][] flagNames;
    private final SerializedString[] serializedFlagNames;
    private final int timestampOffset;

    private RecordSchema(
        final String[] names,
        final Kind[] kinds,
        final int[] offsets,
        final String[] flagNames,
        final int timestampOffset)
    {
        if (names.length != kinds.length || names.length != offsets.length)
        {
            throw new IllegalArgumentException("names, kinds and offsets differ in length");
        }
        this.names = names;
        this.kinds = kinds;
        this.offsets = offsets;
        this.timestampOffset = timestampOffset;
        this.serializedNames = new SerializedString[names.length];
        for (int i = 0; i < names.length; i++)
        {
            serializedNames[i] = new SerializedString(names[i]);
        }
        this.flagNames = new char[flagNames.length][];
        this.serializedFlagNames = new SerializedString[flagNames.length];
        for (int i = 0; i < flagNames.length; i++)
        {
            this.flagNames[i] = flagNames[i].toCharArray();
            serializedFlagNames[i] = new SerializedString(flagNames[i]);
        }
    }

    private static String[] flagNames(final boolean account)
    {
        int count = 0;
        while ((account ? AccountFlags.name(count) : TransferFlags.name(count)) != null)
        {
            count++;
        }
        final String[] names = new String[count];
        for (int i = 0; i < count; i++)
        {
            names[i] = account ? AccountFlags.name(i) : TransferFlags.name(i);
        }
        return names;
    }

    /** @return how many fields. */
    int fieldCount()
    {
        return names.length;
    }

    /**
     * The index of a field by name.
     *
     * @param name the JSON field name.
     * @return the index, or -1 when the record has no such field.
     */
    int indexOf(final String name)
    {
        for (int i = 0; i < names.length; i++)
        {
            if (names[i].equals(name))
            {
                return i;
            }
        }
        return -1;
    }

    /** @return the name of field {@code index}. */
    String name(final int index)
    {
        return names[index];
    }

    /** @return the name of field {@code index}, encoded once for the generator. */
    SerializedString serializedName(final int index)
    {
        return serializedNames[index];
    }

    /** @return the kind of field {@code index}. */
    Kind kind(final int index)
    {
        return kinds[index];
    }

    /** @return the byte offset of field {@code index} in the record. */
    int offset(final int index)
    {
        return offsets[index];
    }

    /** @return the byte offset of the u64 timestamp that orders the records (for cursors). */
    int timestampOffset()
    {
        return timestampOffset;
    }

    /** @return how many flag bits have a name. */
    int flagCount()
    {
        return flagNames.length;
    }

    /** @return the name of flag bit {@code bitIndex}, encoded once for the generator. */
    SerializedString serializedFlagName(final int bitIndex)
    {
        return serializedFlagNames[bitIndex];
    }

    /**
     * The bit of a flag name, compared without making a String of it.
     *
     * @param text   the characters.
     * @param offset the first.
     * @param length how many.
     * @return the bit value (1 for the first flag), or 0 when no flag has this name.
     */
    int flagBit(final char[] text, final int offset, final int length)
    {
        for (int bit = 0; bit < flagNames.length; bit++)
        {
            final char[] name = flagNames[bit];
            if (name.length == length && java.util.Arrays.equals(name, 0, length, text, offset, offset + length))
            {
                return 1 << bit;
            }
        }
        return 0;
    }

    /** @return the flag names, comma-separated, for error details. */
    String flagNamesText()
    {
        final StringBuilder text = new StringBuilder();
        for (final SerializedString name : serializedFlagNames)
        {
            text.append(text.length() == 0 ? "" : ", ").append(name.getValue());
        }
        return text.toString();
    }
}
