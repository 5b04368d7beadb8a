package dev.ledger.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import dev.ledger.core.LedgerDriver.AccountFilter;
import dev.ledger.core.LedgerDriver.QueryFilter;
import dev.ledger.core.WorkloadGenerator.Batch;
import dev.ledger.core.WorkloadGenerator.Operation;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real {@link Ledger} side by side with the {@link ReferenceLedger}, fed the same seeded batches: after every
 * batch the same batch status, the same result for every event, the same last timestamp, and the same lookups of
 * every account used so far and of the transfers the batch used; every {@value #FULL_CHECK_EVERY} batches, the
 * same lookups of every transfer and the same answers to random queries (valid and invalid filters).
 * <p>
 * A failure names the seed; replay it with {@code -Dledger.seed=N} (see {@link PropertyRuns}).
 */
class LedgerModelPropertyTest
{
    private static final int FULL_CHECK_EVERY = 50;
    private static final int LOOKUP_CHUNK = 4096;
    private static final int QUERIES_PER_CHECK = 6;
    private static final int SPECIAL_RUN_EVENTS = 3_000;
    private static final int SPECIAL_RUN_SEEDS = 2;
    private static final int FLOOD_AT_BATCH = 40;
    private static final int FLOOD_BATCH_SIZE = LedgerLimits.EXPIRIES_PER_STEP_MAX / 2 + 500;
    private static final int FLOODS_MAX = 20;
    private static final int HISTORY_FLOOD_SIZE = 2_000;
    /** About the room the history floods leave: ordinary batches of up to 300 events need up to 600. */
    private static final int HISTORY_ROOM_LEFT = 500;

    /** What a run adds to the ordinary workload. */
    private enum Mode
    {
        /** Nothing. */
        PLAIN,
        /** Two floods of pending transfers that fall due together, more than one expiry step takes. */
        EXPIRY_FLOOD,
        /** Floods of transfers between history accounts until the balance history is nearly full. */
        HISTORY_FULL
    }

    @TestFactory
    Stream<DynamicTest> realLedgerShouldMatchReferenceModel()
    {
        return PropertyRuns.seeds().stream()
            .map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> PropertyRuns.withSeed(
                seed, () -> new Run(seed, PropertyRuns.events(), Mode.PLAIN).run())));
    }

    /**
     * README "Expiry": at most {@link LedgerLimits#EXPIRIES_PER_STEP_MAX} expiries per step, the rest at the next
     * step and refused as expired meanwhile. Two floods of pending transfers with a one-second timeout, in the
     * middle of a shorter ordinary run, make more than that fall due at once.
     */
    @TestFactory
    Stream<DynamicTest> realLedgerShouldMatchReferenceModelWhenMoreExpiriesFallDueThanOneStepTakes()
    {
        return PropertyRuns.seeds().stream().limit(SPECIAL_RUN_SEEDS)
            .map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> PropertyRuns.withSeed(
                seed, () -> new Run(seed, SPECIAL_RUN_EVENTS, Mode.EXPIRY_FLOOD).run())));
    }

    /**
     * README "Capacity": a transfer batch is refused whole when fewer than two balance snapshots per event are
     * left. {@code historyMax} is at least {@link LedgerConfig#HISTORY_MIN}, more than an ordinary run fills, so
     * floods between history accounts fill it first; the ordinary batches that follow straddle the limit.
     */
    @TestFactory
    Stream<DynamicTest> realLedgerShouldMatchReferenceModelWhenBalanceHistoryRunsOut()
    {
        return PropertyRuns.seeds().stream().limit(SPECIAL_RUN_SEEDS)
            .map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> PropertyRuns.withSeed(
                seed, () -> new Run(seed, SPECIAL_RUN_EVENTS, Mode.HISTORY_FULL).run())));
    }

    /** One seed's run. */
    private static final class Run
    {
        private final long seed;
        private final int eventsPlanned;
        private final Mode mode;
        private final WorkloadGenerator generator;
        private final LedgerDriver real;
        private final ReferenceLedger model;
        private final SplittableRandom queryRandom;
        private int batchNumber;
        private int floods;
        private int exactFloods;
        private int refusedTransferBatches;

        Run(final long seed, final int eventsPlanned, final Mode mode)
        {
            this.seed = seed;
            this.eventsPlanned = eventsPlanned;
            this.mode = mode;
            // The special runs need room for their floods, whatever capacities the seed would choose.
            final LedgerConfig config = mode == Mode.PLAIN ? null : new LedgerConfig(1 << 16, 1 << 17,
                mode == Mode.HISTORY_FULL ? LedgerConfig.HISTORY_MIN + (int)Math.floorMod(seed, 2_000L) : 1 << 18);
            generator = new WorkloadGenerator(seed, eventsPlanned, config);
            real = new LedgerDriver(generator.config());
            model = new ReferenceLedger(generator.config());
            queryRandom = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        }

        void run()
        {
            int events = 0;
            while (events < eventsPlanned)
            {
                final Batch flood = flood();
                final Batch batch = flood != null ? flood : generator.next(model);
                batchNumber++;
                applyAndCompare(batch);
                compareAccounts(generator.accountIds(), "accounts used so far");
                compareTransfers(transfersOf(batch), "transfers of the batch");
                if (batchNumber % FULL_CHECK_EVERY == 0)
                {
                    fullCheck();
                }
                events += flood != null ? 0 : batch.size();
            }
            fullCheck();
            if (mode == Mode.EXPIRY_FLOOD)
            {
                assertThat(model.expiriesInOneStepMax()).as("seed=%d: an expiry step reached the limit", seed)
                    .isEqualTo(LedgerLimits.EXPIRIES_PER_STEP_MAX);
            }
            if (mode == Mode.HISTORY_FULL)
            {
                assertThat(refusedTransferBatches).as("seed=%d: transfer batches refused for history", seed)
                    .isPositive();
            }
        }

        /** The next flood of the run's mode, or null for an ordinary batch. */
        private Batch flood()
        {
            if (floods == FLOODS_MAX || batchNumber < FLOOD_AT_BATCH)
            {
                return null;
            }
            if (mode == Mode.EXPIRY_FLOOD && batchNumber <= FLOOD_AT_BATCH + 1)
            {
                floods++;
                return generator.pendingFlood(model, FLOOD_BATCH_SIZE, 0);
            }
            return mode == Mode.HISTORY_FULL ? historyFlood() : null;
        }

        /**
         * Transfers between two history accounts until a few hundred snapshots are left; then, with the room made
         * even, batches of events that fail validation (so they keep no snapshot) exactly at the limit: {@code 2n
         * = room} is taken, {@code 2n = room + 2} refused.
         */
        private Batch historyFlood()
        {
            final long room = generator.config().historyMax() - model.snapshots();
            if (room > HISTORY_ROOM_LEFT + 100)
            {
                floods++;
                final long size = Math.min(HISTORY_FLOOD_SIZE, (room - HISTORY_ROOM_LEFT) / 2);
                return generator.pendingFlood(model, (int)size, 2);
            }
            if (room % 2 == 1 && exactFloods == 0)
            {
                floods++;
                return generator.pendingFlood(model, 1, 1);
            }
            if (exactFloods < 2 && room >= 2)
            {
                floods++;
                final Batch batch = generator.pendingFlood(model, (int)(room / 2 + exactFloods++), 2);
                batch.transfers().forEach(transfer -> transfer.code = 0);
                return batch;
            }
            return null;
        }

        private void applyAndCompare(final Batch batch)
        {
            final List<? extends Enum<?>> modelResults;
            final List<? extends Enum<?>> realResults;
            if (batch.operation() == Operation.CREATE_ACCOUNTS)
            {
                modelResults = model.createAccounts(batch.clusterTimeNs(), batch.accounts());
                realResults = real.createAccounts(batch.clusterTimeNs(), batch.accounts());
            }
            else
            {
                modelResults = model.createTransfers(batch.clusterTimeNs(), batch.transfers());
                realResults = real.createTransfers(batch.clusterTimeNs(), batch.transfers());
            }
            assertThat(real.lastBatchStatus())
                .as(() -> where(batch) + ": batch status (model " + model.lastBatchStatus() + ")")
                .isEqualTo(model.lastBatchStatus());
            refusedTransferBatches += model.lastBatchStatus() == BatchStatus.TRANSFERS_FULL ? 1 : 0;
            assertThat(realResults).as(() -> where(batch) + ": result count").hasSameSizeAs(modelResults);
            for (int i = 0; i < modelResults.size(); i++)
            {
                final int index = i;
                assertThat(realResults.get(i))
                    .as(() -> where(batch) + " event " + index + "/" + batch.size() + ": " + batch.describe(index) +
                        "\n  model " + modelResults.get(index) + ", real " + realResults.get(index) +
                        "\n  model results around it: " + window(modelResults, index) +
                        "\n  real results around it:  " + window(realResults, index) +
                        "\n  previous event: " + batch.describe(index - 1))
                    .isEqualTo(modelResults.get(i));
            }
            assertThat(real.ledger().lastTimestampNs())
                .as(() -> where(batch) + ": last timestamp (model " + model.lastTimestampNs() + ")")
                .isEqualTo(model.lastTimestampNs());
        }

        private void fullCheck()
        {
            compareAccounts(generator.accountIds(), "all accounts");
            compareTransfers(generator.transferIds(), "all transfers");
            for (int i = 0; i < QUERIES_PER_CHECK; i++)
            {
                final AccountFilter accountFilter = randomAccountFilter();
                compareRows("get_account_transfers " + accountFilter,
                    model.accountTransfers(accountFilter), real.accountTransfers(accountFilter));
                final AccountFilter balanceFilter = randomAccountFilter();
                compareRows("get_account_balances " + balanceFilter,
                    model.accountBalances(balanceFilter), real.accountBalances(balanceFilter));
                final QueryFilter accountQuery = randomQueryFilter(true);
                compareRows("query_accounts " + accountQuery,
                    model.queryAccounts(accountQuery), real.queryAccounts(accountQuery));
                final QueryFilter transferQuery = randomQueryFilter(false);
                compareRows("query_transfers " + transferQuery,
                    model.queryTransfers(transferQuery), real.queryTransfers(transferQuery));
            }
        }

        private void compareAccounts(final List<BigInteger> ids, final String what)
        {
            for (int from = 0; from < ids.size(); from += LOOKUP_CHUNK)
            {
                final List<BigInteger> chunk = ids.subList(from, Math.min(ids.size(), from + LOOKUP_CHUNK));
                compareRows("lookup_accounts of " + what, model.lookupAccounts(chunk), real.lookupAccounts(chunk));
            }
        }

        private void compareTransfers(final List<BigInteger> ids, final String what)
        {
            for (int from = 0; from < ids.size(); from += LOOKUP_CHUNK)
            {
                final List<BigInteger> chunk = ids.subList(from, Math.min(ids.size(), from + LOOKUP_CHUNK));
                compareRows("lookup_transfers of " + what, model.lookupTransfers(chunk), real.lookupTransfers(chunk));
            }
        }

        /** Row by row, so that a failure shows the first row that differs rather than two long lists. */
        private <T> void compareRows(final String what, final List<T> expected, final List<T> actual)
        {
            final int common = Math.min(expected.size(), actual.size());
            for (int i = 0; i < common; i++)
            {
                final int index = i;
                assertThat(actual.get(i))
                    .as(() -> "seed=" + seed + " after batch " + batchNumber + ": " + what + ", row " + index +
                        "\n  model " + expected.get(index) + "\n  real  " + actual.get(index))
                    .isEqualTo(expected.get(i));
            }
            assertThat(actual.size())
                .as(() -> "seed=" + seed + " after batch " + batchNumber + ": " + what + ": row count; extra rows: " +
                    (actual.size() > common ? "real " + actual.subList(common, actual.size()) :
                        "model " + expected.subList(common, expected.size())))
                .isEqualTo(expected.size());
        }

        private static List<BigInteger> transfersOf(final Batch batch)
        {
            final Set<BigInteger> ids = new LinkedHashSet<>();
            for (final TransferRecord transfer : batch.transfers())
            {
                ids.add(transfer.id);
                ids.add(transfer.pendingId);
            }
            return new ArrayList<>(ids);
        }

        private String where(final Batch batch)
        {
            return "seed=" + seed + " batch " + batchNumber + " (" + batch.operation() + ", " + batch.size() +
                " events, cluster time " + batch.clusterTimeNs() + "; replay with -Dledger.seed=" + seed + ")";
        }

        private static String window(final List<?> results, final int index)
        {
            final int from = Math.max(0, index - 4);
            final int to = Math.min(results.size(), index + 5);
            return "[" + from + ".." + (to - 1) + "] " + results.subList(from, to);
        }

        // -----------------------------------------------------------------------------------------------------
        // Random filters, valid and invalid.

        private AccountFilter randomAccountFilter()
        {
            final List<BigInteger> accountIds = generator.accountIds();
            final AccountFilter filter = new AccountFilter();
            final int id = queryRandom.nextInt(100);
            filter.accountId = id < 4 ? BigInteger.ZERO : id < 8 ? ReferenceLedger.U128_MAX :
                accountIds.get(queryRandom.nextInt(accountIds.size()));
            filter.userData128 = BigInteger.valueOf(queryRandom.nextInt(4) == 0 ? queryRandom.nextInt(4) : 0);
            filter.userData64 = queryRandom.nextInt(5) == 0 ? queryRandom.nextInt(4) : 0;
            filter.userData32 = queryRandom.nextInt(5) == 0 ? queryRandom.nextInt(4) : 0;
            filter.code = queryRandom.nextInt(5) == 0 ? queryRandom.nextInt(4) : 0;
            filter.timestampMin = randomTimestampBound();
            filter.timestampMax = randomTimestampBound();
            if (queryRandom.nextInt(3) != 0 && filter.timestampMax != 0 && filter.timestampMin > filter.timestampMax)
            {
                final long min = filter.timestampMax;
                filter.timestampMax = filter.timestampMin;
                filter.timestampMin = min;
            }
            filter.limit = randomLimit();
            final int flags = queryRandom.nextInt(100);
            filter.flags = flags < 40 ? Wire.FILTER_DEBITS | Wire.FILTER_CREDITS : flags < 65 ? Wire.FILTER_DEBITS :
                flags < 90 ? Wire.FILTER_CREDITS : flags < 95 ? 0 : 1 << (3 + queryRandom.nextInt(29));
            if (queryRandom.nextInt(100) < 40)
            {
                filter.flags |= Wire.FILTER_REVERSED;
            }
            if (queryRandom.nextInt(100) < 3)
            {
                filter.reservedOffset = queryRandom.nextInt(Wire.FILTER_RESERVED_LENGTH);
                filter.reservedByte = (byte)(1 + queryRandom.nextInt(255));
            }
            return filter;
        }

        private QueryFilter randomQueryFilter(final boolean accounts)
        {
            final QueryFilter filter = new QueryFilter();
            filter.userData128 = BigInteger.valueOf(queryRandom.nextInt(3) == 0 ? queryRandom.nextInt(4) : 0);
            filter.userData64 = queryRandom.nextInt(4) == 0 ? queryRandom.nextInt(4) : 0;
            filter.userData32 = queryRandom.nextInt(4) == 0 ? queryRandom.nextInt(4) : 0;
            filter.ledger = queryRandom.nextInt(3) == 0 ? queryRandom.nextInt(4) : 0;
            filter.code = queryRandom.nextInt(4) == 0 ? queryRandom.nextInt(5) : 0;
            filter.timestampMin = randomTimestampBound();
            filter.timestampMax = randomTimestampBound();
            if (queryRandom.nextInt(3) != 0 && filter.timestampMax != 0 && filter.timestampMin > filter.timestampMax)
            {
                final long min = filter.timestampMax;
                filter.timestampMax = filter.timestampMin;
                filter.timestampMin = min;
            }
            filter.limit = randomLimit();
            final int flags = queryRandom.nextInt(100);
            filter.flags = flags < 45 ? Wire.QUERY_REVERSED : flags < 95 ? 0 : 1 << (1 + queryRandom.nextInt(31));
            if (queryRandom.nextInt(100) < 3)
            {
                filter.reservedOffset = queryRandom.nextInt(Wire.QUERY_RESERVED_LENGTH);
                filter.reservedByte = (byte)(1 + queryRandom.nextInt(255));
            }
            return filter;
        }

        /** 0 (no bound), a record's timestamp or one off it, or invalid (above 2^63 - 1). */
        private long randomTimestampBound()
        {
            final int k = queryRandom.nextInt(100);
            if (k < 45)
            {
                return 0;
            }
            if (k < 48)
            {
                return -1 - queryRandom.nextLong(1000);
            }
            final List<BigInteger> ids = k < 75 ? generator.transferIds() : generator.accountIds();
            final BigInteger id = ids.get(queryRandom.nextInt(ids.size()));
            final long timestamp;
            if (k < 75)
            {
                final TransferRecord transfer = model.transfer(id);
                timestamp = transfer == null ? model.lastTimestampNs() : transfer.timestamp;
            }
            else
            {
                final AccountRecord account = model.account(id);
                timestamp = account == null ? 1 : account.timestamp;
            }
            return Math.max(1, timestamp + queryRandom.nextInt(3) - 1);
        }

        private int randomLimit()
        {
            final int k = queryRandom.nextInt(100);
            if (k < 25)
            {
                return LedgerLimits.QUERY_ROWS_MAX;
            }
            if (k < 50)
            {
                return 1 + queryRandom.nextInt(10);
            }
            if (k < 75)
            {
                return 11 + queryRandom.nextInt(300);
            }
            if (k < 82)
            {
                return 0;
            }
            if (k < 90)
            {
                return -1 - queryRandom.nextInt(1000);
            }
            return LedgerLimits.QUERY_ROWS_MAX + 1 + queryRandom.nextInt(1000);
        }
    }
}
