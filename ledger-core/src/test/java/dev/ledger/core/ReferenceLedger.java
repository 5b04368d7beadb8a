package dev.ledger.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

import dev.ledger.core.LedgerDriver.AccountFilter;
import dev.ledger.core.LedgerDriver.Balance;
import dev.ledger.core.LedgerDriver.QueryFilter;

/**
 * A deliberately simple reference model of the {@link Ledger} state machine, for property tests: BigInteger
 * amounts, {@code java.util} maps, and a linked chain is a copy of the whole state taken when the chain opens
 * and put back when it fails. Written from {@code API.md}, {@code result-codes.md}, {@code ledger-core/README.md}
 * and TigerBeetle's {@code state_machine.zig} ({@code execute_create}, {@code create_account},
 * {@code execute_expire_pending_transfers}), never from the production code. Speed is not a goal.
 * <p>
 * Transfer rules are in {@link ReferenceTransfers}, queries in {@link ReferenceQueries}.
 */
public final class ReferenceLedger implements WorkloadGenerator.StateView
{
    static final BigInteger U128_MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    /** What became of a pending transfer. */
    enum PendingStatus
    {
        PENDING, POSTED, VOIDED, EXPIRED
    }

    /** A created transfer with the balances of its history accounts right after it (null without history). */
    record TransferEntry(TransferRecord transfer, Balance debitAfter, Balance creditAfter)
    {
    }

    /**
     * Everything a failed linked chain must undo. Accounts and entries are never changed in place (a change
     * puts a new copy in the map), so a shallow copy of the maps is a full snapshot. Maps keep insertion order,
     * which is creation order.
     */
    static final class State
    {
        final LinkedHashMap<BigInteger, AccountRecord> accounts = new LinkedHashMap<>();
        final LinkedHashMap<BigInteger, TransferEntry> transfers = new LinkedHashMap<>();
        final Map<BigInteger, PendingStatus> pendingStatus = new HashMap<>();
        final Set<BigInteger> failedTransferIds = new HashSet<>();
        long snapshots;

        State copy()
        {
            final State copy = new State();
            copy.accounts.putAll(accounts);
            copy.transfers.putAll(transfers);
            copy.pendingStatus.putAll(pendingStatus);
            copy.failedTransferIds.addAll(failedTransferIds);
            copy.snapshots = snapshots;
            return copy;
        }

        long maxAccountTimestamp()
        {
            return accounts.values().stream().mapToLong(account -> account.timestamp).max().orElse(0);
        }

        long maxTransferTimestamp()
        {
            return transfers.values().stream().mapToLong(entry -> entry.transfer().timestamp).max().orElse(0);
        }

        boolean accountTimestampExists(final long timestamp)
        {
            return accounts.values().stream().anyMatch(account -> account.timestamp == timestamp);
        }

        boolean transferTimestampExists(final long timestamp)
        {
            return transfers.values().stream().anyMatch(entry -> entry.transfer().timestamp == timestamp);
        }
    }

    /**
     * The first result whose condition holds, in the order the conditions are given: a precedence list read
     * top to bottom. Conditions are evaluated eagerly, so each group may only use what earlier groups proved.
     */
    static final class Precedence<R>
    {
        private R result;

        Precedence<R> when(final boolean condition, final R code)
        {
            if (result == null && condition)
            {
                result = code;
            }
            return this;
        }

        /** The first code that applied, or null. */
        R result()
        {
            return result;
        }
    }

    /** How the batch loop reads one kind of event and names its batch-level codes. */
    private record BatchRules<E, R>(
        ToIntFunction<E> flags,
        int linkedFlag,
        int importedFlag,
        ToLongFunction<E> timestamp,
        BiFunction<E, Long, R> create,
        R ok,
        R linkedEventFailed,
        R linkedEventChainOpen,
        R importedEventExpected,
        R importedEventNotExpected,
        R timestampMustBeZero,
        R importedEventTimestampOutOfRange,
        R importedEventTimestampMustNotAdvance)
    {
    }

    private final LedgerConfig config;
    private State state = new State();
    private long lastTimestamp;
    private int lastBatchStatus = BatchStatus.OK;
    private int expiriesInOneStepMax;

    public ReferenceLedger(final LedgerConfig config)
    {
        this.config = config;
    }

    /** The {@link BatchStatus} of the last create call. */
    public int lastBatchStatus()
    {
        return lastBatchStatus;
    }

