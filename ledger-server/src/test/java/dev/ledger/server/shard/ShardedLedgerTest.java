package dev.ledger.server.shard;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.ledger.core.AccountRecord;
import dev.ledger.core.LedgerConfig;
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.TransferRecord;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Backpressure, halting and counters of the shard threads. */
class ShardedLedgerTest
{
    private static final LedgerConfig CONFIG = new LedgerConfig(1024, 4096, 1 << 15);
    private static final long T0 = 1_800_000_000_000_000_000L;

    private final UnsafeBuffer input = ShardedRun.buffer(64 * LedgerLimits.RECORD_LENGTH);

    @Test
    void fullShardAnswersBusyAtOnceAndTakesNothing() throws Exception
    {
        final CountDownLatch release = new CountDownLatch(1);
        final ShardPauses stuck = (shard, batch, index) -> {
            if (shard == 1 && index == -1)
            {
                await(release);
            }
        };
        try (ShardedLedger ledger = new ShardedLedger(config(2).withMaxInFlight(2).withPauses(stuck)))
        {
            final ShardedRun run = new ShardedRun(ledger);
            assertThat(ledger.submitAccounts(T0, accounts(1, 2), 0, 2)).isEqualTo(0);
            assertThat(ledger.submitAccounts(T0 + 1, accounts(3, 4), 0, 2)).isEqualTo(1);
            final long start = System.nanoTime();
            for (int i = 0; i < 1000; i++)
            {
                assertThat(ledger.submitAccounts(T0 + 2, accounts(5, 6), 0, 2)).isEqualTo(ShardedLedger.BUSY);
                assertThat(ledger.submitDigest()).isEqualTo(ShardedLedger.BUSY);
            }
            assertThat(System.nanoTime() - start).as("busy answers never wait").isLessThan(TimeUnit.SECONDS.toNanos(2));
            assertThat(ledger.poll(run)).as("nothing finishes while shard 1 is stuck").isZero();
            release.countDown();
            run.drain();
            assertThat(run.results(0)).containsExactly(0, 0);
            assertThat(run.results(1)).containsExactly(0, 0);
            // The refused batch changed nothing: its accounts do not exist, and it applies when resubmitted.
            assertThat(run.lookup(ids(5, 6), 2)).isEmpty();
            final long retried = run.submit(false, T0 + 3, accounts(5, 6), 2);
            run.drain();
            assertThat(run.results(retried)).containsExactly(0, 0);
            assertThat(run.lookup(ids(1, 2, 3, 4, 5, 6), 6)).hasSize(6);
        }
    }

    @Test
    void unexpectedExceptionInAShardHaltsTheNodeWithADiagnostic() throws Exception
    {
        final ShardPauses failing = (shard, batch, index) -> {
            if (shard == 1 && batch == 2 && index == -1)
            {
                throw new IllegalStateException("injected failure");
            }
        };
        try (ShardedLedger ledger = new ShardedLedger(config(2).withPauses(failing)))
        {
            final ShardedRun run = new ShardedRun(ledger);
            run.submit(false, T0, accounts(1, 2, 3, 4), 4);
            run.submit(false, T0 + 1, accounts(5, 6), 2);
            run.drain();
            run.submit(false, T0 + 2, accounts(7, 8), 2);
            assertThatThrownBy(run::drain).isInstanceOf(ShardFailure.class);
            final ShardFailure failure = ledger.failure();
            assertThat(failure.shard()).isEqualTo(1);
            assertThat(failure.item()).isEqualTo(2);
            assertThat(failure.stateHash()).isNotZero();
            assertThat(failure).hasMessageContaining("injected failure").hasMessageContaining("shard 1").hasMessageContaining("item 2");
            assertThat(ledger.submitAccounts(T0 + 3, accounts(9), 0, 1)).isEqualTo(ShardedLedger.HALTED);
            assertThatThrownBy(() -> ledger.poll(run)).isSameAs(failure);
            awaitShardThreadsGone();
        }
    }

