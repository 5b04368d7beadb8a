package dev.ledger.perf.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import dev.ledger.core.LedgerLimits;
import dev.ledger.core.TransferFlags;
import dev.ledger.core.Wire;
import dev.ledger.server.shard.ShardHash;

class LoadWorkloadTest
{
    private static final int BATCH = 1000;
    private static final int RECORD = LedgerLimits.RECORD_LENGTH;

    @Test
    void uniformTransfersHaveConsecutiveIdsAndTwoDistinctAccountsInRange()
    {
        final LoadWorkload workload = new LoadWorkload(LoadWorkload.Kind.UNIFORM, 7, 2, 5_000);
        final UnsafeBuffer batch = new UnsafeBuffer(new byte[BATCH * RECORD]);
        long expectedId = 5_001;
        for (int b = 0; b < 20; b++)
        {
            workload.next(batch, BATCH);
            for (int i = 0; i < BATCH; i++)
            {
                final int offset = i * RECORD;
                assertThat(batch.getLong(offset + Wire.ID, Wire.ORDER)).isEqualTo(expectedId++);
                final long debit = batch.getLong(offset + Wire.TRANSFER_DEBIT_ACCOUNT_ID, Wire.ORDER);
                final long credit = batch.getLong(offset + Wire.TRANSFER_CREDIT_ACCOUNT_ID, Wire.ORDER);
                assertThat(debit).isBetween(1L, 1_000_000L).isNotEqualTo(credit);
                assertThat(credit).isBetween(1L, 1_000_000L);
                assertThat(batch.getLong(offset + Wire.TRANSFER_AMOUNT, Wire.ORDER)).isBetween(1L, 1_000L);
                assertThat(batch.getShort(offset + Wire.FLAGS, Wire.ORDER)).isZero();
                assertThat(batch.getInt(offset + Wire.LEDGER, Wire.ORDER)).isEqualTo(LoadWorkload.LEDGER);
            }
        }
    }

    @Test
    void hotTransfersStayAmongTenAccounts()
    {
        final LoadWorkload workload = new LoadWorkload(LoadWorkload.Kind.HOT, 7, 2, 0);
        final UnsafeBuffer batch = new UnsafeBuffer(new byte[BATCH * RECORD]);
        workload.next(batch, BATCH);
        final Set<Long> accounts = new HashSet<>();
        for (int i = 0; i < BATCH; i++)
        {
            accounts.add(batch.getLong(i * RECORD + Wire.TRANSFER_DEBIT_ACCOUNT_ID, Wire.ORDER));
            accounts.add(batch.getLong(i * RECORD + Wire.TRANSFER_CREDIT_ACCOUNT_ID, Wire.ORDER));
        }
        assertThat(accounts).hasSize(10).allMatch(id -> id >= 1 && id <= 10);
    }

    @Test
    void crossShardTransfersAlwaysSpanTwoShards()
    {
        for (final int shards : new int[] {2, 3, 8})
        {
            final LoadWorkload workload = new LoadWorkload(LoadWorkload.Kind.CROSS_SHARD, shards, shards, 0);
            final UnsafeBuffer batch = new UnsafeBuffer(new byte[BATCH * RECORD]);
            workload.next(batch, BATCH);
            for (int i = 0; i < BATCH; i++)
            {
                final long debit = batch.getLong(i * RECORD + Wire.TRANSFER_DEBIT_ACCOUNT_ID, Wire.ORDER);
                final long credit = batch.getLong(i * RECORD + Wire.TRANSFER_CREDIT_ACCOUNT_ID, Wire.ORDER);
                assertThat(ShardHash.shardOf(debit, 0, shards)).isNotEqualTo(ShardHash.shardOf(credit, 0, shards));
            }
        }
    }

    @Test
    void twoPhaseResolvesEachPendingTransferOnceLongAfterItWasMade()
    {
        final LoadWorkload workload = new LoadWorkload(LoadWorkload.Kind.TWO_PHASE, 11, 2, 0);
        final UnsafeBuffer batch = new UnsafeBuffer(new byte[BATCH * RECORD]);
        final Map<Long, Long> pendingAmounts = new HashMap<>();
        final Set<Long> resolved = new HashSet<>();
        int pending = 0;
        int posts = 0;
        int voids = 0;
        final int events = 400_000;
        for (int b = 0; b < events / BATCH; b++)
        {
            workload.next(batch, BATCH);
            for (int i = 0; i < BATCH; i++)
            {
                final int offset = i * RECORD;
                final long id = batch.getLong(offset + Wire.ID, Wire.ORDER);
                final int flags = batch.getShort(offset + Wire.FLAGS, Wire.ORDER);
                final long amount = batch.getLong(offset + Wire.TRANSFER_AMOUNT, Wire.ORDER);
                if (flags == TransferFlags.PENDING)
                {
                    pending++;
                    pendingAmounts.put(id, amount);
                }
                else if (flags == TransferFlags.POST_PENDING_TRANSFER || flags == TransferFlags.VOID_PENDING_TRANSFER)
                {
                    final long pendingId = batch.getLong(offset + Wire.TRANSFER_PENDING_ID, Wire.ORDER);
                    assertThat(pendingAmounts).containsKey(pendingId);
                    assertThat(id - pendingId).isGreaterThanOrEqualTo(LoadWorkload.RESOLVE_AFTER);
                    assertThat(resolved.add(pendingId)).as("resolved once: %d", pendingId).isTrue();
                    assertThat(batch.getLong(offset + Wire.TRANSFER_DEBIT_ACCOUNT_ID, Wire.ORDER)).isZero();
                    if (flags == TransferFlags.POST_PENDING_TRANSFER)
                    {
                        posts++;
                        assertThat(amount).isEqualTo(pendingAmounts.get(pendingId));
                    }
                    else
                    {
                        voids++;
                        assertThat(amount).isZero();
                    }
                }
                else
                {
                    assertThat(flags).isZero();
                }
            }
        }
        // 10% pending and, once the first ones are old enough, 10% posts or voids, half each.
        assertThat(pending).isBetween(events / 10 - 2_000, events / 10 + 2_000);
        final int expectedResolutions = (events - LoadWorkload.RESOLVE_AFTER) / 10;
        assertThat(posts + voids).isBetween(expectedResolutions - 2_000, expectedResolutions + 2_000);
        assertThat(posts).isBetween(voids * 9 / 10, voids * 11 / 10);
    }

    @Test
    void theSameSeedGivesTheSameStream()
    {
        final UnsafeBuffer first = new UnsafeBuffer(new byte[BATCH * RECORD]);
        final UnsafeBuffer second = new UnsafeBuffer(new byte[BATCH * RECORD]);
        final LoadWorkload one = new LoadWorkload(LoadWorkload.Kind.TWO_PHASE, 3, 2, 0);
        final LoadWorkload two = new LoadWorkload(LoadWorkload.Kind.TWO_PHASE, 3, 2, 0);
        for (int b = 0; b < 80; b++)
        {
            one.next(first, BATCH);
            two.next(second, BATCH);
            assertThat(first.compareTo(second)).isZero();
        }
    }
}
