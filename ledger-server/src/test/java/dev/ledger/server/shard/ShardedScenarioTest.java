package dev.ledger.server.shard;

import java.util.ArrayList;
import java.util.List;

import dev.ledger.core.AccountFlags;
import dev.ledger.core.AccountRecord;
import dev.ledger.core.CreateTransferResult;
import dev.ledger.core.LedgerConfig;
import dev.ledger.core.LedgerDriver;
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.TransferFlags;
import dev.ledger.core.TransferRecord;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.ledger.core.CreateTransferResult.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cases where a shard must find records it does not own, written out one by one on three shards, each
 * checked against one plain ledger and against the code it must give: a resubmission naming accounts of a
 * third shard, a burned id reused elsewhere, a post and a void that name no accounts, an expiry of a transfer
 * held by two shards, a balancing transfer against a limit on the other shard, a linked chain over three shards
 * that fails at its end, and an imported batch.
 */
class ShardedScenarioTest
{
    private static final int SHARDS = 3;
    private static final long T0 = 1_800_000_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private final LedgerDriver plain = new LedgerDriver(new LedgerConfig(1024, 4096, 1 << 15));
    private ShardedLedger sharded;
    private ShardedRun run;
    private final UnsafeBuffer input = ShardedRun.buffer(LedgerLimits.BATCH_EVENTS_MAX * LedgerLimits.RECORD_LENGTH);
    private long time = T0;
    private long nextTransfer = 1;

    /** Accounts by shard: a[s], b[s] plain, limited[s] with debits_must_not_exceed_credits. */
    private final long[] a = new long[SHARDS];
    private final long[] b = new long[SHARDS];
    private final long[] limited = new long[SHARDS];

    @BeforeEach
    void start()
    {
        sharded = new ShardedLedger(ShardConfig.of(SHARDS, new LedgerConfig(1024, 4096, 1 << 15)).withMaxBatchEvents(64));
        run = new ShardedRun(sharded);
        long candidate = 100;
        for (int s = 0; s < SHARDS; s++)
        {
            a[s] = candidate = ShardedRun.idOn(s, SHARDS, candidate + 1);
            b[s] = candidate = ShardedRun.idOn(s, SHARDS, candidate + 1);
            limited[s] = candidate = ShardedRun.idOn(s, SHARDS, candidate + 1);
        }
        final List<AccountRecord> accounts = new ArrayList<>();
        for (int s = 0; s < SHARDS; s++)
        {
            accounts.add(AccountRecord.of(a[s], 1, 1, 0));
            accounts.add(AccountRecord.of(b[s], 1, 1, 0));
            accounts.add(AccountRecord.of(limited[s], 1, 1, AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS));
        }
        accounts(accounts);
    }

    @AfterEach
    void stop()
    {
        sharded.close();
    }

    @Test
    void resubmissionNamingAccountsOfAThirdShardFindsTheOriginal()
    {
        final TransferRecord original = transfer(a[0], a[1], 10, 0);
        assertThat(transfers(original)).containsExactly(OK);
        final TransferRecord moved = copy(original);
        moved.debitAccountId = java.math.BigInteger.valueOf(a[2]);
        moved.creditAccountId = java.math.BigInteger.valueOf(b[2]);
        assertThat(transfers(moved, copy(original))).containsExactly(EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT_ID, EXISTS);
        assertBalancesAndHash();
    }

    @Test
    void burnedIdStaysBurnedOnEveryShard()
    {
        final TransferRecord over = transfer(limited[0], a[1], 5, 0);
        assertThat(transfers(over)).containsExactly(EXCEEDS_CREDITS);
        final TransferRecord elsewhere = copy(over);
        elsewhere.debitAccountId = java.math.BigInteger.valueOf(a[2]);
        elsewhere.creditAccountId = java.math.BigInteger.valueOf(b[2]);
        // The same id, now valid and on a third shard, within one batch and in a later one.
        assertThat(transfers(elsewhere, copy(elsewhere))).containsExactly(ID_ALREADY_FAILED, ID_ALREADY_FAILED);
        // A failure that does not burn the id: the id is free for a valid transfer on other shards.
        final TransferRecord wrongLedger = transfer(a[0], a[1], 5, 0);
        wrongLedger.ledger = 2;
        final TransferRecord valid = copy(wrongLedger);
        valid.ledger = 1;
        valid.debitAccountId = java.math.BigInteger.valueOf(a[2]);
        valid.creditAccountId = java.math.BigInteger.valueOf(b[2]);
        assertThat(transfers(wrongLedger, valid)).containsExactly(TRANSFER_MUST_HAVE_THE_SAME_LEDGER_AS_ACCOUNTS, OK);
        assertBalancesAndHash();
    }