    @Test
    void invariantViolationInsideTheStateMachineHaltsTheNode() throws Exception
    {
        try (ShardedLedger ledger = new ShardedLedger(config(3)))
        {
            final ShardedRun run = new ShardedRun(ledger);
            run.submit(false, T0, accounts(1, 2), 2);
            run.drain();
            // A log claiming a time past 2262 leaves no room for the batch's timestamps: every shard must stop.
            run.submit(false, LedgerLimits.TIMESTAMP_MAX, accounts(3), 1);
            assertThatThrownBy(run::drain).isInstanceOf(ShardFailure.class).hasMessageContaining("timestamp space exhausted");
            assertThat(ledger.failure().item()).isEqualTo(1);
            assertThat(ledger.failure().shard()).isBetween(0, 2);
            assertThat(ledger.submitDigest()).isEqualTo(ShardedLedger.HALTED);
            awaitShardThreadsGone();
        }
    }

    @Test
    void countersShowEventsCrossShardRoundsAndTheirLatency()
    {
        final long[] shard0 = {ShardedRun.idOn(0, 2, 1), ShardedRun.idOn(0, 2, 1000)};
        final long[] shard1 = {ShardedRun.idOn(1, 2, 1), ShardedRun.idOn(1, 2, 1000)};
        try (ShardedLedger ledger = new ShardedLedger(config(2)))
        {
            final ShardedRun run = new ShardedRun(ledger);
            assertThat(shardThreads()).as("one named thread per shard").containsExactlyInAnyOrder("shard-0", "shard-1");
            run.submit(false, T0, accounts(shard0[0], shard0[1], shard1[0], shard1[1]), 4);
            int n = 0;
            for (int i = 0; i < 5; i++)
            {
                TransferRecord.of(100 + n, shard0[0], shard1[0], 1, 1, 1, 0).encode(input, n++ * LedgerLimits.RECORD_LENGTH);
            }
            for (int i = 0; i < 3; i++)
            {
                TransferRecord.of(100 + n, shard0[0], shard0[1], 1, 1, 1, 0).encode(input, n++ * LedgerLimits.RECORD_LENGTH);
            }
            final long item = run.submit(true, T0 + 1, input, n);
            run.drain();
            assertThat(run.results(item)).containsOnly(0);
            final Map<String, Long> counters = new HashMap<>();
            ledger.counters().forEach((id, type, key, label) -> counters.put(label, ledger.counters().getCounterValue(id)));
            assertThat(counters.get("shard 0 events") + counters.get("shard 1 events")).isEqualTo(4 + 5 * 2 + 3);
            assertThat(counters.get("shard 0 cross_shard_events")).isEqualTo(5);
            assertThat(counters.get("shard 1 cross_shard_events")).isEqualTo(5);
            assertThat(counters.get("shard 0 batches")).isEqualTo(2);
            assertThat(counters.get("shard 0 round_nanos_total")).isPositive();
            assertThat(counters.get("shard 1 round_nanos_max")).isPositive()
                .isLessThanOrEqualTo(counters.get("shard 1 round_nanos_total"));
            assertThat(counters).containsKey("shard 1 mailbox_bytes");
            assertThat(ledger.counter(1, ShardMetric.CROSS_SHARD_EVENTS)).isEqualTo(5);
            // Every cross-shard event here moves the same two accounts: none can send its records ahead.
            assertThat(ledger.counter(0, ShardMetric.EARLY_RECORDS) + ledger.counter(1, ShardMetric.EARLY_RECORDS)).isZero();
        }
    }

    @Test
    void recordsGoAheadWhenCrossShardEventsShareNoAccounts()
    {
        final int pairs = 12;
        final long[] left = new long[pairs];
        final long[] right = new long[pairs];
        for (int i = 0; i < pairs; i++)
        {
            left[i] = ShardedRun.idOn(0, 2, i == 0 ? 1 : left[i - 1] + 1);
            right[i] = ShardedRun.idOn(1, 2, i == 0 ? 1 : right[i - 1] + 1);
        }
        try (ShardedLedger ledger = new ShardedLedger(config(2)))
        {
            final ShardedRun run = new ShardedRun(ledger);
            final long[] all = new long[2 * pairs];
            System.arraycopy(left, 0, all, 0, pairs);
            System.arraycopy(right, 0, all, pairs, pairs);
            run.submit(false, T0, accounts(all), all.length);
            for (int i = 0; i < pairs; i++)
            {
                TransferRecord.of(100 + i, left[i], right[i], 1, 1, 1, 0).encode(input, i * LedgerLimits.RECORD_LENGTH);
            }
            final long item = run.submit(true, T0 + 1, input, pairs);
            run.drain();
            assertThat(run.results(item)).containsOnly(0);
            // Each shard sends every event's records but the first ahead of time.
            assertThat(ledger.counter(0, ShardMetric.EARLY_RECORDS)).isEqualTo(pairs - 1);
            assertThat(ledger.counter(1, ShardMetric.EARLY_RECORDS)).isEqualTo(pairs - 1);
        }
    }