    /** The last timestamp given to an event or an expiry. */
    @Override
    public long lastTimestampNs()
    {
        return lastTimestamp;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Batches.

    /** Creates accounts; an empty list when the batch is refused whole (see {@link #lastBatchStatus()}). */
    public List<CreateAccountResult> createAccounts(final long clusterTimeNs, final List<AccountRecord> events)
    {
        // Refused only when the accounts with ids not yet recorded do not fit (a retry needs no room).
        final long unknown = events.stream().filter(account -> !state.accounts.containsKey(account.id)).count();
        if (config.accountsMax() - state.accounts.size() < unknown)
        {
            lastBatchStatus = BatchStatus.ACCOUNTS_FULL;
            return List.of();
        }
        lastBatchStatus = BatchStatus.OK;
        expirePendingTransfers(clusterTimeNs);
        final BatchRules<AccountRecord, CreateAccountResult> rules = new BatchRules<>(
            account -> account.flags, AccountFlags.LINKED, AccountFlags.IMPORTED, account -> account.timestamp,
            this::createAccount,
            CreateAccountResult.OK,
            CreateAccountResult.LINKED_EVENT_FAILED,
            CreateAccountResult.LINKED_EVENT_CHAIN_OPEN,
            CreateAccountResult.IMPORTED_EVENT_EXPECTED,
            CreateAccountResult.IMPORTED_EVENT_NOT_EXPECTED,
            CreateAccountResult.TIMESTAMP_MUST_BE_ZERO,
            CreateAccountResult.IMPORTED_EVENT_TIMESTAMP_OUT_OF_RANGE,
            CreateAccountResult.IMPORTED_EVENT_TIMESTAMP_MUST_NOT_ADVANCE);
        return applyBatch(clusterTimeNs, events, rules);
    }

    /** Creates transfers; an empty list when the batch is refused whole (see {@link #lastBatchStatus()}). */
    public List<CreateTransferResult> createTransfers(final long clusterTimeNs, final List<TransferRecord> events)
    {
        final long idsFree = (long)config.transfersMax() - state.transfers.size() - state.failedTransferIds.size();
        final long snapshotsFree = config.historyMax() - state.snapshots;
        // Refused only when the transfers with ids not yet recorded (created or burned) could not fit.
        final long unknown = events.stream().filter(transfer -> !state.transfers.containsKey(transfer.id) &&
            !state.failedTransferIds.contains(transfer.id)).count();
        if (idsFree < unknown || snapshotsFree < 2L * unknown)
        {
            lastBatchStatus = BatchStatus.TRANSFERS_FULL;
            return List.of();
        }
        lastBatchStatus = BatchStatus.OK;
        expirePendingTransfers(clusterTimeNs);
        final BatchRules<TransferRecord, CreateTransferResult> rules = new BatchRules<>(
            transfer -> transfer.flags, TransferFlags.LINKED, TransferFlags.IMPORTED, transfer -> transfer.timestamp,
            (transfer, timestampEvent) -> new ReferenceTransfers(state).create(transfer, timestampEvent),
            CreateTransferResult.OK,
            CreateTransferResult.LINKED_EVENT_FAILED,
            CreateTransferResult.LINKED_EVENT_CHAIN_OPEN,
            CreateTransferResult.IMPORTED_EVENT_EXPECTED,
            CreateTransferResult.IMPORTED_EVENT_NOT_EXPECTED,
            CreateTransferResult.TIMESTAMP_MUST_BE_ZERO,
            CreateTransferResult.IMPORTED_EVENT_TIMESTAMP_OUT_OF_RANGE,
            CreateTransferResult.IMPORTED_EVENT_TIMESTAMP_MUST_NOT_ADVANCE);
        final List<CreateTransferResult> results = applyBatch(clusterTimeNs, events, rules);
        return results;
    }

    /**
     * TigerBeetle's {@code execute_create}. Event {@code i} has timestamp {@code base + i} (README
     * "Timestamps"); the first event decides whether the batch is imported; a chain's last event still linked
     * at the end of the batch fails with {@code linked_event_chain_open} (checked before a broken chain's
     * {@code linked_event_failed}, as in {@code execute_create}); the first failure in a chain restores the
     * state from before the chain and turns the earlier results of the chain into {@code linked_event_failed};
     * then a transfer id that failed for a transient reason is burned, outside the rolled-back scope.
     */
    private <E, R> List<R> applyBatch(final long clusterTimeNs, final List<E> events, final BatchRules<E, R> rules)
    {
        final int count = events.size();
        final long base = Math.max(clusterTimeNs, lastTimestamp + 1);
        final long batchTimestamp = base + count - 1;
        final boolean batchImported =
            count > 0 && (rules.flags().applyAsInt(events.get(0)) & rules.importedFlag()) != 0;
        final List<R> results = new ArrayList<>();
        int chainStart = -1;
        boolean chainBroken = false;
        State beforeChain = null;
        for (int i = 0; i < count; i++)
        {
            final E event = events.get(i);
            final int flags = rules.flags().applyAsInt(event);
            final boolean linked = (flags & rules.linkedFlag()) != 0;
            final boolean imported = (flags & rules.importedFlag()) != 0;
            final long timestamp = rules.timestamp().applyAsLong(event);
            if (linked && chainStart < 0)
            {
                chainStart = i;
                beforeChain = state.copy();
            }
            R result = new Precedence<R>()
                .when(linked && i == count - 1, rules.linkedEventChainOpen())
                .when(chainBroken, rules.linkedEventFailed())
                .when(batchImported && !imported, rules.importedEventExpected())
                .when(!batchImported && imported, rules.importedEventNotExpected())
                .when(!imported && timestamp != 0, rules.timestampMustBeZero())
                .when(imported && timestamp < LedgerLimits.TIMESTAMP_MIN, rules.importedEventTimestampOutOfRange())
                .when(imported && timestamp >= batchTimestamp, rules.importedEventTimestampMustNotAdvance())
                .result();
            if (result == null)
            {
                result = rules.create().apply(event, base + i);
            }
            if (result != rules.ok())
            {
                if (chainStart >= 0 && !chainBroken)
                {
                    chainBroken = true;
                    state = beforeChain;
                    for (int j = chainStart; j < i; j++)
                    {
                        results.set(j, rules.linkedEventFailed());
                    }
                }
                if (result instanceof CreateTransferResult && ((CreateTransferResult)result).isTransient())
                {
                    state.failedTransferIds.add(((TransferRecord)event).id);
                }
            }
            results.add(result);
            if (chainStart >= 0 && (!linked || result == rules.linkedEventChainOpen()))
            {
                chainStart = -1;
                chainBroken = false;
                beforeChain = null;
            }
        }
        lastTimestamp = batchTimestamp;
        return results;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Expiry.

    /**
     * README "Expiry": oldest deadline first (ties by creation order: the sort is stable over creation order),
     * each expiry takes the next timestamp {@code t = max(T, last + 1)}, and an entry expires while its deadline
     * is at or before {@code t}; at most {@link LedgerLimits#EXPIRIES_PER_STEP_MAX} per step.
     */
    private void expirePendingTransfers(final long clusterTimeNs)
    {
        final List<TransferRecord> candidates = new ArrayList<>();
        for (final TransferEntry entry : state.transfers.values())
        {
            final TransferRecord transfer = entry.transfer();
            if (transfer.timeout > 0 && state.pendingStatus.get(transfer.id) == PendingStatus.PENDING)
            {
                candidates.add(transfer);
            }
        }
        candidates.sort((a, b) -> Long.compare(deadline(a), deadline(b)));
        int expired = 0;
        for (final TransferRecord pending : candidates)
        {
            final long timestamp = Math.max(clusterTimeNs, lastTimestamp + 1);
            if (expired == LedgerLimits.EXPIRIES_PER_STEP_MAX || deadline(pending) > timestamp)
            {
                break;
            }
            expire(pending);
            lastTimestamp = timestamp;
            expired++;
        }
        expiriesInOneStepMax = Math.max(expiriesInOneStepMax, expired);
    }

    /** Balance snapshots kept for history accounts (README "Capacity"). */
    long snapshots()
    {
        return state.snapshots;
    }

    /** The most pending transfers one expiry step has expired so far, so a test can show it reached the limit. */
    int expiriesInOneStepMax()
    {
        return expiriesInOneStepMax;
    }

    /** Releases the reservation and reopens accounts closed by it; records no balance history (README). */
    private void expire(final TransferRecord pending)
    {
        final AccountRecord debit = state.accounts.get(pending.debitAccountId).copy();
        final AccountRecord credit = state.accounts.get(pending.creditAccountId).copy();
        debit.debitsPending = debit.debitsPending.subtract(pending.amount);
        credit.creditsPending = credit.creditsPending.subtract(pending.amount);
        if ((pending.flags & TransferFlags.CLOSING_DEBIT) != 0)
        {
            debit.flags &= ~AccountFlags.CLOSED;
        }
        if ((pending.flags & TransferFlags.CLOSING_CREDIT) != 0)
        {
            credit.flags &= ~AccountFlags.CLOSED;
        }
        state.accounts.put(debit.id, debit);
        state.accounts.put(credit.id, credit);
        state.pendingStatus.put(pending.id, PendingStatus.EXPIRED);
    }

    /** When a pending transfer with a timeout expires, in nanoseconds (README "Expiry"). */
    static long deadline(final TransferRecord pending)
    {
        return pending.timestamp + pending.timeout * LedgerLimits.NANOS_PER_SECOND;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Accounts: TigerBeetle's create_account and create_account_exists.

    private CreateAccountResult createAccount(final AccountRecord a, final long timestampEvent)
    {
        final CreateAccountResult invalid = new Precedence<CreateAccountResult>()
            .when(a.reserved != 0, CreateAccountResult.RESERVED_FIELD)
            .when((a.flags & ~AccountFlags.ALL) != 0, CreateAccountResult.RESERVED_FLAG)
            .when(a.id.signum() == 0, CreateAccountResult.ID_MUST_NOT_BE_ZERO)
            .when(a.id.equals(U128_MAX), CreateAccountResult.ID_MUST_NOT_BE_INT_MAX)
            .result();
        if (invalid != null)
        {
            return invalid;
        }
        final AccountRecord e = state.accounts.get(a.id);
        if (e != null)
        {
            return new Precedence<CreateAccountResult>()
                .when(a.flags != e.flags, CreateAccountResult.EXISTS_WITH_DIFFERENT_FLAGS)
                .when(!a.userData128.equals(e.userData128), CreateAccountResult.EXISTS_WITH_DIFFERENT_USER_DATA_128)
                .when(a.userData64 != e.userData64, CreateAccountResult.EXISTS_WITH_DIFFERENT_USER_DATA_64)
                .when(a.userData32 != e.userData32, CreateAccountResult.EXISTS_WITH_DIFFERENT_USER_DATA_32)
                .when(a.ledger != e.ledger, CreateAccountResult.EXISTS_WITH_DIFFERENT_LEDGER)
                .when(a.code != e.code, CreateAccountResult.EXISTS_WITH_DIFFERENT_CODE)
                .when(true, CreateAccountResult.EXISTS)
                .result();
        }
        final boolean imported = (a.flags & AccountFlags.IMPORTED) != 0;
        final int limits = AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS | AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS;
        final CreateAccountResult failure = new Precedence<CreateAccountResult>()
            .when((a.flags & limits) == limits, CreateAccountResult.FLAGS_ARE_MUTUALLY_EXCLUSIVE)
            .when(a.debitsPending.signum() != 0, CreateAccountResult.DEBITS_PENDING_MUST_BE_ZERO)
            .when(a.debitsPosted.signum() != 0, CreateAccountResult.DEBITS_POSTED_MUST_BE_ZERO)
            .when(a.creditsPending.signum() != 0, CreateAccountResult.CREDITS_PENDING_MUST_BE_ZERO)
            .when(a.creditsPosted.signum() != 0, CreateAccountResult.CREDITS_POSTED_MUST_BE_ZERO)
            .when(a.ledger == 0, CreateAccountResult.LEDGER_MUST_NOT_BE_ZERO)
            .when(a.code == 0, CreateAccountResult.CODE_MUST_NOT_BE_ZERO)
            .when(
                imported && (a.timestamp <= state.maxAccountTimestamp() || state.transferTimestampExists(a.timestamp)),
                CreateAccountResult.IMPORTED_EVENT_TIMESTAMP_MUST_NOT_REGRESS)
            .result();
        if (failure != null)
        {
            return failure;
        }
        final AccountRecord created = a.copy();
        created.timestamp = imported ? a.timestamp : timestampEvent;
        state.accounts.put(created.id, created);
        return CreateAccountResult.OK;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Lookups and queries.

    /** The account, or null. */
    @Override
    public AccountRecord account(final BigInteger id)
    {
        final AccountRecord account = state.accounts.get(id);
        return account == null ? null : account.copy();
    }

    /** The transfer, or null (also for ids burned by transient failures). */
    @Override
    public TransferRecord transfer(final BigInteger id)
    {
        final TransferEntry entry = state.transfers.get(id);
        return entry == null ? null : entry.transfer().copy();
    }

    /** The status of a pending transfer, or null when the id is not a created pending transfer. */
    PendingStatus pendingStatus(final BigInteger id)
    {
        return state.pendingStatus.get(id);
    }

    public List<AccountRecord> lookupAccounts(final List<BigInteger> ids)
    {
        final List<AccountRecord> found = new ArrayList<>();
        for (final BigInteger id : ids)
        {
            final AccountRecord account = account(id);
            if (account != null)
            {
                found.add(account);
            }
        }
        return found;
    }

    public List<TransferRecord> lookupTransfers(final List<BigInteger> ids)
    {
        final List<TransferRecord> found = new ArrayList<>();
        for (final BigInteger id : ids)
        {
            final TransferRecord transfer = transfer(id);
            if (transfer != null)
            {
                found.add(transfer);
            }
        }
        return found;
    }

    public List<TransferRecord> accountTransfers(final AccountFilter filter)
    {
        return ReferenceQueries.accountTransfers(state, filter);
    }

    public List<Balance> accountBalances(final AccountFilter filter)
    {
        return ReferenceQueries.accountBalances(state, filter);
    }

    public List<AccountRecord> queryAccounts(final QueryFilter filter)
    {
        return ReferenceQueries.queryAccounts(state, filter);
    }

    public List<TransferRecord> queryTransfers(final QueryFilter filter)
    {
        return ReferenceQueries.queryTransfers(state, filter);
    }
}
