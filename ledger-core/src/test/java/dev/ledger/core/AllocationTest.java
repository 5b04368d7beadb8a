package dev.ledger.core;

import java.lang.management.ManagementFactory;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Applying events allocates nothing: bytes allocated by the applying thread around one million applied
 * transfers (single-phase, pending then posted or voided, linked chains), after warm-up, must be zero.
 */
class AllocationTest
{
    private static final int ACCOUNTS = 1_000;
    private static final int BATCH = LedgerLimits.BATCH_EVENTS_MAX;
    private static final int WARM_UP_BATCHES = 40;
    private static final int MEASURED_BATCHES = 1_000_000 / BATCH + 1;
    private static final int LEDGER_ID = 1;

    private final UnsafeBuffer events = new UnsafeBuffer(new byte[BATCH * LedgerLimits.RECORD_LENGTH]);
    private final UnsafeBuffer results = new UnsafeBuffer(new byte[BATCH * LedgerLimits.RESULT_LENGTH]);
    private long nextTransferId = 1_000_000;
    private long clusterTimeNs = 1_000_000_000L;

    @Test
    void shouldNotAllocateWhileApplyingTransfers()
    {
        final int transfersMax = (WARM_UP_BATCHES + MEASURED_BATCHES) * BATCH;
        final Ledger ledger = new Ledger(new LedgerConfig(ACCOUNTS, transfersMax, LedgerConfig.HISTORY_MIN));
        createAccounts(ledger);

        long failures = 0;
        for (int i = 0; i < WARM_UP_BATCHES; i++)
        {
            failures += applyBatch(ledger, i);
        }
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        threads.getThreadAllocatedBytes(threadId);

        final long before = threads.getThreadAllocatedBytes(threadId);
        for (int i = 0; i < MEASURED_BATCHES; i++)
        {
            failures += applyBatch(ledger, i);
        }
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        assertThat(failures).as("events that did not apply").isZero();
        assertThat(ledger.transferCount()).isEqualTo((WARM_UP_BATCHES + MEASURED_BATCHES) * BATCH);
        assertThat(allocated).as("bytes allocated around %d applied transfers", MEASURED_BATCHES * BATCH).isZero();
    }

    private void createAccounts(final Ledger ledger)
    {
        for (int i = 0; i < ACCOUNTS; i++)
        {
            final int offset = i * LedgerLimits.RECORD_LENGTH;
            events.setMemory(offset, LedgerLimits.RECORD_LENGTH, (byte)0);
            events.putLong(offset + Wire.ID, i + 1, Wire.ORDER);
            events.putInt(offset + Wire.LEDGER, LEDGER_ID, Wire.ORDER);
            events.putShort(offset + Wire.CODE, (short)1, Wire.ORDER);
        }
        assertThat(ledger.createAccounts(clusterTimeNs, events, 0, ACCOUNTS, results, 0)).isEqualTo(BatchStatus.OK);
    }

    /**
     * Fills and applies one batch: in every group of 8 events, 4 single-phase transfers, a pending transfer and
     * its post, and a linked pair; returns how many events did not answer ok. Allocation-free.
     */
    private int applyBatch(final Ledger ledger, final int batch)
    {
        events.setMemory(0, BATCH * LedgerLimits.RECORD_LENGTH, (byte)0);
        for (int i = 0; i < BATCH; i++)
        {
            final int offset = i * LedgerLimits.RECORD_LENGTH;
            final long id = nextTransferId++;
            final long debit = 1 + (id * 7919 + batch) % ACCOUNTS;
            final long credit = 1 + (debit + 1 + id % (ACCOUNTS - 1)) % ACCOUNTS;
            final int slot = i % 8;
            events.putLong(offset + Wire.ID, id, Wire.ORDER);
            events.putInt(offset + Wire.LEDGER, LEDGER_ID, Wire.ORDER);
            events.putShort(offset + Wire.CODE, (short)1, Wire.ORDER);
            events.putLong(offset + Wire.TRANSFER_AMOUNT, 1 + id % 100, Wire.ORDER);
            events.putLong(offset + Wire.TRANSFER_DEBIT_ACCOUNT_ID, debit, Wire.ORDER);
            events.putLong(offset + Wire.TRANSFER_CREDIT_ACCOUNT_ID, credit == debit ? debit % ACCOUNTS + 1 : credit,
                Wire.ORDER);
            if (slot == 4 && i + 1 < BATCH)
            {
                events.putShort(offset + Wire.FLAGS, (short)TransferFlags.PENDING, Wire.ORDER);
                events.putInt(offset + Wire.TRANSFER_TIMEOUT, 3600, Wire.ORDER);
            }
            else if (slot == 5 && i > 0)
            {
                events.putLong(offset + Wire.TRANSFER_DEBIT_ACCOUNT_ID, 0, Wire.ORDER);
                events.putLong(offset + Wire.TRANSFER_CREDIT_ACCOUNT_ID, 0, Wire.ORDER);
                events.putLong(offset + Wire.TRANSFER_PENDING_ID, id - 1, Wire.ORDER);
                events.putLong(offset + Wire.TRANSFER_AMOUNT, (id & 1) == 0 ? -1L : 0, Wire.ORDER);
                events.putLong(offset + Wire.TRANSFER_AMOUNT + 8, (id & 1) == 0 ? -1L : 0, Wire.ORDER);
                final int flag = (id & 1) == 0 ? TransferFlags.POST_PENDING_TRANSFER : TransferFlags.VOID_PENDING_TRANSFER;
                events.putShort(offset + Wire.FLAGS, (short)flag, Wire.ORDER);
            }
            else if (slot == 6 && i + 1 < BATCH)
            {
                events.putShort(offset + Wire.FLAGS, (short)TransferFlags.LINKED, Wire.ORDER);
            }
        }
        clusterTimeNs += 1_000_000L;
        if (ledger.createTransfers(clusterTimeNs, events, 0, BATCH, results, 0) != BatchStatus.OK)
        {
            return BATCH;
        }
        int failures = 0;
        for (int i = 0; i < BATCH; i++)
        {
            if (results.getInt(i * LedgerLimits.RESULT_LENGTH, Wire.ORDER) != 0)
            {
                failures++;
            }
        }
        return failures;
    }
}