    @Test
    void closeWithBatchesInFlightStopsEveryShard() throws Exception
    {
        final long[] left = {ShardedRun.idOn(0, 2, 1), ShardedRun.idOn(0, 2, 1000)};
        final long[] right = {ShardedRun.idOn(1, 2, 1), ShardedRun.idOn(1, 2, 1000)};
        for (int round = 0; round < 20; round++)
        {
            final ShardedLedger ledger = new ShardedLedger(config(2).withMaxInFlight(8));
            final ShardedRun run = new ShardedRun(ledger);
            run.submit(false, T0, accounts(left[0], left[1], right[0], right[1]), 4);
            for (int b = 0; b < 7; b++)
            {
                for (int i = 0; i < 64; i++)
                {
                    TransferRecord.of(1 + b * 64 + i, left[i % 2], right[i % 2], 1, 1, 1, 0)
                        .encode(input, i * LedgerLimits.RECORD_LENGTH);
                }
                ledger.submitTransfers(T0 + 1 + b, input, 0, 64);
            }
            final Thread closer = new Thread(ledger::close);
            closer.start();
            closer.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(closer.isAlive()).as("close() returned with batches in flight (round %d)", round).isFalse();
            awaitShardThreadsGone();
        }
    }

    @Test
    void batchAShardHasNoRoomForIsRefusedEverywhereAndChangesNothing()
    {
        final long left = ShardedRun.idOn(0, 2, 1);
        final long leftOther = ShardedRun.idOn(0, 2, left + 1);
        final long right = ShardedRun.idOn(1, 2, 1);
        final long rightOther = ShardedRun.idOn(1, 2, right + 1);
        final ShardConfig tiny = ShardConfig.of(2, new LedgerConfig(16, 10, LedgerConfig.HISTORY_MIN)).withMaxBatchEvents(64);
        try (ShardedLedger ledger = new ShardedLedger(tiny))
        {
            final ShardedRun run = new ShardedRun(ledger);
            run.submit(false, T0, accounts(left, leftOther, right, rightOther), 4);
            // Shard 0 stores 1 transfer (the pending one, also stored by shard 1); shard 1 stores 8 of its 10.
            final TransferRecord pending = TransferRecord.of(1, left, right, 5, 1, 1, dev.ledger.core.TransferFlags.PENDING);
            pending.timeout = 1;
            pending.encode(input, 0);
            for (int i = 1; i < 8; i++)
            {
                TransferRecord.of(1 + i, right, rightOther, 1, 1, 1, 0).encode(input, i * LedgerLimits.RECORD_LENGTH);
            }
            final long first = run.submit(true, T0 + 1, input, 8);
            run.drain();
            assertThat(run.results(first)).containsOnly(0);
            final long before = run.combinedStateHash();

            // Past the pending transfer's deadline: 4 more for shard 1 (room for 2) and 1 for shard 0.
            final long due = T0 + 3_000_000_000L;
            for (int i = 0; i < 4; i++)
            {
                TransferRecord.of(20 + i, right, rightOther, 1, 1, 1, 0).encode(input, i * LedgerLimits.RECORD_LENGTH);
            }
            TransferRecord.of(30, left, leftOther, 1, 1, 1, 0).encode(input, 4 * LedgerLimits.RECORD_LENGTH);
            final long refused = run.submit(true, due, input, 5);
            run.drain();
            assertThat(run.status(refused)).isEqualTo(dev.ledger.core.BatchStatus.TRANSFERS_FULL);
            assertThat(run.results(refused)).isEmpty();
            // Nothing changed anywhere, not even the expiry due at that time (a refused batch expires nothing).
            assertThat(account(run, left).debitsPending).isEqualTo(java.math.BigInteger.valueOf(5));
            assertThat(account(run, left).debitsPosted).isZero();
            assertThat(account(run, right).creditsPending).isEqualTo(java.math.BigInteger.valueOf(5));

            // A batch that fits: the expiry runs first, on both shards holding the pending transfer.
            TransferRecord.of(31, left, leftOther, 1, 1, 1, 0).encode(input, 0);
            final long accepted = run.submit(true, due, input, 1);
            run.drain();
            assertThat(run.results(accepted)).containsExactly(0);
            assertThat(account(run, left).debitsPending).isZero();
            assertThat(account(run, left).debitsPosted).isEqualTo(java.math.BigInteger.ONE);
            assertThat(account(run, right).creditsPending).isZero();
            assertThat(run.combinedStateHash()).isNotEqualTo(before);
        }
    }

