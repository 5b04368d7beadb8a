package dev.ledger.core;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The double-entry state machine: accounts, transfers (single-phase, pending, post, void, expiry), linked
 * chains, balancing and closing transfers, balance limits, idempotency, lookups and queries, with
 * TigerBeetle's semantics and result codes as specified in {@code API.md} and {@code result-codes.md}.
 * <p>
 * It is a function of its inputs: time arrives as an argument with every batch (the cluster time of the log
 * message), and it uses no clock, thread, lock, randomness, I/O or hash-ordered iteration. Applying the same
 * calls in the same order yields the same results and the same {@link #stateHash()}. Storage is allocated up
 * front from {@link LedgerConfig}; applying events allocates nothing.
 * <p>
 * Not thread-safe: one thread owns an instance (a shard).
 * <p>
 * Events, filters and outputs use the layouts of {@link Wire}. Results are one little-endian int per event,
 * the {@code code()} of {@link CreateAccountResult} or {@link CreateTransferResult}.
 */
public final class Ledger
{
    private final AccountStore accounts;
    private final TransferStore transfers;
    private final AccountHistory history;
    private final ExpiryQueue expiries;
    private final StateHash hash = new StateHash();
    private final ChainScope scope;
    private final AccountCreator accountCreator;
    private final TransferCreator transferCreator;
    private final LedgerQueries queries;
    private final BatchPrefetcher prefetcher;
    private final LedgerSnapshot snapshot;
    private final ForeignRecords foreign;
    private final BatchBytes batchEvents = new BatchBytes();
    private final BatchBytes batchResults = new BatchBytes();
    private long lastTimestamp;

    /**
     * Allocates all storage for the given capacities.
     *
     * @param config the capacities.
     */
    public Ledger(final LedgerConfig config)
    {
        accounts = new AccountStore(config.accountsMax());
        transfers = new TransferStore(config.transfersMax());
        history = new AccountHistory(accounts, transfers, config.historyMax());
        expiries = new ExpiryQueue(config.transfersMax());
        scope = new ChainScope(accounts, transfers, history, hash, expiries);
        foreign = new ForeignRecords(accounts, transfers);
        accountCreator = new AccountCreator(accounts, foreign, scope, hash);
        transferCreator = new TransferCreator(accounts, transfers, history, scope, hash, foreign);
        queries = new LedgerQueries(accounts, transfers, history);
        prefetcher = new BatchPrefetcher(accounts, transfers);
        snapshot = new LedgerSnapshot(config, accounts, transfers, history, expiries, hash, scope);
    }

    /**
     * Restores a ledger from a snapshot written by {@link #writeSnapshot(SnapshotSink)}: it behaves exactly as
     * the ledger that wrote it (same results, state hash, lookups and queries from then on). Reads exactly the
     * snapshot's bytes from the source.
     *
     * @param config the capacities, equal to those of the ledger that wrote the snapshot.
     * @param source the snapshot's bytes.
     * @return the restored ledger; none when anything fails.
     * @throws IllegalArgumentException if the bytes are not a snapshot (magic), of another format version, of
     *                                  other capacities, or inconsistent (counts, end marker).
     */
    public static Ledger readSnapshot(final LedgerConfig config, final SnapshotSource source)
    {
        return readSnapshot(new Ledger(config), source);
    }

    /**
     * As {@link #readSnapshot(LedgerConfig, SnapshotSource)}, into a ledger allocated beforehand (a node
     * allocates its gigabytes before its cluster's agents run, whose liveness timeouts a long allocation trips).
     *
     * @param empty  a new ledger of the snapshot's capacities to which nothing was applied; when the read
     *               fails it is left partly filled and must be discarded.
     * @param source the snapshot's bytes.
     * @return {@code empty}, restored.
     * @throws IllegalArgumentException as the other overload, and if {@code empty} is not empty.
     */
    public static Ledger readSnapshot(final Ledger empty, final SnapshotSource source)
    {
        if (empty.lastTimestamp != 0 || empty.accounts.count() != 0 || empty.transfers.count() != 0 ||
            empty.transfers.orphanCount() != 0)
        {
            throw new IllegalArgumentException("a snapshot restores only into a new, empty ledger");
        }
        empty.lastTimestamp = empty.snapshot.read(source);
        return empty;
    }

    /**
     * Writes the complete state, between batches, as a little-endian stream (README "Snapshots"); the sink
     * receives it in chunks of at most 1 MiB. Allocates a 1 MiB buffer per call, so keep it off the hot path.
     *
     * @param sink where the bytes go.
     * @return the snapshot's length in bytes.
     */
    public long writeSnapshot(final SnapshotSink sink)
    {
        return snapshot.write(sink, lastTimestamp);
    }

    /**
     * Applies a create_accounts batch: one result code per event, written to {@code results}.
     *
     * @param clusterTimeNs the batch's time from the log, in nanoseconds since the epoch.
     * @param events        the accounts, {@link LedgerLimits#RECORD_LENGTH} bytes each.
     * @param offset        where the first event starts.
     * @param count         events in the batch, 1..{@link LedgerLimits#BATCH_EVENTS_MAX}.
     * @param results       where to write {@code count} result codes.
     * @param resultsOffset where the first result goes.
     * @return {@link BatchStatus#OK}, or why the whole batch was refused without effect.
     */
    public int createAccounts(
        final long clusterTimeNs,
        final DirectBuffer events,
        final int offset,
        final int count,
        final MutableDirectBuffer results,
        final int resultsOffset)
    {
        requireBatch(events, offset, count, results, resultsOffset);
        final int free = accounts.capacity() - accounts.count();
        if (free < count && free < unknownIds(accounts, events, offset, count))
        {
            return BatchStatus.ACCOUNTS_FULL;
        }
        expirePendingTransfers(clusterTimeNs);
        applyBatch(false, clusterTimeNs, events, offset, count, results, resultsOffset, batchImported(false, events, offset), null);
        return BatchStatus.OK;
    }

    /**
     * Applies a create_transfers batch: one result code per event, written to {@code results}. Pending
     * transfers whose timeout has passed at {@code clusterTimeNs} expire first.
     *
     * @param clusterTimeNs the batch's time from the log, in nanoseconds since the epoch.
     * @param events        the transfers, {@link LedgerLimits#RECORD_LENGTH} bytes each.
     * @param offset        where the first event starts.
     * @param count         events in the batch, 1..{@link LedgerLimits#BATCH_EVENTS_MAX}.
     * @param results       where to write {@code count} result codes.
     * @param resultsOffset where the first result goes.
     * @return {@link BatchStatus#OK}, or why the whole batch was refused without effect.
     */
    public int createTransfers(
        final long clusterTimeNs,
        final DirectBuffer events,
        final int offset,
        final int count,
        final MutableDirectBuffer results,
        final int resultsOffset)
    {
        requireBatch(events, offset, count, results, resultsOffset);
        if (transfers.remaining() < count || history.snapshotsRemaining() < 2 * count)
        {
            // Near capacity only: events whose id is recorded already (a retry) need no room.
            final int unknown = unknownIds(transfers, events, offset, count);
            if (transfers.remaining() < unknown || history.snapshotsRemaining() < 2 * unknown)
            {
                return BatchStatus.TRANSFERS_FULL;
            }
        }
        expirePendingTransfers(clusterTimeNs);
        applyBatch(true, clusterTimeNs, events, offset, count, results, resultsOffset, batchImported(true, events, offset), null);
        return BatchStatus.OK;
    }

    /**
     * Whether a create batch is an imported one: its first event decides (the others must agree).
     *
     * @param isTransfers create_transfers, else create_accounts.
     * @param events      the batch.
     * @param offset      where its first event starts.
     * @return whether the batch is imported.
     */
    public static boolean batchImported(final boolean isTransfers, final DirectBuffer events, final int offset)
    {
        return (flags(events, offset) & importedFlag(isTransfers)) != 0;
    }

    /**
     * The batch loop. With a gate (a shard, {@link LedgerPartition}), events the gate declines are skipped
     * and keep whatever result was in {@code results}; timestamps still count every event of the batch.
     */
    void applyBatch(
        final boolean isTransfers,
        final long clusterTimeNs,
        final DirectBuffer buffer,
        final int offset,
        final int count,
        final MutableDirectBuffer resultsBuffer,
        final int resultsOffset,
        final boolean batchImported,
        final EventGate gate)
    {
        final long base = Math.max(clusterTimeNs, lastTimestamp + 1);
        if (base > LedgerLimits.TIMESTAMP_MAX - count)
        {
            // Nanoseconds since 1970 reach 2^63 in the year 2262: a log claiming that is corrupt.
            throw new IllegalStateException("timestamp space exhausted: cluster time " + clusterTimeNs);
        }
        final long batchTimestamp = base + count - 1;
        final BatchBytes events = batchEvents.wrap(buffer, offset, count * LedgerLimits.RECORD_LENGTH);
        final BatchBytes results = batchResults.wrap(resultsBuffer, resultsOffset, count * LedgerLimits.RESULT_LENGTH);
        int chain = -1;
        boolean chainBroken = false;
        for (int i = 0; i < count; i++)
        {
            if (isTransfers)
            {
                prefetcher.advance(events, offset, i, count);
            }
            if (gate != null && !gate.enter(i))
            {
                continue;
            }
            final int eventOffset = offset + i * LedgerLimits.RECORD_LENGTH;
            final int flags = events.getShort(eventOffset, Wire.FLAGS) & 0xFFFF;
            final boolean linked = (flags & TransferFlags.LINKED) != 0;
            int code;
            if (linked && chain < 0)
            {
                chain = i;
                scope.open();
            }
            if (linked && i == count - 1)
            {
                code = CreateTransferResult.LINKED_EVENT_CHAIN_OPEN.code();
            }
            else if (chainBroken)
            {
                code = CreateTransferResult.LINKED_EVENT_FAILED.code();
            }
            else
            {
                code = checkTimestamp(events, eventOffset, flags, isTransfers, batchImported, batchTimestamp);
                if (code == 0)
                {
                    code = isTransfers ?
                        transferCreator.create(events, eventOffset, base + i, prefetcher, i).code() :
                        accountCreator.create(events, eventOffset, base + i).code();
                }
            }
            if (code != 0)
            {
                if (chain >= 0 && !chainBroken)
                {
                    chainBroken = true;
                    scope.discard();
                    for (int j = chain; j < i; j++)
                    {
                        results.putInt(resultsOffset + j * LedgerLimits.RESULT_LENGTH,
                            CreateTransferResult.LINKED_EVENT_FAILED.code());
                    }
                }
                if (isTransfers && CreateTransferResult.of(code).isTransient())
                {
                    transfers.addOrphan(events.getLong(eventOffset, Wire.ID), events.getLong(eventOffset, Wire.ID + 8));
                }
            }
            results.putInt(resultsOffset + i * LedgerLimits.RESULT_LENGTH, code);
            if (chain >= 0 && (!linked || code == CreateTransferResult.LINKED_EVENT_CHAIN_OPEN.code()))
            {
                if (!chainBroken)
                {
                    scope.persist();
                }
                chain = -1;
                chainBroken = false;
            }
            if (gate != null)
            {
                foreign.clear();
                gate.leave(i);
            }
        }
        lastTimestamp = batchTimestamp;
        hash.mix(base, count);
        for (int i = 0; i < count; i++)
        {
            final int code = results.getInt(resultsOffset + i * LedgerLimits.RESULT_LENGTH);
            if (code != 0)
            {
                hash.mix(((long)i << 32) | code);
            }
        }
    }

    /**
     * The checks shared by accounts and transfers, before the event's own: imported events and timestamps.
     * Their codes have the same numbers in both result enums.
     */
    private static int checkTimestamp(
        final BatchBytes events,
        final int eventOffset,
        final int flags,
        final boolean isTransfers,
        final boolean batchImported,
        final long batchTimestamp)
    {
        final boolean imported = (flags & importedFlag(isTransfers)) != 0;
        if (batchImported != imported)
        {
            return imported ?
                CreateTransferResult.IMPORTED_EVENT_NOT_EXPECTED.code() :
                CreateTransferResult.IMPORTED_EVENT_EXPECTED.code();
        }
        final long timestamp = events.getLong(eventOffset, Wire.TIMESTAMP);
        if (imported)
        {
            if (timestamp < LedgerLimits.TIMESTAMP_MIN)
            {
                // Also catches u64 values above 2^63 - 1, which read as negative longs.
                return CreateTransferResult.IMPORTED_EVENT_TIMESTAMP_OUT_OF_RANGE.code();
            }
            if (timestamp >= batchTimestamp)
            {
                return CreateTransferResult.IMPORTED_EVENT_TIMESTAMP_MUST_NOT_ADVANCE.code();
            }
        }
        else if (timestamp != 0)
        {
            return CreateTransferResult.TIMESTAMP_MUST_BE_ZERO.code();
        }
        return 0;
    }

    private static int importedFlag(final boolean isTransfers)
    {
        return isTransfers ? TransferFlags.IMPORTED : AccountFlags.IMPORTED;
    }

    private static int flags(final DirectBuffer events, final int eventOffset)
    {
        return events.getShort(eventOffset + Wire.FLAGS, Wire.ORDER) & 0xFFFF;
    }

    /**
     * How many events of a batch carry an id the store does not hold (as a record or a burned id): the most
     * records the batch can add. A batch is refused for capacity only when these do not fit, so that a retry of
     * events already recorded is answered event by event (with {@code exists}) even on a full ledger.
     */
    private static int unknownIds(final IdIndex store, final DirectBuffer events, final int offset, final int count)
    {
        int unknown = 0;
        for (int i = 0; i < count; i++)
        {
            final int eventOffset = offset + i * LedgerLimits.RECORD_LENGTH;
            if (store.find(events.getLong(eventOffset + Wire.ID, Wire.ORDER),
                events.getLong(eventOffset + Wire.ID + 8, Wire.ORDER)) == IdIndex.NONE)
            {
                unknown++;
            }
        }
        return unknown;
    }

    static void requireBatchSize(final int count)
    {
        if (count < 1 || count > LedgerLimits.BATCH_EVENTS_MAX)
        {
            throw new IllegalArgumentException("batch must hold 1.." + LedgerLimits.BATCH_EVENTS_MAX + " events: " + count);
        }
    }

    /**
     * A create batch's size, and its events and results within their buffers, checked before anything changes:
     * the batch loop reads and writes them unchecked ({@link BatchBytes}).
     *
     * The results must not share bytes with the events: the batch loop reads an event's ids more than once (its
     * prefetcher hashes them ahead, and the event is applied with those hashes), so the events must stay as they
     * are while results are written.
     *
     * @throws IllegalArgumentException  when the count is out of range, or the results overlap the events.
     * @throws IndexOutOfBoundsException when the events or the results do not fit their buffers.
     */
    static void requireBatch(
        final DirectBuffer events, final int offset, final int count, final MutableDirectBuffer results, final int resultsOffset)
    {
        requireBatchSize(count);
        final int eventsLength = count * LedgerLimits.RECORD_LENGTH;
        final int resultsLength = count * LedgerLimits.RESULT_LENGTH;
        events.boundsCheck(offset, eventsLength);
        results.boundsCheck(resultsOffset, resultsLength);
        final long eventsStart = events.addressOffset() + offset;
        final long resultsStart = results.addressOffset() + resultsOffset;
        if (events.byteArray() == results.byteArray() &&
            eventsStart < resultsStart + resultsLength && resultsStart < eventsStart + eventsLength)
        {
            throw new IllegalArgumentException("results must not overlap the events of their batch");
        }
    }

    /**
     * Expires pending transfers whose deadline (timestamp + timeout) is at or before the cluster time, oldest
     * deadline first, at most {@link LedgerLimits#EXPIRIES_PER_STEP_MAX} per call; each expiry takes the next
     * unique timestamp. Create batches call this first; a node may also call it from a log-sequenced timer.
     *
     * @param clusterTimeNs the time from the log, in nanoseconds since the epoch.
     * @return how many pending transfers expired.
     */
    public int expirePendingTransfers(final long clusterTimeNs)
    {
        long timestamp = Math.max(clusterTimeNs, lastTimestamp + 1);
        int expired = 0;
        while (expired < LedgerLimits.EXPIRIES_PER_STEP_MAX && !expiries.isEmpty() &&
            expiries.peekDeadline() <= timestamp)
        {
            final int transfer = expiries.peekReference();
            expiries.removeTop();
            if (transfers.status[transfer] == TransferStore.STATUS_PENDING)
            {
                expire(transfer, timestamp);
                lastTimestamp = timestamp;
                timestamp++;
                expired++;
            }
        }
        return expired;
    }

    void expire(final int transfer, final long timestamp)
    {
        final long[] t = transfers.records;
        final int base = TransferStore.base(transfer);
        final long amountLo = t[base + TransferStore.AMOUNT];
        final long amountHi = t[base + TransferStore.AMOUNT + 1];
        final int debit = transfers.debitAccount(transfer);
        final int credit = transfers.creditAccount(transfer);
        final long[] a = accounts.records;
        final int d = AccountStore.base(debit);
        final int c = AccountStore.base(credit);
        transfers.status[transfer] = TransferStore.STATUS_EXPIRED;
        TransferCreator.subtract(a, d + AccountStore.DEBITS_PENDING, amountLo, amountHi);
        TransferCreator.subtract(a, c + AccountStore.CREDITS_PENDING, amountLo, amountHi);
        final int flags = transfers.flags(transfer);
        if ((flags & TransferFlags.CLOSING_DEBIT) != 0)
        {
            accounts.setFlags(debit, accounts.flags(debit) & ~AccountFlags.CLOSED);
        }
        if ((flags & TransferFlags.CLOSING_CREDIT) != 0)
        {
            accounts.setFlags(credit, accounts.flags(credit) & ~AccountFlags.CLOSED);
        }
        hash.mix(transfer, timestamp);
        hash.mix(a[d + AccountStore.DEBITS_PENDING], a[d + AccountStore.DEBITS_PENDING + 1]);
        hash.mix(a[c + AccountStore.CREDITS_PENDING], a[c + AccountStore.CREDITS_PENDING + 1]);
        hash.mix(a[d + AccountStore.CODE_FLAGS], a[c + AccountStore.CODE_FLAGS]);
    }

    /**
     * The earliest deadline among scheduled expiries, for a node to set a timer; it may be the deadline of a
     * transfer already posted or voided (a timer that finds nothing to expire is harmless).
     *
     * @return the deadline in nanoseconds, or {@link Long#MAX_VALUE} when nothing is scheduled.
     */
    public long nextExpiryTimestampNs()
    {
        return expiries.isEmpty() ? Long.MAX_VALUE : expiries.peekDeadline();
    }

    /**
     * Writes the accounts with the given ids that exist, in request order.
     *
     * @param ids       16-byte little-endian ids.
     * @param offset    where the first id starts.
     * @param count     ids, 1..{@link LedgerLimits#BATCH_EVENTS_MAX}.
     * @param output    where to write the accounts, 128 bytes each.
     * @param outOffset where the first account goes.
     * @return how many accounts were written.
     */
    public int lookupAccounts(
        final DirectBuffer ids, final int offset, final int count, final MutableDirectBuffer output, final int outOffset)
    {
        requireBatchSize(count);
        int found = 0;
        for (int i = 0; i < count; i++)
        {
            final int reference = accounts.find(
                ids.getLong(offset + i * LedgerLimits.ID_LENGTH, Wire.ORDER),
                ids.getLong(offset + i * LedgerLimits.ID_LENGTH + 8, Wire.ORDER));
            if (reference != IdIndex.NONE)
            {
                queries.writeAccount(reference, output, outOffset + found * LedgerLimits.RECORD_LENGTH);
                found++;
            }
        }
        return found;
    }

    /**
     * Writes the transfers with the given ids that exist, in request order.
     *
     * @param ids       16-byte little-endian ids.
     * @param offset    where the first id starts.
     * @param count     ids, 1..{@link LedgerLimits#BATCH_EVENTS_MAX}.
     * @param output    where to write the transfers, 128 bytes each.
     * @param outOffset where the first transfer goes.
     * @return how many transfers were written.
     */
    public int lookupTransfers(
        final DirectBuffer ids, final int offset, final int count, final MutableDirectBuffer output, final int outOffset)
    {
        requireBatchSize(count);
        int found = 0;
        for (int i = 0; i < count; i++)
        {
            final int reference = transfers.find(
                ids.getLong(offset + i * LedgerLimits.ID_LENGTH, Wire.ORDER),
                ids.getLong(offset + i * LedgerLimits.ID_LENGTH + 8, Wire.ORDER));
            if (reference != IdIndex.NONE && !transfers.isOrphan(reference))
            {
                queries.writeTransfer(reference, output, outOffset + found * LedgerLimits.RECORD_LENGTH);
                found++;
            }
        }
        return found;
    }

    /**
     * The transfers of one account, filtered by an AccountFilter ({@link Wire}); an invalid filter or a missing
     * account yields no rows, as in TigerBeetle.
     *
     * @param filter    the AccountFilter.
     * @param offset    where it starts.
     * @param output    room for min(limit, {@link LedgerLimits#QUERY_ROWS_MAX}) transfers of 128 bytes.
     * @param outOffset where the first transfer goes.
     * @return rows written.
     */
    public int getAccountTransfers(
        final DirectBuffer filter, final int offset, final MutableDirectBuffer output, final int outOffset)
    {
        return queries.accountTransfers(filter, offset, output, outOffset, false);
    }

    /**
     * The balances of a {@code history} account after each of its transfers that match an AccountFilter, as
     * AccountBalance records ({@link Wire}); no rows for an invalid filter or an account without history.
     *
     * @param filter    the AccountFilter.
     * @param offset    where it starts.
     * @param output    room for min(limit, {@link LedgerLimits#QUERY_ROWS_MAX}) records of 128 bytes.
     * @param outOffset where the first record goes.
     * @return rows written.
     */
    public int getAccountBalances(
        final DirectBuffer filter, final int offset, final MutableDirectBuffer output, final int outOffset)
    {
        return queries.accountTransfers(filter, offset, output, outOffset, true);
    }

    /**
     * Accounts matching every non-zero field of a QueryFilter ({@link Wire}), in timestamp order.
     *
     * @param filter    the QueryFilter.
     * @param offset    where it starts.
     * @param output    room for min(limit, {@link LedgerLimits#QUERY_ROWS_MAX}) accounts of 128 bytes.
     * @param outOffset where the first account goes.
     * @return rows written.
     */
    public int queryAccounts(final DirectBuffer filter, final int offset, final MutableDirectBuffer output, final int outOffset)
    {
        return queries.queryAccounts(filter, offset, output, outOffset);
    }

    /**
     * Transfers matching every non-zero field of a QueryFilter ({@link Wire}), in timestamp order.
     *
     * @param filter    the QueryFilter.
     * @param offset    where it starts.
     * @param output    room for min(limit, {@link LedgerLimits#QUERY_ROWS_MAX}) transfers of 128 bytes.
     * @param outOffset where the first transfer goes.
     * @return rows written.
     */
    public int queryTransfers(final DirectBuffer filter, final int offset, final MutableDirectBuffer output, final int outOffset)
    {
        return queries.queryTransfers(filter, offset, output, outOffset);
    }

    /**
     * The running hash of every decision so far: equal on replicas that applied the same inputs.
     *
     * @return the state hash.
     */
    public long stateHash()
    {
        return hash.value();
    }

    /**
     * The last timestamp given to an event or an expiry; the next one is greater.
     *
     * @return nanoseconds since the epoch, 0 before the first batch.
     */
    public long lastTimestampNs()
    {
        return lastTimestamp;
    }

    /**
     * A digest of the content, independent of how it is split: the wrapping sum of a hash of every account (ids,
     * balances, flags, user data, timestamp) plus a hash of every transfer (its fields and pending status) this
     * ledger stores for its debit account. Shards holding disjoint accounts therefore add up to the digest of
     * one ledger holding them all. O(accounts + transfers): for comparisons and checkpoints, not per batch.
     *
     * @return the digest.
     */
    public long contentDigest()
    {
        long sum = 0;
        final long[] a = accounts.records;
        for (int i = 0; i < accounts.count(); i++)
        {
            // Every field but the lists, in the order of the layout it was defined on.
            long value = StateHash.SEED;
            for (int field = 0; field < AccountStore.LAYOUT_V3.length - 2; field++)
            {
                value = StateHash.step(value, a[AccountStore.base(i) + AccountStore.LAYOUT_V3[field]]);
            }
            sum += StateHash.step(value, 0);
        }
        final long[] t = transfers.records;
        for (int i = 0; i < transfers.count(); i++)
        {
            if (!accounts.isGhost(transfers.debitAccount(i)))
            {
                sum += digest(t, TransferStore.base(i), TransferStore.ACCOUNTS, transfers.status[i]);
            }
        }
        return sum;
    }

    private static long digest(final long[] records, final int base, final int longs, final long extra)
    {
        long value = StateHash.SEED;
        for (int i = 0; i < longs; i++)
        {
            value = StateHash.step(value, records[base + i]);
        }
        return StateHash.step(value, extra);
    }

    ForeignRecords foreign()
    {
        return foreign;
    }

    AccountStore accounts()
    {
        return accounts;
    }

    TransferStore transfers()
    {
        return transfers;
    }

    ExpiryQueue expiries()
    {
        return expiries;
    }

    AccountHistory history()
    {
        return history;
    }

    void lastTimestampNs(final long timestamp)
    {
        lastTimestamp = timestamp;
    }

    /**
     * @return accounts created.
     */
    public int accountCount()
    {
        return accounts.count();
    }

    /**
     * @return transfers created (not counting ids burned by transient failures).
     */
    public int transferCount()
    {
        return transfers.count();
    }

    /**
     * Bytes of memory held by this ledger's preallocated storage, for sizing.
     *
     * @return bytes.
     */
    public long footprintBytes()
    {
        return accounts.footprintBytes() + transfers.footprintBytes() + history.footprintBytes() +
            expiries.footprintBytes();
    }
}
