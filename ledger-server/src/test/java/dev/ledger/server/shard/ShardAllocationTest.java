package dev.ledger.server.shard;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

import dev.ledger.core.BatchStatus;
import dev.ledger.core.LedgerConfig;
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.TransferFlags;
import dev.ledger.core.Wire;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shard machinery allocates nothing per event: around one million transfers on two shards, half of them
 * between the shards and some of them pending then posted, the shard threads and the submitting thread allocate
 * less than {@link #STRAY_BYTES_MAX} bytes, where one allocation per event or per batch would be megabytes.
 * <p>
 * Not zero: the JVM now and then charges a shard thread a few hundred bytes once (40-200 bytes seen) while it
 * is outside our code, in the agent runner's idle loop between batches (probes around {@code doWork} showed
 * nothing allocated inside it); the count does not grow with the number of events.
 */
class ShardAllocationTest implements ShardedLedger.Listener
{
    private static final int ACCOUNTS = 1_000;
    private static final int BATCH = LedgerLimits.BATCH_EVENTS_MAX;
    private static final int WARM_UP_BATCHES = 48;
    private static final int MEASURED_BATCHES = 1_000_000 / BATCH + 1;
    private static final long STRAY_BYTES_MAX = 1024;

    private final UnsafeBuffer events = new UnsafeBuffer(new byte[BATCH * LedgerLimits.RECORD_LENGTH]);
    private final SplittableRandom random = new SplittableRandom(7);
    private long nextTransferId = 1_000_000;
    private long clusterTimeNs = 1_800_000_000_000_000_000L;
    private long failures;
    private long delivered;

    @Test
    void shardsAndSubmitterDoNotAllocate()
    {
        final int transfersPerShard = (WARM_UP_BATCHES + MEASURED_BATCHES) * BATCH;
        final ShardConfig config = ShardConfig.of(2, new LedgerConfig(ACCOUNTS, transfersPerShard, LedgerConfig.HISTORY_MIN));
        try (ShardedLedger ledger = new ShardedLedger(config))
        {
            createAccounts(ledger);
            for (int i = 0; i < WARM_UP_BATCHES; i++)
            {
                submit(ledger, i);
            }
            drain(ledger);
            final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            final long[] ids = threadIds();
            final long[] before = new long[ids.length];
            for (int i = 0; i < ids.length; i++)
            {
                before[i] = threads.getThreadAllocatedBytes(ids[i]);
            }
            for (int i = 0; i < MEASURED_BATCHES; i++)
            {
                submit(ledger, i);
            }
            drain(ledger);
            final long[] after = new long[ids.length];
            for (int i = 0; i < ids.length; i++)
            {
                after[i] = threads.getThreadAllocatedBytes(ids[i]);
            }
            for (int i = 0; i < ids.length; i++)
            {
                final long allocated = after[i] - before[i];
                assertThat(allocated).as("bytes allocated by thread %d around %d transfers", ids[i], MEASURED_BATCHES * BATCH)
                    .isLessThan(STRAY_BYTES_MAX);
            }
            assertThat(failures).as("events that did not apply").isZero();
            assertThat(delivered).isEqualTo(1 + WARM_UP_BATCHES + MEASURED_BATCHES);
        }
    }

    private long[] threadIds()
    {
        final long[] ids = new long[3];
        int n = 0;
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (thread.getName().startsWith("shard-"))
            {
                ids[n++] = thread.getId();
            }
        }
        ids[n++] = Thread.currentThread().getId();
        assertThat(n).isEqualTo(3);
        return ids;
    }

    private void createAccounts(final ShardedLedger ledger)
    {
        for (int i = 0; i < ACCOUNTS; i++)
        {
            final int offset = i * LedgerLimits.RECORD_LENGTH;
            events.putLong(offset + Wire.ID, i + 1, Wire.ORDER);
            events.putInt(offset + Wire.LEDGER, 1, Wire.ORDER);
            events.putShort(offset + Wire.CODE, (short)1, Wire.ORDER);
        }
        while (ledger.submitAccounts(clusterTimeNs, events, 0, ACCOUNTS) < 0)
        {
            ledger.poll(this);
        }
    }

    /** Every 8 events: 6 single-phase transfers, a pending transfer and its post; accounts at random. */
    private void submit(final ShardedLedger ledger, final int batch)
    {
        clusterTimeNs += 1_000_000_000L;
        events.setMemory(0, BATCH * LedgerLimits.RECORD_LENGTH, (byte)0);
        for (int i = 0; i < BATCH; i++)
        {
            final int offset = i * LedgerLimits.RECORD_LENGTH;
            final long id = nextTransferId++;
            events.putLong(offset + Wire.ID, id, Wire.ORDER);
            if (i % 8 == 7)
            {
                events.putLong(offset + Wire.TRANSFER_PENDING_ID, id - 1, Wire.ORDER);
                events.putShort(offset + Wire.FLAGS, (short)TransferFlags.POST_PENDING_TRANSFER, Wire.ORDER);
                events.putLong(offset + Wire.TRANSFER_AMOUNT, -1L, Wire.ORDER);
                events.putLong(offset + Wire.TRANSFER_AMOUNT + 8, -1L, Wire.ORDER);
                continue;
            }
            final long debit = 1 + random.nextInt(ACCOUNTS);
            long credit = 1 + random.nextInt(ACCOUNTS);
            credit = credit == debit ? 1 + credit % ACCOUNTS : credit;
            events.putLong(offset + Wire.TRANSFER_DEBIT_ACCOUNT_ID, debit, Wire.ORDER);
            events.putLong(offset + Wire.TRANSFER_CREDIT_ACCOUNT_ID, credit, Wire.ORDER);
            events.putLong(offset + Wire.TRANSFER_AMOUNT, 1, Wire.ORDER);
            events.putInt(offset + Wire.LEDGER, 1, Wire.ORDER);
            events.putShort(offset + Wire.CODE, (short)1, Wire.ORDER);
            events.putShort(offset + Wire.FLAGS, (short)(i % 8 == 6 ? TransferFlags.PENDING : 0), Wire.ORDER);
        }
        while (ledger.submitTransfers(clusterTimeNs, events, 0, BATCH) < 0)
        {
            ledger.poll(this);
        }
    }

    private void drain(final ShardedLedger ledger)
    {
        while (ledger.inFlight() > 0)
        {
            ledger.poll(this);
        }
    }

    @Override
    public void onBatch(final long item, final int status, final DirectBuffer results, final int count,
        final int expired)
    {
        delivered++;
        failures += status == BatchStatus.OK ? 0 : 1;
        for (int i = 0; i < count; i++)
        {
            failures += results.getInt(i * LedgerLimits.RESULT_LENGTH, Wire.ORDER) == 0 ? 0 : 1;
        }
    }
}