    @Test
    void batchTheDirectoryHasNoRoomForIsRefusedInOrderAndChained()
    {
        try (ShardedLedger ledger = new ShardedLedger(config(2).withDirectoryCapacity(6)))
        {
            final ShardedRun run = new ShardedRun(ledger);
            run.submit(false, T0, accounts(1, 2, 3, 4), 4);
            for (int i = 0; i < 4; i++)
            {
                TransferRecord.of(10 + i, 1 + i % 2, 3 + i % 2, 1, 1, 1, 0).encode(input, i * LedgerLimits.RECORD_LENGTH);
            }
            final long first = run.submit(true, T0 + 1, input, 4);
            final long chainBefore;
            final long refused = run.submit(true, T0 + 2, input, 4);
            run.drain();
            assertThat(run.results(first)).containsOnly(0);
            assertThat(run.status(refused)).isEqualTo(dev.ledger.core.BatchStatus.TRANSFERS_FULL);
            assertThat(run.results(refused)).isEmpty();
            // The refusal is in the results chain, in its place, as one ledger's refusal would be.
            final UnsafeBuffer codes = ShardedRun.buffer(4 * LedgerLimits.RESULT_LENGTH);
            long chain = dev.ledger.core.ResultsChain.mix(dev.ledger.core.ResultsChain.SEED, 0, codes, 4);
            chain = dev.ledger.core.ResultsChain.mix(chain, 0, codes, 4);
            chainBefore = chain;
            chain = dev.ledger.core.ResultsChain.mix(chain, dev.ledger.core.BatchStatus.TRANSFERS_FULL, codes, 0);
            assertThat(ledger.resultsChain()).isEqualTo(chain).isNotEqualTo(chainBefore);
            assertThat(ledger.directoryIds()).isEqualTo(4);
            assertThat(ledger.directoryCapacity()).isEqualTo(6);
            // Two ids fit: the ledger goes on.
            final long next = run.submit(true, T0 + 3, input, 2);
            run.drain();
            assertThat(run.results(next)).containsExactly(
                dev.ledger.core.CreateTransferResult.EXISTS.code(), dev.ledger.core.CreateTransferResult.EXISTS.code());
        }
    }

    private static AccountRecord account(final ShardedRun run, final long id)
    {
        final List<byte[]> found = run.lookup(ids(id), 1);
        assertThat(found).hasSize(1);
        return AccountRecord.decode(new UnsafeBuffer(found.get(0)), 0);
    }

    private static ShardConfig config(final int shards)
    {
        return ShardConfig.of(shards, CONFIG).withMaxBatchEvents(64);
    }

    private UnsafeBuffer accounts(final long... ids)
    {
        for (int i = 0; i < ids.length; i++)
        {
            AccountRecord.of(ids[i], 1, 1, 0).encode(input, i * LedgerLimits.RECORD_LENGTH);
        }
        return input;
    }

    private static UnsafeBuffer ids(final long... ids)
    {
        final UnsafeBuffer buffer = ShardedRun.buffer(ids.length * 16);
        for (int i = 0; i < ids.length; i++)
        {
            buffer.putLong(i * 16, ids[i], dev.ledger.core.Wire.ORDER);
        }
        return buffer;
    }

    private static void await(final CountDownLatch latch)
    {
        try
        {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> shardThreads()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(Thread::isAlive).map(Thread::getName).filter(name -> name.startsWith("shard-")).toList();
    }

    private static void awaitShardThreadsGone() throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline)
        {
            if (shardThreads().isEmpty())
            {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("shard threads still running after the node halted");
    }
}
