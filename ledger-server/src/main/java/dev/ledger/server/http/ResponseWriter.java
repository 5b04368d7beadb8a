package dev.ledger.server.http;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.ledger.core.BatchStatus;
import dev.ledger.core.CreateAccountResult;
import dev.ledger.core.CreateTransferResult;
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.Wire;
import org.agrona.DirectBuffer;

/**
 * Writes the JSON answers of the HTTP API from the binary records of {@link Wire}: create results, single
 * records, lookups and pages with their {@code next} cursor. u128 and u64 values are decimal strings, u32 and
 * u16 values numbers, flags arrays of names.
 * <p>
 * Every method writes one complete body into a reused buffer and returns its length; the bytes are
 * {@code buffer()[0, length)} until the next call. Field names and result names are encoded once, and decimal
 * digits go through a reused {@code char[]}, so nothing is allocated per field. Not thread-safe: one per thread.
 */
final class ResponseWriter
{
    private static final SerializedString RESULTS = new SerializedString("results");
    private static final SerializedString INDEX = new SerializedString("index");
    private static final SerializedString RESULT = new SerializedString("result");
    private static final SerializedString ACCOUNTS = new SerializedString("accounts");
    private static final SerializedString TRANSFERS = new SerializedString("transfers");
    private static final SerializedString BALANCES = new SerializedString("balances");
    private static final SerializedString NEXT = new SerializedString("next");
    private static final SerializedString[] ACCOUNT_RESULTS = accountResultNames();
    private static final SerializedString[] TRANSFER_RESULTS = transferResultNames();

    private final JsonOutput output = new JsonOutput(64 * 1024);
    private final RecordWriter recordWriter = new RecordWriter();

    /** @return the bytes of the last body, valid up to {@link #length()} and until the next call. */
    byte[] buffer()
    {
        return output.buffer();
    }

    /** @return the length of the last body. */
    int length()
    {
        return output.length();
    }

    /**
     * {@code {"results":[{"index":0,"result":"ok"},...]}} for a create_accounts batch.
     *
     * @param count   events in the batch.
     * @param status  the batch status; must be {@link BatchStatus#OK} (other statuses are not 200 answers).
     * @param results {@code count} little-endian int32 result codes.
     * @param offset  where the first code is.
     * @return the body's length.
     */
    int createAccountResults(final int count, final int status, final DirectBuffer results, final int offset)
    {
        return createResults(ACCOUNT_RESULTS, count, status, results, offset);
    }

    /**
     * {@code {"results":[{"index":0,"result":"ok"},...]}} for a create_transfers batch.
     *
     * @param count   events in the batch.
     * @param status  the batch status; must be {@link BatchStatus#OK} (other statuses are not 200 answers).
     * @param results {@code count} little-endian int32 result codes.
     * @param offset  where the first code is.
     * @return the body's length.
     */
    int createTransferResults(final int count, final int status, final DirectBuffer results, final int offset)
    {
        return createResults(TRANSFER_RESULTS, count, status, results, offset);
    }

    /**
     * One account as a bare object ({@code GET /v1/accounts/{id}}).
     *
     * @param record the buffer holding the record.
     * @param offset where the record starts.
     * @return the body's length.
     */
    int account(final DirectBuffer record, final int offset)
    {
        return single(RecordSchema.ACCOUNT, record, offset);
    }

    /**
     * One transfer as a bare object ({@code GET /v1/transfers/{id}}).
     *
     * @param record the buffer holding the record.
     * @param offset where the record starts.
     * @return the body's length.
     */
    int transfer(final DirectBuffer record, final int offset)
    {
        return single(RecordSchema.TRANSFER, record, offset);
    }

    /**
     * {@code {"accounts":[...]}}, the answer of a lookup (no cursor).
     *
     * @param records the buffer holding {@code count} consecutive 128-byte records.
     * @param offset  where the first starts.
     * @param count   how many.
     * @return the body's length.
     */
    int accounts(final DirectBuffer records, final int offset, final int count)
    {
        return list(ACCOUNTS, RecordSchema.ACCOUNT, records, offset, count, false, 0);
    }

    /**
     * {@code {"transfers":[...]}}, the answer of a lookup (no cursor).
     *
     * @param records the buffer holding {@code count} consecutive 128-byte records.
     * @param offset  where the first starts.
     * @param count   how many.
     * @return the body's length.
     */
    int transfers(final DirectBuffer records, final int offset, final int count)
    {
        return list(TRANSFERS, RecordSchema.TRANSFER, records, offset, count, false, 0);
    }

    /**
     * {@code {"accounts":[...],"next":...}}, a page of {@code POST /v1/accounts/query}.
     *
     * @param records      the buffer holding {@code count} consecutive 128-byte account records.
     * @param offset       where the first starts.
     * @param count        how many.
     * @param filter       the QueryFilter the rows answer (its limit, direction and bounds make the cursor).
     * @param filterOffset where the filter starts.
     * @return the body's length.
     */
    int queryAccountsPage(
        final DirectBuffer records,
        final int offset,
        final int count,
        final DirectBuffer filter,
        final int filterOffset)
    {
        return list(ACCOUNTS, RecordSchema.ACCOUNT, records, offset, count, true,
            PageCursor.afterQuery(RecordSchema.ACCOUNT, records, offset, count, filter, filterOffset));
    }

