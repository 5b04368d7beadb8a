package dev.ledger.server.shard;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import dev.ledger.core.AccountRecord;
import dev.ledger.core.BatchStatus;
import dev.ledger.core.Codec;
import dev.ledger.core.Ledger;
import dev.ledger.core.LedgerConfig;
import dev.ledger.core.LedgerDriver;
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.ResultsChain;
import dev.ledger.core.TransferRecord;
import dev.ledger.core.WorkloadGenerator;
import dev.ledger.core.WorkloadGenerator.Batch;
import dev.ledger.core.WorkloadGenerator.Operation;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sharding never changes a result: seeded random workloads (the foundation's generator: cross-shard linked
 * chains, two-phase transfers, limits, hot accounts, id reuse, expiry, imported batches) go through one plain
 * {@link Ledger} and through N = 1, 2, 3, 4 and 7 shards on their own threads, with random pauses injected into
 * the shard threads; every event's result code, every batch's status, every account's balances and the combined
 * state hash must be identical.
 * <p>
 * {@code -Dledger.seed=N} replays one seed; {@code -Dledger.shardSeeds=K} runs K seeds (default 3);
 * {@code -Dledger.shardEvents=N} sets the events per seed (default 10,000).
 */
class ShardedDeterminismTest
{
    private static final int[] SHARD_COUNTS = {1, 2, 3, 4, 7};
    private static final LedgerConfig CONFIG = new LedgerConfig(1 << 14, 1 << 15, 1 << 16);

    @TestFactory
    Stream<DynamicTest> shardedEqualsOneLedger()
    {
        return seeds().stream().flatMap(seed -> {
            final Workload workload = new Workload(seed, Integer.getInteger("ledger.shardEvents", 10_000));
            return java.util.Arrays.stream(SHARD_COUNTS).mapToObj(shards -> DynamicTest.dynamicTest(
                "seed " + seed + ", " + shards + " shards", () -> workload.checkSharded(shards)));
        });
    }

    private static List<Long> seeds()
    {
        final String one = System.getProperty("ledger.seed");
        if (one != null && !one.isBlank())
        {
            return List.of(Long.parseLong(one.trim()));
        }
        final SplittableRandom random = new SplittableRandom(20261129L);
        final List<Long> seeds = new ArrayList<>();
        for (int i = 0; i < Integer.getInteger("ledger.shardSeeds", 3); i++)
        {
            seeds.add(random.nextLong());
        }
        return seeds;
    }

    /** A workload and what one plain ledger made of it. */
    private static final class Workload
    {
        private final long seed;
        private final List<Batch> batches = new ArrayList<>();
        private final List<Integer> statuses = new ArrayList<>();
        private final List<int[]> results = new ArrayList<>();
        private final List<BigInteger> accountIds;
        private final Map<BigInteger, AccountRecord> accounts = new HashMap<>();
        private final long combinedStateHash;

        Workload(final long seed, final int events)
        {
            this.seed = seed;
            final Ledger ledger = new Ledger(CONFIG);
            final LedgerDriver driver = new LedgerDriver(ledger);
            final WorkloadGenerator generator = new WorkloadGenerator(seed, events, CONFIG);
            final UnsafeBuffer input = ShardedRun.buffer(LedgerLimits.BATCH_EVENTS_MAX * LedgerLimits.RECORD_LENGTH);
            final UnsafeBuffer output = ShardedRun.buffer(LedgerLimits.BATCH_EVENTS_MAX * LedgerLimits.RESULT_LENGTH);
            long chain = ResultsChain.SEED;
            int planned = 0;
            while (planned < events)
            {
                final Batch batch = generator.next(WorkloadGenerator.StateView.of(driver));
                encode(batch, input);
                final int status = batch.operation() == Operation.CREATE_ACCOUNTS ?
                    ledger.createAccounts(batch.clusterTimeNs(), input, 0, batch.size(), output, 0) :
                    ledger.createTransfers(batch.clusterTimeNs(), input, 0, batch.size(), output, 0);
                final int count = status == BatchStatus.OK ? batch.size() : 0;
                final int[] codes = new int[count];
                for (int i = 0; i < count; i++)
                {
                    codes[i] = output.getInt(i * 4, dev.ledger.core.Wire.ORDER);
                }
                chain = ResultsChain.mix(chain, status, output, count);
                batches.add(batch);
                statuses.add(status);
                results.add(codes);
                planned += batch.size();
            }
            accountIds = new ArrayList<>(generator.accountIds());
            for (final BigInteger id : accountIds)
            {
                final AccountRecord account = driver.account(id);
                if (account != null)
                {
                    accounts.put(id, account);
                }
            }
            combinedStateHash = ResultsChain.combine(chain, ledger.contentDigest());
        }

