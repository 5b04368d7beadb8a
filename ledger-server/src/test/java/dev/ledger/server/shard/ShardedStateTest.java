package dev.ledger.server.shard;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.ledger.core.BatchStatus;
import dev.ledger.core.Codec;
import dev.ledger.core.Ledger;
import dev.ledger.core.LedgerConfig;
import dev.ledger.core.LedgerDriver;
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.ResultsChain;
import dev.ledger.core.Wire;
import dev.ledger.core.WorkloadGenerator;
import dev.ledger.core.WorkloadGenerator.Batch;
import dev.ledger.core.WorkloadGenerator.Operation;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a node needs of a sharded ledger besides create batches, against one plain {@link Ledger} given the same
 * log: expiry steps (batches of no events) expire the same transfers; a snapshot taken half way, restored into
 * a new sharded ledger, continues to the same results; and at the end every lookup, account listing, balance
 * history and query over all shards answers byte for byte what the plain ledger answers, and the results chain
 * is the plain ledger's.
 */
class ShardedStateTest
{
    private static final LedgerConfig CONFIG = new LedgerConfig(1 << 13, 1 << 15, 1 << 16);
    private static final int EVENTS = 12_000;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void expirySnapshotAndReadsMatchOnePlainLedger(final int shards)
    {
        final long seed = 20261130L + shards;
        final Ledger plain = new Ledger(CONFIG);
        final LedgerDriver driver = new LedgerDriver(plain);
        final WorkloadGenerator generator = new WorkloadGenerator(seed, EVENTS, CONFIG);
        final UnsafeBuffer events = new UnsafeBuffer(new byte[LedgerLimits.BATCH_EVENTS_MAX * LedgerLimits.RECORD_LENGTH]);
        final UnsafeBuffer results = new UnsafeBuffer(new byte[LedgerLimits.BATCH_EVENTS_MAX * LedgerLimits.RESULT_LENGTH]);
        final ShardConfig config = ShardConfig.of(shards, CONFIG);
        ShardedLedger sharded = new ShardedLedger(config);
        try
        {
            final Outcomes outcomes = new Outcomes();
            long chain = ResultsChain.SEED;
            int planned = 0;
            int expiredTotal = 0;
            boolean restored = false;
            while (planned < EVENTS)
            {
                final Batch batch = generator.next(WorkloadGenerator.StateView.of(driver));
                final long expiryTime = batch.clusterTimeNs() - 1;
                final int expired = plain.expirePendingTransfers(expiryTime);
                chain = expired > 0 ? ResultsChain.mix(chain, BatchStatus.OK, results, 0) : chain;
                submitAndWait(sharded, sharded.submitExpiry(expiryTime), outcomes);
                assertThat(outcomes.status).isEqualTo(BatchStatus.OK);
                assertThat(outcomes.expired).as("expired at %d", expiryTime).isEqualTo(expired);
                expiredTotal += expired;
                assertThat(sharded.resultsChain()).isEqualTo(chain);

                encode(batch, events);
                final boolean transfers = batch.operation() == Operation.CREATE_TRANSFERS;
                final int status = transfers ?
                    plain.createTransfers(batch.clusterTimeNs(), events, 0, batch.size(), results, 0) :
                    plain.createAccounts(batch.clusterTimeNs(), events, 0, batch.size(), results, 0);
                final int count = status == BatchStatus.OK ? batch.size() : 0;
                chain = ResultsChain.mix(chain, status, results, count);
                submitAndWait(sharded, transfers ?
                    sharded.submitTransfers(batch.clusterTimeNs(), events, 0, batch.size()) :
                    sharded.submitAccounts(batch.clusterTimeNs(), events, 0, batch.size()), outcomes);
                assertThat(outcomes.status).isEqualTo(status);
                assertThat(outcomes.results).isEqualTo(codes(results, count));
                assertThat(sharded.resultsChain()).isEqualTo(chain);
                planned += batch.size();

                if (!restored && planned >= EVENTS / 2)
                {
                    sharded = restoredCopy(sharded, config);
                    restored = true;
                    assertThat(sharded.resultsChain()).isEqualTo(chain);
                }
            }
            assertThat(expiredTotal).as("the workload expires pending transfers").isPositive();
            assertThat(sharded.accountCount()).isEqualTo(plain.accountCount());
            assertThat(sharded.nextExpiryTimestampNs()).isEqualTo(plain.nextExpiryTimestampNs());
            assertReadsEqual(plain, sharded.reads(), generator, new SplittableRandom(seed));
        }
        finally
        {
            sharded.close();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2})
    void aSnapshotRestoresOnlyIntoTheSameShape(final int shards)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ShardedLedger two = new ShardedLedger(ShardConfig.of(shards, CONFIG)))
        {
            two.writeSnapshot((buffer, offset, length) -> bytes.writeBytes(copy(buffer, offset, length)));
        }
        try (ShardedLedger three = new ShardedLedger(ShardConfig.of(shards + 1, CONFIG)))
        {
            assertThatThrownBy(() -> three.readSnapshot(source(bytes.toByteArray())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the snapshot is of 2 shards");
        }
        final ByteArrayOutputStream plain = new ByteArrayOutputStream();
        new Ledger(CONFIG).writeSnapshot((buffer, offset, length) -> plain.writeBytes(copy(buffer, offset, length)));
        try (ShardedLedger two = new ShardedLedger(ShardConfig.of(shards, CONFIG)))
        {
            assertThatThrownBy(() -> two.readSnapshot(source(plain.toByteArray())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a sharded ledger snapshot");
        }
    }

    private static ShardedLedger restoredCopy(final ShardedLedger sharded, final ShardConfig config)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final long length = sharded.writeSnapshot((buffer, offset, part) -> bytes.writeBytes(copy(buffer, offset, part)));
        assertThat(length).isEqualTo(bytes.size());
        sharded.close();
        final ShardedLedger restored = new ShardedLedger(config);
        restored.readSnapshot(source(bytes.toByteArray()));
        return restored;
    }

    private static byte[] copy(final org.agrona.DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return bytes;
    }

    private static dev.ledger.core.SnapshotSource source(final byte[] bytes)
    {
        final int[] position = {0};
        return (buffer, offset, length) ->
        {
            if (position[0] + length > bytes.length)
            {
                throw new IllegalStateException("snapshot ended early");
            }
            buffer.putBytes(offset, bytes, position[0], length);
            position[0] += length;
        };
    }

    private static void assertReadsEqual(final Ledger plain, final ShardedReads reads, final WorkloadGenerator generator,
        final SplittableRandom random)
    {
        final UnsafeBuffer expected = new UnsafeBuffer(new byte[LedgerLimits.QUERY_ROWS_MAX * LedgerLimits.RECORD_LENGTH]);
        final UnsafeBuffer actual = new UnsafeBuffer(new byte[LedgerLimits.QUERY_ROWS_MAX * LedgerLimits.RECORD_LENGTH]);
        final UnsafeBuffer ids = new UnsafeBuffer(new byte[LedgerLimits.BATCH_EVENTS_MAX * LedgerLimits.ID_LENGTH]);
        for (final List<BigInteger> all : List.of(generator.accountIds(), generator.transferIds()))
        {
            final boolean transfers = all == generator.transferIds();
            for (int from = 0; from < all.size(); from += 1000)
            {
                final int n = Math.min(1000, all.size() - from);
                for (int i = 0; i < n; i++)
                {
                    Codec.putU128(ids, i * LedgerLimits.ID_LENGTH, all.get(from + i));
                }
                final int want = transfers ? plain.lookupTransfers(ids, 0, n, expected, 0) :
                    plain.lookupAccounts(ids, 0, n, expected, 0);
                final int got = transfers ? reads.lookupTransfers(ids, 0, n, actual, 0) :
                    reads.lookupAccounts(ids, 0, n, actual, 0);
                assertRows(transfers ? "lookup_transfers" : "lookup_accounts", expected, want, actual, got);
            }
        }
        final UnsafeBuffer filter = new UnsafeBuffer(new byte[LedgerLimits.RECORD_LENGTH]);
        final List<BigInteger> accountIds = generator.accountIds();
        for (int k = 0; k < 400; k++)
        {
            filter.setMemory(0, filter.capacity(), (byte)0);
            Codec.putU128(filter, Wire.FILTER_ACCOUNT_ID, accountIds.get(random.nextInt(accountIds.size())));
            filter.putInt(Wire.FILTER_LIMIT, 1 + random.nextInt(random.nextBoolean() ? 5 : 300), Wire.ORDER);
            filter.putInt(Wire.FILTER_FLAGS, 1 + random.nextInt(3) | (random.nextBoolean() ? Wire.FILTER_REVERSED : 0),
                Wire.ORDER);
            final boolean balances = random.nextInt(3) == 0;
            final int want = balances ? plain.getAccountBalances(filter, 0, expected, 0) :
                plain.getAccountTransfers(filter, 0, expected, 0);
            assertRows(balances ? "get_account_balances" : "get_account_transfers", expected, want, actual,
                reads.getAccountRows(balances, filter, 0, actual, 0));
        }
        final int transferRows = plain.queryTransfers(allFilter(filter, false), 0, expected, 0);
        assertThat(transferRows).isPositive();
        final List<Long> someTimestamps = new ArrayList<>();
        for (int i = 0; i < transferRows; i += 7)
        {
            someTimestamps.add(expected.getLong(i * LedgerLimits.RECORD_LENGTH + Wire.TIMESTAMP, Wire.ORDER));
        }
        for (int k = 0; k < 300; k++)
        {
            final boolean transfers = random.nextBoolean();
            filter.setMemory(0, filter.capacity(), (byte)0);
            switch (random.nextInt(4))
            {
                case 0 -> filter.putInt(Wire.QUERY_LEDGER, 1 + random.nextInt(3), Wire.ORDER);
                case 1 -> filter.putShort(Wire.QUERY_CODE, (short)(1 + random.nextInt(10)), Wire.ORDER);
                case 2 -> filter.putLong(Wire.QUERY_TIMESTAMP_MIN,
                    someTimestamps.get(random.nextInt(someTimestamps.size())), Wire.ORDER);
                default ->
                {
                }
            }
            filter.putInt(Wire.QUERY_LIMIT, 1 + random.nextInt(random.nextBoolean() ? 10 : 2000), Wire.ORDER);
            filter.putInt(Wire.QUERY_FLAGS, random.nextBoolean() ? Wire.QUERY_REVERSED : 0, Wire.ORDER);
            final int want = transfers ? plain.queryTransfers(filter, 0, expected, 0) :
                plain.queryAccounts(filter, 0, expected, 0);
            assertRows(transfers ? "query_transfers" : "query_accounts", expected, want, actual,
                reads.query(transfers, filter, 0, actual, 0));
        }
    }

    private static UnsafeBuffer allFilter(final UnsafeBuffer filter, final boolean reversed)
    {
        filter.setMemory(0, filter.capacity(), (byte)0);
        filter.putInt(Wire.QUERY_LIMIT, LedgerLimits.QUERY_ROWS_MAX, Wire.ORDER);
        filter.putInt(Wire.QUERY_FLAGS, reversed ? Wire.QUERY_REVERSED : 0, Wire.ORDER);
        return filter;
    }

    private static void assertRows(final String what, final UnsafeBuffer expected, final int want,
        final UnsafeBuffer actual, final int got)
    {
        assertThat(got).as(what + " rows").isEqualTo(want);
        for (int i = 0; i < want * LedgerLimits.RECORD_LENGTH; i += 8)
        {
            if (expected.getLong(i) != actual.getLong(i))
            {
                throw new AssertionError(what + ": row " + i / LedgerLimits.RECORD_LENGTH + " differs at byte " +
                    i % LedgerLimits.RECORD_LENGTH);
            }
        }
    }

    private static void submitAndWait(final ShardedLedger sharded, final long item, final Outcomes outcomes)
    {
        assertThat(item).as("submitted").isGreaterThanOrEqualTo(0);
        final long deadline = System.nanoTime() + 60_000_000_000L;
        outcomes.status = -1;
        while (sharded.inFlight() > 0)
        {
            if (sharded.poll(outcomes) == 0)
            {
                Thread.onSpinWait();
            }
            assertThat(System.nanoTime()).as("item %d answered in time", item).isLessThan(deadline);
        }
    }

    private static int[] codes(final UnsafeBuffer results, final int count)
    {
        final int[] codes = new int[count];
        for (int i = 0; i < count; i++)
        {
            codes[i] = results.getInt(i * LedgerLimits.RESULT_LENGTH, Wire.ORDER);
        }
        return codes;
    }

    private static void encode(final Batch batch, final UnsafeBuffer buffer)
    {
        for (int i = 0; i < batch.size(); i++)
        {
            if (batch.operation() == Operation.CREATE_ACCOUNTS)
            {
                batch.accounts().get(i).encode(buffer, i * LedgerLimits.RECORD_LENGTH);
            }
            else
            {
                batch.transfers().get(i).encode(buffer, i * LedgerLimits.RECORD_LENGTH);
            }
        }
    }

    private static final class Outcomes implements ShardedLedger.Listener
    {
        int status;
        int expired;
        int[] results;

        @Override
        public void onBatch(final long item, final int status, final org.agrona.DirectBuffer buffer, final int count,
            final int expired)
        {
            this.status = status;
            this.expired = expired;
            results = new int[count];
            for (int i = 0; i < count; i++)
            {
                results[i] = buffer.getInt(i * LedgerLimits.RESULT_LENGTH, Wire.ORDER);
            }
        }
    }
}
