package dev.ledger.server.http;

import java.lang.management.ManagementFactory;
import java.math.BigInteger;

import dev.ledger.core.AccountFlags;
import dev.ledger.core.BatchStatus;
import dev.ledger.core.CreateAccountResult;
import dev.ledger.core.CreateTransferResult;
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.TransferFlags;
import dev.ledger.core.UInt128;
import dev.ledger.core.Wire;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static dev.ledger.server.http.CodecTestSupport.putU128;
import static dev.ledger.server.http.CodecTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResponseWriterTest
{
    private static final String ZERO_TRANSFER =
        "{\"id\":\"0\",\"debit_account_id\":\"0\",\"credit_account_id\":\"0\"," +
        "\"amount\":\"0\",\"pending_id\":\"0\",\"user_data_128\":\"0\",\"user_data_64\":\"0\",\"user_data_32\":0," +
        "\"timeout\":0,\"ledger\":0,\"code\":0,\"flags\":[],\"timestamp\":\"0\"}";

    private final ResponseWriter writer = new ResponseWriter();
    private final UnsafeBuffer records =
        new UnsafeBuffer(new byte[LedgerLimits.BATCH_EVENTS_MAX * LedgerLimits.RECORD_LENGTH]);
    private final UnsafeBuffer filter = new UnsafeBuffer(new byte[LedgerLimits.RECORD_LENGTH]);

    @Test
    void writesCreateResultsByName()
    {
        final UnsafeBuffer results = new UnsafeBuffer(new byte[16]);
        results.putInt(4, CreateAccountResult.OK.code(), Wire.ORDER);
        results.putInt(8, CreateAccountResult.ID_MUST_NOT_BE_ZERO.code(), Wire.ORDER);
        results.putInt(12, CreateAccountResult.IMPORTED_EVENT_TIMESTAMP_MUST_NOT_REGRESS.code(), Wire.ORDER);
        assertThat(writer.createAccountResults(3, BatchStatus.OK, results, 4)).isEqualTo(writer.length());
        assertThat(text(writer)).isEqualTo("{\"results\":[{\"index\":0,\"result\":\"ok\"}," +
            "{\"index\":1,\"result\":\"id_must_not_be_zero\"}," +
            "{\"index\":2,\"result\":\"imported_event_timestamp_must_not_regress\"}]}");

        results.putInt(0, CreateTransferResult.EXCEEDS_CREDITS.code(), Wire.ORDER);
        results.putInt(4, CreateTransferResult.LINKED_EVENT_FAILED.code(), Wire.ORDER);
        writer.createTransferResults(2, BatchStatus.OK, results, 0);
        assertThat(text(writer)).isEqualTo("{\"results\":[{\"index\":0,\"result\":\"exceeds_credits\"}," +
            "{\"index\":1,\"result\":\"linked_event_failed\"}]}");

        writer.createTransferResults(0, BatchStatus.OK, results, 0);
        assertThat(text(writer)).isEqualTo("{\"results\":[]}");
    }

    @Test
    void namesEveryResultCodeAsTheCoreDoes()
    {
        final UnsafeBuffer results = new UnsafeBuffer(new byte[4]);
        for (final CreateTransferResult result : CreateTransferResult.values())
        {
            results.putInt(0, result.code(), Wire.ORDER);
            writer.createTransferResults(1, BatchStatus.OK, results, 0);
            assertThat(text(writer)).contains("\"result\":\"" + result.wireName() + "\"");
        }
        for (final CreateAccountResult result : CreateAccountResult.values())
        {
            results.putInt(0, result.code(), Wire.ORDER);
            writer.createAccountResults(1, BatchStatus.OK, results, 0);
            assertThat(text(writer)).contains("\"result\":\"" + result.wireName() + "\"");
        }
    }

    @Test
    void refusesBatchesThatHaveNoResults()
    {
        final UnsafeBuffer results = new UnsafeBuffer(new byte[4]);
        assertThatThrownBy(() -> writer.createAccountResults(1, BatchStatus.ACCOUNTS_FULL, results, 0))
            .isInstanceOf(IllegalArgumentException.class);
        results.putInt(0, 999, Wire.ORDER);
        assertThatThrownBy(() -> writer.createAccountResults(1, BatchStatus.OK, results, 0))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesAnAccountWithEveryField()
    {
        putU128(records, Wire.ID, UInt128.MAX);
        putU128(records, Wire.ACCOUNT_DEBITS_PENDING, BigInteger.ONE.shiftLeft(64));
        putU128(records, Wire.ACCOUNT_DEBITS_POSTED, BigInteger.valueOf(2));
        putU128(records, Wire.ACCOUNT_CREDITS_PENDING, BigInteger.valueOf(3));
        putU128(records, Wire.ACCOUNT_CREDITS_POSTED, BigInteger.valueOf(4));
        putU128(records, Wire.USER_DATA_128, BigInteger.valueOf(5));
        records.putLong(Wire.USER_DATA_64, -1L, Wire.ORDER);
        records.putInt(Wire.USER_DATA_32, -1, Wire.ORDER);
        records.putInt(Wire.LEDGER, 7, Wire.ORDER);
        records.putShort(Wire.CODE, (short)-1, Wire.ORDER);
        records.putShort(Wire.FLAGS, (short)(AccountFlags.LINKED | AccountFlags.HISTORY | AccountFlags.CLOSED),
            Wire.ORDER);
        records.putLong(Wire.TIMESTAMP, Long.MAX_VALUE, Wire.ORDER);
        writer.account(records, 0);
        assertThat(text(writer)).isEqualTo("{\"id\":\"340282366920938463463374607431768211455\"," +
            "\"debits_pending\":\"18446744073709551616\",\"debits_posted\":\"2\",\"credits_pending\":\"3\"," +
            "\"credits_posted\":\"4\",\"user_data_128\":\"5\",\"user_data_64\":\"18446744073709551615\"," +
            "\"user_data_32\":4294967295,\"ledger\":7,\"code\":65535,\"flags\":[\"linked\",\"history\",\"closed\"]," +
            "\"timestamp\":\"9223372036854775807\"}");
    }

    @Test
    void writesATransferWithEveryField()
    {
        records.setMemory(128, 128, (byte)0);
        writer.transfer(records, 128);
        assertThat(text(writer)).isEqualTo(ZERO_TRANSFER);

        putU128(records, 128 + Wire.TRANSFER_AMOUNT, BigInteger.TEN.pow(30));
        records.putInt(128 + Wire.TRANSFER_TIMEOUT, 60, Wire.ORDER);
        records.putShort(128 + Wire.FLAGS, (short)TransferFlags.ALL, Wire.ORDER);
        writer.transfer(records, 128);
        assertThat(text(writer)).contains("\"amount\":\"1000000000000000000000000000000\"", "\"timeout\":60",
            "\"flags\":[\"linked\",\"pending\",\"post_pending_transfer\",\"void_pending_transfer\"," +
            "\"balancing_debit\",\"balancing_credit\",\"closing_debit\",\"closing_credit\",\"imported\"]");
    }

    @Test
    void writesLookupsWithoutACursor()
    {
        records.setMemory(0, 256, (byte)0);
        writer.transfers(records, 0, 2);
        assertThat(text(writer)).isEqualTo("{\"transfers\":[" + ZERO_TRANSFER + "," + ZERO_TRANSFER + "]}");
        writer.accounts(records, 0, 0);
        assertThat(text(writer)).isEqualTo("{\"accounts\":[]}");
    }

    @Test
    void writesPagesWithTheirCursor()
    {
        records.setMemory(0, 3 * 128, (byte)0);
        for (int i = 0; i < 3; i++)
        {
            records.putLong(i * 128 + Wire.TIMESTAMP, 100 + i, Wire.ORDER);
        }
        queryFilter(3, false, 0, 0);
        writer.queryTransfersPage(records, 0, 3, filter, 0);
        assertThat(text(writer)).endsWith("],\"next\":\"103\"}").startsWith("{\"transfers\":[{");
        writer.queryAccountsPage(records, 0, 2, filter, 0);
        assertThat(text(writer)).endsWith("],\"next\":null}").startsWith("{\"accounts\":[{");
        queryFilter(3, true, 0, 0);
        writer.queryAccountsPage(records, 0, 3, filter, 0);
        assertThat(text(writer)).endsWith("\"next\":\"101\"}");
        writer.queryAccountsPage(records, 0, 0, filter, 0);
        assertThat(text(writer)).isEqualTo("{\"accounts\":[],\"next\":null}");

        accountFilter(3, false, 0, 0);
        writer.accountTransfersPage(records, 0, 3, filter, 0);
        assertThat(text(writer)).endsWith("\"next\":\"103\"}");
        accountFilter(3, false, 0, 102);
        writer.accountTransfersPage(records, 0, 3, filter, 0);
        assertThat(text(writer)).as("the next page would start past timestamp_max").endsWith("\"next\":null}");
    }

    @Test
    void writesBalancePages()
    {
        records.setMemory(0, 128, (byte)0);
        putU128(records, Wire.BALANCE_DEBITS_PENDING, BigInteger.ONE);
        putU128(records, Wire.BALANCE_DEBITS_POSTED, BigInteger.TWO);
        putU128(records, Wire.BALANCE_CREDITS_PENDING, BigInteger.valueOf(3));
        putU128(records, Wire.BALANCE_CREDITS_POSTED, UInt128.MAX);
        records.putLong(Wire.BALANCE_TIMESTAMP, 55, Wire.ORDER);
        accountFilter(1, true, 0, 0);
        writer.accountBalancesPage(records, 0, 1, filter, 0);
        assertThat(text(writer)).isEqualTo("{\"balances\":[{\"timestamp\":\"55\",\"debits_pending\":\"1\"," +
            "\"debits_posted\":\"2\",\"credits_pending\":\"3\"," +
            "\"credits_posted\":\"340282366920938463463374607431768211455\"}],\"next\":\"54\"}");
    }

    @Test
    void allocatesNothingPerField()
    {
        final UnsafeBuffer filled = new UnsafeBuffer(new byte[LedgerLimits.BATCH_EVENTS_MAX * 128]);
        for (int i = 0; i < LedgerLimits.BATCH_EVENTS_MAX; i++)
        {
            for (int offset = 0; offset < 128; offset += 8)
            {
                filled.putLong(i * 128 + offset, -1L - i, Wire.ORDER);
            }
        }
        accountFilter(LedgerLimits.BATCH_EVENTS_MAX, false, 0, 0);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++)
        {
            final long before = threads.getThreadAllocatedBytes(thread);
            writer.accountTransfersPage(filled, 0, LedgerLimits.BATCH_EVENTS_MAX, filter, 0);
            allocated = Math.min(allocated, threads.getThreadAllocatedBytes(thread) - before);
        }
        // 8189 transfers of 13 fields: one object per field would be megabytes; the generator itself is a few KiB.
        assertThat(writer.length()).isGreaterThan(LedgerLimits.BATCH_EVENTS_MAX * 500);
        assertThat(allocated).isLessThan(64 * 1024);
    }

    private void queryFilter(final int limit, final boolean reversed, final long min, final long max)
    {
        filter.setMemory(0, filter.capacity(), (byte)0);
        filter.putInt(Wire.QUERY_LIMIT, limit, Wire.ORDER);
        filter.putInt(Wire.QUERY_FLAGS, reversed ? Wire.QUERY_REVERSED : 0, Wire.ORDER);
        filter.putLong(Wire.QUERY_TIMESTAMP_MIN, min, Wire.ORDER);
        filter.putLong(Wire.QUERY_TIMESTAMP_MAX, max, Wire.ORDER);
    }

    private void accountFilter(final int limit, final boolean reversed, final long min, final long max)
    {
        filter.setMemory(0, filter.capacity(), (byte)0);
        filter.putInt(Wire.FILTER_LIMIT, limit, Wire.ORDER);
        filter.putInt(Wire.FILTER_FLAGS, Wire.FILTER_DEBITS | (reversed ? Wire.FILTER_REVERSED : 0), Wire.ORDER);
        filter.putLong(Wire.FILTER_TIMESTAMP_MIN, min, Wire.ORDER);
        filter.putLong(Wire.FILTER_TIMESTAMP_MAX, max, Wire.ORDER);
    }
}
