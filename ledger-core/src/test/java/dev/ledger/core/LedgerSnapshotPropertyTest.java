package dev.ledger.core;

import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import dev.ledger.core.LedgerDriver.AccountFilter;
import dev.ledger.core.WorkloadGenerator.Batch;
import dev.ledger.core.WorkloadGenerator.Operation;
import dev.ledger.core.WorkloadGenerator.StateView;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshot, restore, continue equals never stopping (STYLE "Properties"). A seeded workload (every kind of
 * transfer, linked chains, pending transfers with timeouts that expire, resubmitted and burned ids, tight
 * capacities on some seeds) runs on one ledger; at a random batch boundary it is snapshotted and restored into a
 * second ledger, and the rest of the same workload goes to both. After every batch both give the same batch
 * status and results, state hash, last timestamp, counts, next expiry and lookups of every id used so far; every
 * {@value #FULL_CHECK_EVERY} batches and at the end, the same transfers and balances for every account. A
 * snapshot of the restored ledger is byte-identical to the one it came from, and at the end the two ledgers'
 * snapshots are identical too.
 * <p>
 * A failure names the seed; replay it with {@code -Dledger.seed=N} (see {@link PropertyRuns}).
 */
class LedgerSnapshotPropertyTest
{
    private static final int EVENTS = 4_000;
    private static final int FULL_CHECK_EVERY = 10;
    private static final int LOOKUP_CHUNK = 4096;

    @TestFactory
    Stream<DynamicTest> restoredLedgerShouldContinueExactlyAsTheOriginal()
    {
        return PropertyRuns.seeds().stream()
            .map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> PropertyRuns.withSeed(
                seed, () -> new Run(seed).run())));
    }

    /** One seed's run. */
    private static final class Run
    {
        private final long seed;
        private final WorkloadGenerator generator;
        private final LedgerDriver original;
        private final StateView view;
        private final int snapshotAtEvent;
        private LedgerDriver restored;
        private int batchNumber;

        Run(final long seed)
        {
            this.seed = seed;
            generator = new WorkloadGenerator(seed, EVENTS);
            original = new LedgerDriver(generator.config());
            view = StateView.of(original);
            snapshotAtEvent = new SplittableRandom(seed ^ 0x5DEECE66DL).nextInt(EVENTS);
        }

        void run()
        {
            int events = 0;
            while (events < snapshotAtEvent)
            {
                final Batch batch = generator.next(view);
                batchNumber++;
                apply(original, batch);
                events += batch.size();
            }
            final byte[] snapshot = SnapshotBytes.of(original.ledger());
            restored = new LedgerDriver(Ledger.readSnapshot(generator.config(), new SnapshotBytes.Source(snapshot)));
            SnapshotBytes.assertIdentical(SnapshotBytes.of(restored.ledger()), snapshot, where() + ": restored");
            compareState();
            fullCheck();
            while (events < EVENTS)
            {
                final Batch batch = generator.next(view);
                batchNumber++;
                final List<? extends Enum<?>> expected = apply(original, batch);
                final int expectedStatus = original.lastBatchStatus();
                final List<? extends Enum<?>> actual = apply(restored, batch);
                assertThat(restored.lastBatchStatus()).as(() -> where() + ": batch status").isEqualTo(expectedStatus);
                assertThat(actual).as(() -> where() + ": results").isEqualTo(expected);
                compareState();
                if (batchNumber % FULL_CHECK_EVERY == 0)
                {
                    fullCheck();
                }
                events += batch.size();
            }
            fullCheck();
            SnapshotBytes.assertIdentical(
                SnapshotBytes.of(restored.ledger()), SnapshotBytes.of(original.ledger()), where() + ": at the end");
        }

        private static List<? extends Enum<?>> apply(final LedgerDriver driver, final Batch batch)
        {
            return batch.operation() == Operation.CREATE_ACCOUNTS ?
                driver.createAccounts(batch.clusterTimeNs(), batch.accounts()) :
                driver.createTransfers(batch.clusterTimeNs(), batch.transfers());
        }

        private void compareState()
        {
            final Ledger expected = original.ledger();
            final Ledger actual = restored.ledger();
            assertThat(actual.stateHash()).as(() -> where() + ": state hash").isEqualTo(expected.stateHash());
            assertThat(actual.lastTimestampNs()).as(() -> where() + ": last timestamp")
                .isEqualTo(expected.lastTimestampNs());
            assertThat(actual.accountCount()).as(() -> where() + ": accounts").isEqualTo(expected.accountCount());
            assertThat(actual.transferCount()).as(() -> where() + ": transfers").isEqualTo(expected.transferCount());
            assertThat(actual.nextExpiryTimestampNs()).as(() -> where() + ": next expiry")
                .isEqualTo(expected.nextExpiryTimestampNs());
            final List<BigInteger> accountIds = generator.accountIds();
            for (int from = 0; from < accountIds.size(); from += LOOKUP_CHUNK)
            {
                final List<BigInteger> chunk =
                    accountIds.subList(from, Math.min(accountIds.size(), from + LOOKUP_CHUNK));
                assertThat(restored.lookupAccounts(chunk)).as(() -> where() + ": lookup_accounts")
                    .isEqualTo(original.lookupAccounts(chunk));
            }
            final List<BigInteger> transferIds = generator.transferIds();
            for (int from = 0; from < transferIds.size(); from += LOOKUP_CHUNK)
            {
                final List<BigInteger> chunk =
                    transferIds.subList(from, Math.min(transferIds.size(), from + LOOKUP_CHUNK));
                assertThat(restored.lookupTransfers(chunk)).as(() -> where() + ": lookup_transfers")
                    .isEqualTo(original.lookupTransfers(chunk));
            }
        }

        /** The per-account lists (both directions) and balance history, which lookups do not reach. */
        private void fullCheck()
        {
            for (final BigInteger id : generator.accountIds())
            {
                for (final boolean reversed : new boolean[] {false, true})
                {
                    final AccountFilter filter = AccountFilter.of(id);
                    filter.flags |= reversed ? Wire.FILTER_REVERSED : 0;
                    assertThat(restored.accountTransfers(filter)).as(() -> where() + ": " + filter)
                        .isEqualTo(original.accountTransfers(filter));
                    assertThat(restored.accountBalances(filter)).as(() -> where() + ": balances " + filter)
                        .isEqualTo(original.accountBalances(filter));
                }
            }
        }

        private String where()
        {
            return "seed=" + seed + " after batch " + batchNumber + " (snapshot after event " + snapshotAtEvent +
                "; replay with -Dledger.seed=" + seed + ")";
        }
    }
}