    /**
     * {@code {"transfers":[...],"next":...}}, a page of {@code POST /v1/transfers/query}.
     *
     * @param records      the buffer holding {@code count} consecutive 128-byte transfer records.
     * @param offset       where the first starts.
     * @param count        how many.
     * @param filter       the QueryFilter the rows answer (its limit, direction and bounds make the cursor).
     * @param filterOffset where the filter starts.
     * @return the body's length.
     */
    int queryTransfersPage(
        final DirectBuffer records,
        final int offset,
        final int count,
        final DirectBuffer filter,
        final int filterOffset)
    {
        return list(TRANSFERS, RecordSchema.TRANSFER, records, offset, count, true,
            PageCursor.afterQuery(RecordSchema.TRANSFER, records, offset, count, filter, filterOffset));
    }

    /**
     * {@code {"transfers":[...],"next":...}}, a page of {@code GET /v1/accounts/{id}/transfers}.
     *
     * @param records      the buffer holding {@code count} consecutive 128-byte transfer records.
     * @param offset       where the first starts.
     * @param count        how many.
     * @param filter       the AccountFilter the rows answer (its limit, direction and bounds make the cursor).
     * @param filterOffset where the filter starts.
     * @return the body's length.
     */
    int accountTransfersPage(
        final DirectBuffer records,
        final int offset,
        final int count,
        final DirectBuffer filter,
        final int filterOffset)
    {
        return list(TRANSFERS, RecordSchema.TRANSFER, records, offset, count, true,
            PageCursor.afterAccountFilter(RecordSchema.TRANSFER, records, offset, count, filter, filterOffset));
    }

    /**
     * {@code {"balances":[{"timestamp":..,"debits_pending":..,...}],"next":...}}, a page of
     * {@code GET /v1/accounts/{id}/balances}.
     *
     * @param records      the buffer holding {@code count} consecutive 128-byte AccountBalance records.
     * @param offset       where the first starts.
     * @param count        how many.
     * @param filter       the AccountFilter the rows answer (its limit, direction and bounds make the cursor).
     * @param filterOffset where the filter starts.
     * @return the body's length.
     */
    int accountBalancesPage(
        final DirectBuffer records,
        final int offset,
        final int count,
        final DirectBuffer filter,
        final int filterOffset)
    {
        return list(BALANCES, RecordSchema.BALANCE, records, offset, count, true,
            PageCursor.afterAccountFilter(RecordSchema.BALANCE, records, offset, count, filter, filterOffset));
    }

    private int createResults(
        final SerializedString[] names,
        final int count,
        final int status,
        final DirectBuffer results,
        final int offset)
    {
        if (status != BatchStatus.OK)
        {
            throw new IllegalArgumentException("batch status " + status + " has no per-event results");
        }
        try (JsonGenerator generator = start())
        {
            generator.writeStartObject();
            generator.writeFieldName(RESULTS);
            generator.writeStartArray();
            for (int i = 0; i < count; i++)
            {
                final int code = results.getInt(offset + i * LedgerLimits.RESULT_LENGTH, Wire.ORDER);
                if (code < 0 || code >= names.length)
                {
                    throw new IllegalArgumentException("unknown result code " + code + " at index " + i);
                }
                generator.writeStartObject();
                generator.writeFieldName(INDEX);
                generator.writeNumber(i);
                generator.writeFieldName(RESULT);
                generator.writeString(names[code]);
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeEndObject();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return output.length();
    }

    private int single(final RecordSchema schema, final DirectBuffer record, final int offset)
    {
        try (JsonGenerator generator = start())
        {
            recordWriter.write(generator, schema, record, offset);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return output.length();
    }

    /** A list; when {@code paged}, followed by its cursor ({@code next}; 0 is written as null). */
    private int list(
        final SerializedString key,
        final RecordSchema schema,
        final DirectBuffer records,
        final int offset,
        final int count,
        final boolean paged,
        final long next)
    {
        try (JsonGenerator generator = start())
        {
            generator.writeStartObject();
            generator.writeFieldName(key);
            generator.writeStartArray();
            for (int i = 0; i < count; i++)
            {
                recordWriter.write(generator, schema, records, offset + i * LedgerLimits.RECORD_LENGTH);
            }
            generator.writeEndArray();
            if (paged)
            {
                generator.writeFieldName(NEXT);
                if (next == 0)
                {
                    generator.writeNull();
                }
                else
                {
                    recordWriter.writeDecimal(generator, next, 0);
                }
            }
            generator.writeEndObject();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return output.length();
    }

    private JsonGenerator start() throws IOException
    {
        output.reset();
        return Json.FACTORY.createGenerator(output);
    }

    private static SerializedString[] accountResultNames()
    {
        final CreateAccountResult[] values = CreateAccountResult.values();
        final SerializedString[] names = new SerializedString[values.length];
        for (final CreateAccountResult value : values)
        {
            names[value.code()] = new SerializedString(value.wireName());
        }
        return names;
    }

    private static SerializedString[] transferResultNames()
    {
        final CreateTransferResult[] values = CreateTransferResult.values();
        final SerializedString[] names = new SerializedString[values.length];
        for (final CreateTransferResult value : values)
        {
            names[value.code()] = new SerializedString(value.wireName());
        }
        return names;
    }
}