        void checkSharded(final int shards)
        {
            final ShardConfig config = ShardConfig.of(shards, CONFIG).withMaxBatchEvents(512).withMaxInFlight(3)
                .withPauses(new RandomPauses(seed, shards));
            final UnsafeBuffer input = ShardedRun.buffer(512 * LedgerLimits.RECORD_LENGTH);
            try (ShardedLedger sharded = new ShardedLedger(config))
            {
                final ShardedRun run = new ShardedRun(sharded);
                for (final Batch batch : batches)
                {
                    encode(batch, input);
                    run.submit(batch.operation() == Operation.CREATE_TRANSFERS, batch.clusterTimeNs(), input, batch.size());
                }
                run.drain();
                for (int b = 0; b < batches.size(); b++)
                {
                    final int index = b;
                    assertThat(run.status(b)).as(() -> where(shards, index, -1) + ": batch status").isEqualTo(statuses.get(b));
                    final int[] expected = results.get(b);
                    final int[] actual = run.results(b);
                    for (int i = 0; i < expected.length; i++)
                    {
                        final int event = i;
                        assertThat(actual[i]).as(() -> where(shards, index, event) + ": result").isEqualTo(expected[i]);
                    }
                }
                final Map<BigInteger, AccountRecord> found = new HashMap<>();
                final UnsafeBuffer ids = ShardedRun.buffer(512 * 16);
                for (int from = 0; from < accountIds.size(); from += 512)
                {
                    final int n = Math.min(512, accountIds.size() - from);
                    for (int i = 0; i < n; i++)
                    {
                        Codec.putU128(ids, i * 16, accountIds.get(from + i));
                    }
                    for (final byte[] bytes : run.lookup(ids, n))
                    {
                        final AccountRecord account = AccountRecord.decode(new UnsafeBuffer(bytes), 0);
                        found.put(account.id, account);
                    }
                }
                assertThat(found).as("seed=%d, %d shards: every account and its balances", seed, shards).isEqualTo(accounts);
                assertThat(run.combinedStateHash()).as("seed=%d, %d shards: combined state hash", seed, shards)
                    .isEqualTo(combinedStateHash);
            }
        }

        private String where(final int shards, final int batch, final int event)
        {
            return "seed=" + seed + " (replay with -Dledger.seed=" + seed + "), " + shards + " shards, batch " + batch +
                " of " + batches.size() + " (" + batches.get(batch).operation() + ", " + batches.get(batch).size() +
                " events), event " + event + ": " + batches.get(batch).describe(event);
        }

        private static void encode(final Batch batch, final UnsafeBuffer buffer)
        {
            if (batch.operation() == Operation.CREATE_ACCOUNTS)
            {
                for (int i = 0; i < batch.size(); i++)
                {
                    batch.accounts().get(i).encode(buffer, i * LedgerLimits.RECORD_LENGTH);
                }
            }
            else
            {
                final List<TransferRecord> transfers = batch.transfers();
                for (int i = 0; i < transfers.size(); i++)
                {
                    transfers.get(i).encode(buffer, i * LedgerLimits.RECORD_LENGTH);
                }
            }
        }
    }

    /**
     * Timing noise for the shard threads: each shard draws from its own seeded stream (touched only by its
     * thread) and now and then parks for up to 200 microseconds, rarely for 2 milliseconds.
     */
    static final class RandomPauses implements ShardPauses
    {
        private final SplittableRandom[] randoms;

        RandomPauses(final long seed, final int shards)
        {
            randoms = new SplittableRandom[shards];
            for (int s = 0; s < shards; s++)
            {
                randoms[s] = new SplittableRandom(seed * 31 + s);
            }
        }

        @Override
        public void step(final int shard, final long batch, final int index)
        {
            final int draw = randoms[shard].nextInt(1000);
            if (draw < 20)
            {
                LockSupport.parkNanos(randoms[shard].nextInt(200_000));
            }
            else if (draw == 20)
            {
                LockSupport.parkNanos(2_000_000);
            }
        }
    }
}
