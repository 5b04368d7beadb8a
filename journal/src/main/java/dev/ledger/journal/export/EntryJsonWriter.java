package dev.ledger.journal.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;

import dev.ledger.core.AccountFlags;
import dev.ledger.core.BatchStatus;
import dev.ledger.core.CreateAccountResult;
import dev.ledger.core.CreateTransferResult;
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.TransferFlags;
import dev.ledger.core.UInt128;
import dev.ledger.core.Wire;
import dev.ledger.journal.EntryKind;
import dev.ledger.journal.JournalEntry;
import dev.ledger.journal.JournalException;

/**
 * Writes journal entries as NDJSON, one object per line, with the field names and number formats of the HTTP
 * API: 128- and 64-bit values as decimal strings, {@code ledger}, {@code code}, {@code user_data_32} and
 * {@code timeout} as numbers, flags as arrays of names. Streams through a Jackson generator: memory use does not
 * depend on how many entries are written.
 * <p>
 * The one line format of the journal, shared by {@code ledger journal export} and {@code GET /v1/journal}:
 * {@code index}, {@code log_position} (numbers), {@code cluster_time_ns} (decimal string), {@code kind},
 * {@code batch_status}, {@code state_hash} (hex); for create kinds {@code events} and {@code results} (result
 * code names, one per event; empty when the batch was refused), for expiries {@code expired}; last
 * {@code checksum}, the entry's stored CRC32C in hex. It covers the previous entry's checksum too, so two
 * journals with the same checksum at an index hold the same history up to it.
 * <p>
 * Not thread-safe: one writer per output.
 */
public final class EntryJsonWriter implements AutoCloseable
{
    /** Closing the writer must leave its output open (stdout, an HTTP response). */
    private static final JsonFactory FACTORY = JsonFactory.builder()
        .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
        .build();
    private static final int FLAG_BITS = 16;
    private static final int EVENTS_INITIAL = 64;

    private final JsonGenerator json;
    /**
     * The events of the entry being written, as the ledger takes them (entries may store them packed); grown to
     * the largest entry written, at most {@link LedgerLimits#BATCH_EVENTS_MAX} events.
     */
    private final UnsafeBuffer events = new UnsafeBuffer(new byte[EVENTS_INITIAL * LedgerLimits.RECORD_LENGTH]);

    /**
     * A writer of characters.
     *
     * @param out where the lines go; left open by {@link #close()}.
     * @throws IOException when the output fails.
     */
    public EntryJsonWriter(final Writer out) throws IOException
    {
        this(FACTORY.createGenerator(out));
    }

    /**
     * A writer of UTF-8 bytes.
     *
     * @param out where the lines go; left open by {@link #close()}.
     * @throws IOException when the output fails.
     */
    public EntryJsonWriter(final OutputStream out) throws IOException
    {
        this(FACTORY.createGenerator(out, JsonEncoding.UTF8));
    }

    private EntryJsonWriter(final JsonGenerator json)
    {
        this.json = json;
        // Lines end with '\n' instead of Jackson's default space between root values.
        json.setRootValueSeparator(null);
    }

    /**
     * Writes one entry as one line.
     *
     * @param entry a sound entry of kind create_accounts, create_transfers or expire_pending_transfers.
     * @throws IOException when the output fails.
     * @throws JournalException when the entry's events do not decode (damage its checksum did not catch).
     */
    public void write(final JournalEntry entry) throws IOException
    {
        final int kind = entry.kind();
        json.writeStartObject();
        json.writeNumberField("index", entry.index());
        json.writeNumberField("log_position", entry.logPosition());
        json.writeStringField("cluster_time_ns", Long.toUnsignedString(entry.clusterTimeNs()));
        json.writeStringField("kind", EntryKind.name(kind));
        json.writeStringField("batch_status", batchStatusName(entry.batchStatus()));
        json.writeStringField("state_hash", Long.toHexString(entry.stateHash()));
        if (kind == EntryKind.CREATE_ACCOUNTS || kind == EntryKind.CREATE_TRANSFERS)
        {
            writeEvents(entry, kind == EntryKind.CREATE_ACCOUNTS);
        }
        else if (kind == EntryKind.EXPIRE_PENDING_TRANSFERS)
        {
            json.writeNumberField("expired", entry.expiredCount());
        }
        json.writeStringField("checksum", Long.toHexString(entry.checksum()));
        json.writeEndObject();
        json.writeRaw('\n');
    }

    private void writeEvents(final JournalEntry entry, final boolean accounts) throws IOException
    {
        final int count = entry.eventCount();
        if (events.capacity() < count * LedgerLimits.RECORD_LENGTH)
        {
            // A sound entry counts at most BATCH_EVENTS_MAX events (the reader checks its shape).
            events.wrap(new byte[count * LedgerLimits.RECORD_LENGTH]);
        }
        if (!entry.copyEvents(events, 0))
        {
            throw new JournalException(entry.index(), "its events do not decode to the " + count +
                " events it counts", null);
        }
        final DirectBuffer buffer = events;
        json.writeArrayFieldStart("events");
        for (int i = 0; i < count; i++)
        {
            final int offset = i * LedgerLimits.RECORD_LENGTH;
            if (accounts)
            {
                writeAccount(buffer, offset);
            }
            else
            {
                writeTransfer(buffer, offset);
            }
        }
        json.writeEndArray();
        // A refused batch (batch_status other than ok) applied nothing and recorded no results.
        final int results = entry.resultsLength() / Integer.BYTES;
        json.writeArrayFieldStart("results");
        for (int i = 0; i < results; i++)
        {
            json.writeString(accounts ? accountResultName(entry.result(i)) : transferResultName(entry.result(i)));
        }
        json.writeEndArray();
    }