    @Test
    void postAndVoidThatNameNoAccountsReachThePendingTransfersShards()
    {
        final TransferRecord pending = transfer(a[0], a[1], 7, TransferFlags.PENDING);
        final TransferRecord other = transfer(b[1], b[2], 9, TransferFlags.PENDING);
        assertThat(transfers(pending, other)).containsExactly(OK, OK);
        final TransferRecord post = resolve(pending, TransferFlags.POST_PENDING_TRANSFER, 5);
        final TransferRecord voidIt = resolve(other, TransferFlags.VOID_PENDING_TRANSFER, 0);
        final TransferRecord again = resolve(pending, TransferFlags.VOID_PENDING_TRANSFER, 0);
        assertThat(transfers(post, voidIt, again)).containsExactly(OK, OK, PENDING_TRANSFER_ALREADY_POSTED);
        // Resubmitting the post, and posting a pending transfer that does not exist anywhere.
        final TransferRecord missing = resolve(transfer(a[0], a[2], 1, TransferFlags.PENDING), TransferFlags.POST_PENDING_TRANSFER, 1);
        assertThat(transfers(copy(post), missing)).containsExactly(EXISTS, PENDING_TRANSFER_NOT_FOUND);
        assertBalancesAndHash();
    }

    @Test
    void pendingTransferHeldByTwoShardsExpiresOnBoth()
    {
        final TransferRecord pending = transfer(a[0], a[1], 7, TransferFlags.PENDING);
        pending.timeout = 1;
        final TransferRecord later = transfer(b[0], b[2], 3, TransferFlags.PENDING);
        later.timeout = 5;
        assertThat(transfers(pending, later)).containsExactly(OK, OK);
        time += 2 * SECOND;
        assertThat(transfers(resolve(pending, TransferFlags.POST_PENDING_TRANSFER, 7), transfer(a[2], b[2], 1, 0)))
            .containsExactly(PENDING_TRANSFER_EXPIRED, OK);
        time += 10 * SECOND;
        assertThat(transfers(resolve(later, TransferFlags.VOID_PENDING_TRANSFER, 0))).containsExactly(PENDING_TRANSFER_EXPIRED);
        assertBalancesAndHash();
    }

    @Test
    void balancingTransferAgainstALimitOnTheOtherShard()
    {
        assertThat(transfers(transfer(b[1], limited[1], 40, 0))).containsExactly(OK);
        final TransferRecord balancing = transfer(limited[1], a[0], 0, TransferFlags.BALANCING_DEBIT);
        final TransferRecord over = transfer(limited[1], a[2], 1, 0);
        assertThat(transfers(balancing, over)).containsExactly(OK, EXCEEDS_CREDITS);
        assertThat(plain.transfer(balancing.id.longValue()).amount).isEqualTo(java.math.BigInteger.valueOf(40));
        assertBalancesAndHash();
    }

    @Test
    void linkedChainOverThreeShardsIsAllOrNothing()
    {
        assertThat(transfers(transfer(b[2], limited[2], 10, 0))).containsExactly(OK);
        final TransferRecord first = transfer(a[0], a[1], 3, TransferFlags.LINKED);
        final TransferRecord second = transfer(a[1], a[2], 3, TransferFlags.LINKED | TransferFlags.PENDING);
        final TransferRecord third = transfer(limited[2], b[0], 11, 0);
        assertThat(transfers(first, second, third)).containsExactly(LINKED_EVENT_FAILED, LINKED_EVENT_FAILED, EXCEEDS_CREDITS);
        // The chain's ids are free again (a linked failure burns nothing); the failed event's id is burned.
        third.amount = java.math.BigInteger.TEN;
        final TransferRecord retryFirst = copy(first);
        final TransferRecord retrySecond = copy(second);
        retrySecond.flags = TransferFlags.PENDING;
        assertThat(transfers(retryFirst, retrySecond, third)).containsExactly(OK, OK, ID_ALREADY_FAILED);
        assertBalancesAndHash();
    }

    @Test
    void recordsSentAheadWaitForAnOpenChainToEnd()
    {
        // A chain longer than a shard's look-ahead: its first event takes limited[0] to its limit, its last fails,
        // so the chain is undone; an event after it reads limited[0] on another shard and must see it undone.
        assertThat(transfers(transfer(b[1], limited[0], 5, 0))).containsExactly(OK);
        final List<TransferRecord> batch = new ArrayList<>();
        batch.add(transfer(limited[0], b[0], 5, TransferFlags.LINKED));
        for (int i = 0; i < 24; i++)
        {
            batch.add(transfer(a[2], b[2], 1, TransferFlags.LINKED));
        }
        batch.add(transfer(limited[2], a[2], 1, 0));
        batch.add(transfer(limited[0], a[1], 1, 0));
        final List<CreateTransferResult> results = transfers(batch.toArray(new TransferRecord[0]));
        assertThat(results.get(batch.size() - 2)).isEqualTo(EXCEEDS_CREDITS);
        assertThat(results.get(batch.size() - 1)).isEqualTo(OK);
        assertBalancesAndHash();
    }

