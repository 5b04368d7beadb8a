package dev.ledger.server.http;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import dev.ledger.core.AccountFlags;
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.TransferFlags;
import dev.ledger.core.Wire;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static dev.ledger.server.http.CodecTestSupport.putU128;
import static dev.ledger.server.http.CodecTestSupport.randomU128;
import static dev.ledger.server.http.CodecTestSupport.randomU64;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records to JSON and back give the same bytes, for seeded random records biased to edge values (0, 1, 2^53-1,
 * 2^53, 2^64-1, 2^128-1 and their neighbours), both through the single-record writer and through the list
 * envelope.
 */
class CodecRoundTripTest
{
    private static final int RECORDS = 600;

    private final UnsafeBuffer records = new UnsafeBuffer(new byte[RECORDS * LedgerLimits.RECORD_LENGTH]);
    private final UnsafeBuffer parsed =
        new UnsafeBuffer(new byte[LedgerLimits.BATCH_EVENTS_MAX * LedgerLimits.RECORD_LENGTH]);
    private final ResponseWriter writer = new ResponseWriter();

    @Test
    void accountsSurviveARoundTrip()
    {
        roundTrip(RecordSchema.ACCOUNT, AccountFlags.ALL, "accounts");
    }

    @Test
    void transfersSurviveARoundTrip()
    {
        roundTrip(RecordSchema.TRANSFER, TransferFlags.ALL, "transfers");
    }

    private void roundTrip(final RecordSchema schema, final int flagsAll, final String key)
    {
        final long seed = CodecTestSupport.seed("CodecRoundTripTest " + key);
        final SplittableRandom random = new SplittableRandom(seed);
        records.setMemory(0, records.capacity(), (byte)0);
        for (int i = 0; i < RECORDS; i++)
        {
            fill(schema, flagsAll, random, i * LedgerLimits.RECORD_LENGTH);
        }

        // One object at a time, joined into the array a client would send.
        final StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < RECORDS; i++)
        {
            if (schema == RecordSchema.ACCOUNT)
            {
                writer.account(records, i * LedgerLimits.RECORD_LENGTH);
            }
            else
            {
                writer.transfer(records, i * LedgerLimits.RECORD_LENGTH);
            }
            body.append(i == 0 ? "" : ",").append(CodecTestSupport.text(writer));
        }
        assertSameRecords(schema, body.append(']').toString(), seed);

        // The lookup envelope holds the same array.
        if (schema == RecordSchema.ACCOUNT)
        {
            writer.accounts(records, 0, RECORDS);
        }
        else
        {
            writer.transfers(records, 0, RECORDS);
        }
        final String list = CodecTestSupport.text(writer);
        final String prefix = "{\"" + key + "\":";
        assertThat(list).startsWith(prefix).endsWith("}");
        assertSameRecords(schema, list.substring(prefix.length(), list.length() - 1), seed);
    }

    private void assertSameRecords(final RecordSchema schema, final String json, final long seed)
    {
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        parsed.setMemory(0, parsed.capacity(), (byte)0x5A);
        final int count = schema == RecordSchema.ACCOUNT ?
            EventsParser.accounts(bytes, 0, bytes.length, parsed, 0) :
            EventsParser.transfers(bytes, 0, bytes.length, parsed, 0);
        assertThat(count).as("seed %d", seed).isEqualTo(RECORDS);
        for (int i = 0; i < RECORDS; i++)
        {
            final int offset = i * LedgerLimits.RECORD_LENGTH;
            final byte[] expected = new byte[LedgerLimits.RECORD_LENGTH];
            final byte[] actual = new byte[LedgerLimits.RECORD_LENGTH];
            records.getBytes(offset, expected);
            parsed.getBytes(offset, actual);
            assertThat(actual).as("seed %d record %d", seed, i).isEqualTo(expected);
        }
    }

    private void fill(
        final RecordSchema schema, final int flagsAll, final SplittableRandom random, final int recordOffset)
    {
        for (int field = 0; field < schema.fieldCount(); field++)
        {
            final int offset = recordOffset + schema.offset(field);
            switch (schema.kind(field))
            {
                case U128:
                    putU128(records, offset, randomU128(random));
                    break;
                case U64:
                    records.putLong(offset, randomU64(random).longValue(), Wire.ORDER);
                    break;
                case U32:
                    records.putInt(offset, random.nextBoolean() ? random.nextInt() : random.nextInt(3) - 1,
                        Wire.ORDER);
                    break;
                case U16:
                    records.putShort(offset, (short)(random.nextBoolean() ? random.nextInt() : random.nextInt(3) - 1),
                        Wire.ORDER);
                    break;
                case FLAGS:
                    records.putShort(offset, (short)(random.nextInt() & flagsAll), Wire.ORDER);
                    break;
                default:
                    throw new IllegalStateException();
            }
        }
    }
}