    private void writeAccount(final DirectBuffer buffer, final int offset) throws IOException
    {
        json.writeStartObject();
        writeU128("id", buffer, offset + Wire.ID);
        writeU128("debits_pending", buffer, offset + Wire.ACCOUNT_DEBITS_PENDING);
        writeU128("debits_posted", buffer, offset + Wire.ACCOUNT_DEBITS_POSTED);
        writeU128("credits_pending", buffer, offset + Wire.ACCOUNT_CREDITS_PENDING);
        writeU128("credits_posted", buffer, offset + Wire.ACCOUNT_CREDITS_POSTED);
        writeU128("user_data_128", buffer, offset + Wire.USER_DATA_128);
        writeU64("user_data_64", buffer, offset + Wire.USER_DATA_64);
        writeU32("user_data_32", buffer, offset + Wire.USER_DATA_32);
        writeU32("ledger", buffer, offset + Wire.LEDGER);
        json.writeNumberField("code", buffer.getShort(offset + Wire.CODE, Wire.ORDER) & 0xFFFF);
        writeFlags(buffer.getShort(offset + Wire.FLAGS, Wire.ORDER) & 0xFFFF, true);
        writeU64("timestamp", buffer, offset + Wire.TIMESTAMP);
        json.writeEndObject();
    }

    private void writeTransfer(final DirectBuffer buffer, final int offset) throws IOException
    {
        json.writeStartObject();
        writeU128("id", buffer, offset + Wire.ID);
        writeU128("debit_account_id", buffer, offset + Wire.TRANSFER_DEBIT_ACCOUNT_ID);
        writeU128("credit_account_id", buffer, offset + Wire.TRANSFER_CREDIT_ACCOUNT_ID);
        writeU128("amount", buffer, offset + Wire.TRANSFER_AMOUNT);
        writeU128("pending_id", buffer, offset + Wire.TRANSFER_PENDING_ID);
        writeU128("user_data_128", buffer, offset + Wire.USER_DATA_128);
        writeU64("user_data_64", buffer, offset + Wire.USER_DATA_64);
        writeU32("user_data_32", buffer, offset + Wire.USER_DATA_32);
        writeU32("timeout", buffer, offset + Wire.TRANSFER_TIMEOUT);
        writeU32("ledger", buffer, offset + Wire.LEDGER);
        json.writeNumberField("code", buffer.getShort(offset + Wire.CODE, Wire.ORDER) & 0xFFFF);
        writeFlags(buffer.getShort(offset + Wire.FLAGS, Wire.ORDER) & 0xFFFF, false);
        writeU64("timestamp", buffer, offset + Wire.TIMESTAMP);
        json.writeEndObject();
    }

    private void writeU128(final String name, final DirectBuffer buffer, final int offset) throws IOException
    {
        json.writeStringField(name,
            UInt128.toString(buffer.getLong(offset, Wire.ORDER), buffer.getLong(offset + Long.BYTES, Wire.ORDER)));
    }

    private void writeU64(final String name, final DirectBuffer buffer, final int offset) throws IOException
    {
        json.writeStringField(name, Long.toUnsignedString(buffer.getLong(offset, Wire.ORDER)));
    }

    private void writeU32(final String name, final DirectBuffer buffer, final int offset) throws IOException
    {
        json.writeNumberField(name, Integer.toUnsignedLong(buffer.getInt(offset, Wire.ORDER)));
    }

    /** Known bits by their API name; a bit without one (rejected as reserved_flag) as {@code bit_N}. */
    private void writeFlags(final int flags, final boolean account) throws IOException
    {
        json.writeArrayFieldStart("flags");
        for (int bit = 0; bit < FLAG_BITS; bit++)
        {
            if ((flags & (1 << bit)) != 0)
            {
                final String name = account ? AccountFlags.name(bit) : TransferFlags.name(bit);
                json.writeString(name != null ? name : "bit_" + bit);
            }
        }
        json.writeEndArray();
    }

    private static String batchStatusName(final int status)
    {
        switch (status)
        {
            case BatchStatus.OK:
                return "ok";
            case BatchStatus.ACCOUNTS_FULL:
                return "accounts_full";
            case BatchStatus.TRANSFERS_FULL:
                return "transfers_full";
            default:
                return "unknown(" + status + ")";
        }
    }

    private static String accountResultName(final int code)
    {
        try
        {
            return CreateAccountResult.of(code).wireName();
        }
        catch (final IllegalArgumentException ex)
        {
            return "unknown(" + code + ")";
        }
    }

    private static String transferResultName(final int code)
    {
        try
        {
            return CreateTransferResult.of(code).wireName();
        }
        catch (final IllegalArgumentException ex)
        {
            return "unknown(" + code + ")";
        }
    }

    /**
     * Pushes buffered output to the output.
     *
     * @throws IOException when the output fails.
     */
    public void flush() throws IOException
    {
        json.flush();
    }

    /** Flushes and closes the generator; the output stays open. */
    @Override
    public void close() throws IOException
    {
        json.close();
    }
}