    @Test
    void recordsAreNotSentAheadPastAPostWhoseAccountsAreNotKnownYet()
    {
        // The pending transfer and its post are in the same batch: when the shard first looks at the post, the
        // pending transfer does not exist yet, so it cannot tell which accounts the post changes. An event after
        // the post that reads the same account on another shard must see the post's effect.
        assertThat(transfers(transfer(b[1], limited[0], 5, 0))).containsExactly(OK);
        final List<TransferRecord> batch = new ArrayList<>();
        final TransferRecord pending = transfer(limited[0], a[1], 5, TransferFlags.PENDING);
        batch.add(pending);
        for (int i = 0; i < 4; i++)
        {
            batch.add(transfer(a[0], b[0], 1, 0));
        }
        batch.add(resolve(pending, TransferFlags.POST_PENDING_TRANSFER, 3));
        for (int i = 0; i < 11; i++)
        {
            batch.add(transfer(a[0], b[0], 1, 0));
        }
        batch.add(transfer(limited[0], a[2], 2, 0));
        final List<CreateTransferResult> results = transfers(batch.toArray(new TransferRecord[0]));
        assertThat(results).containsOnly(OK);
        assertBalancesAndHash();
    }

    @Test
    void importedBatchChecksTimestampsAcrossShards()
    {
        assertThat(transfers(transfer(a[0], a[1], 1, 0))).containsExactly(OK);
        final long last = plain.ledger().lastTimestampNs();
        time = last + 100 * SECOND;
        final TransferRecord first = transfer(a[1], a[2], 1, TransferFlags.IMPORTED);
        first.timestamp = last + 10;
        final TransferRecord regress = transfer(b[2], b[0], 1, TransferFlags.IMPORTED);
        regress.timestamp = last + 5;
        final TransferRecord next = transfer(b[2], b[1], 1, TransferFlags.IMPORTED);
        next.timestamp = last + 20;
        assertThat(transfers(first, regress, next)).containsExactly(OK, IMPORTED_EVENT_TIMESTAMP_MUST_NOT_REGRESS, OK);
        assertBalancesAndHash();
    }

    // ---------------------------------------------------------------------------------------------------------

    private TransferRecord transfer(final long debit, final long credit, final long amount, final int flags)
    {
        return TransferRecord.of(nextTransfer++, debit, credit, amount, 1, 1, flags);
    }

    private TransferRecord resolve(final TransferRecord pending, final int flag, final long amount)
    {
        final TransferRecord transfer = new TransferRecord();
        transfer.id = java.math.BigInteger.valueOf(nextTransfer++);
        transfer.pendingId = pending.id;
        transfer.flags = flag;
        transfer.amount = flag == TransferFlags.POST_PENDING_TRANSFER && amount == pending.amount.longValue() ?
            java.math.BigInteger.ONE.shiftLeft(128).subtract(java.math.BigInteger.ONE) : java.math.BigInteger.valueOf(amount);
        return transfer;
    }

    private static TransferRecord copy(final TransferRecord transfer)
    {
        return transfer.copy();
    }

    private void accounts(final List<AccountRecord> accounts)
    {
        time += SECOND;
        for (int i = 0; i < accounts.size(); i++)
        {
            accounts.get(i).encode(input, i * LedgerLimits.RECORD_LENGTH);
        }
        final long item = run.submit(false, time, input, accounts.size());
        run.drain();
        final int[] expected = plain.createAccounts(time, accounts).stream().mapToInt(r -> r.code()).toArray();
        assertThat(run.results(item)).containsExactly(expected);
    }

    /** Applies a batch to both, requires the same codes, and returns them. */
    private List<CreateTransferResult> transfers(final TransferRecord... transfers)
    {
        time += SECOND;
        for (int i = 0; i < transfers.length; i++)
        {
            transfers[i].encode(input, i * LedgerLimits.RECORD_LENGTH);
        }
        final long item = run.submit(true, time, input, transfers.length);
        run.drain();
        final List<CreateTransferResult> expected = plain.createTransfers(time, List.of(transfers));
        final List<CreateTransferResult> actual = new ArrayList<>();
        for (final int code : run.results(item))
        {
            actual.add(CreateTransferResult.of(code));
        }
        assertThat(actual).as("sharded vs one ledger").isEqualTo(expected);
        return actual;
    }

    private void assertBalancesAndHash()
    {
        final long[] all = new long[3 * SHARDS];
        for (int s = 0; s < SHARDS; s++)
        {
            all[3 * s] = a[s];
            all[3 * s + 1] = b[s];
            all[3 * s + 2] = limited[s];
        }
        final UnsafeBuffer ids = ShardedRun.buffer(all.length * 16);
        for (int i = 0; i < all.length; i++)
        {
            ids.putLong(i * 16, all[i], dev.ledger.core.Wire.ORDER);
        }
        final List<AccountRecord> found = new ArrayList<>();
        run.lookup(ids, all.length).forEach(bytes -> found.add(AccountRecord.decode(new UnsafeBuffer(bytes), 0)));
        for (final long id : all)
        {
            final AccountRecord expected = plain.account(id);
            assertThat(found).as("account %d", id).contains(expected);
        }
        assertThat(found).hasSize(all.length);
    }
}
