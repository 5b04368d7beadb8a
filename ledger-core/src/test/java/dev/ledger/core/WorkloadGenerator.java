package dev.ledger.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded batches of create_accounts and create_transfers events for property tests and the simulator: one
 * {@code long} seed, one {@link SplittableRandom}, nothing else random. The same seed and the same answers from
 * the {@link StateView} give the same batches.
 * <p>
 * Events are biased towards the edges: amounts 0, 1, 2, 2^64-1, 2^64, 2^128-2, 2^128-1 and exactly at (or one
 * off) an account's limit or overflow point; every kind of transfer (single-phase, pending with and without
 * timeout, post full/partial/2^128-1, void, balancing with amount 0, closing); linked chains, including ones that
 * fail in the middle and ones left open at the end of a batch; imported batches; exact resubmissions and
 * resubmissions with one field changed; references to missing accounts and pending transfers; invalid fields.
 * Cluster time mostly moves forward in small steps, sometimes jumps by hours (so that pending transfers
 * expire), sometimes stands still or goes backwards.
 */
public final class WorkloadGenerator
{
    private static final long SECOND_NS = 1_000_000_000L;
    private static final long EPOCH_NS = 1_700_000_000_000_000_000L;
    /** Late enough that timestamp + timeout * 10^9 can pass 2^63 - 1 ({@code overflows_timeout}). */
    private static final long LATE_EPOCH_NS = 9_000_000_000_000_000_000L;

    /**
     * What the generator may ask about the ledger, so that amounts can sit exactly at a limit and posts find
     * their pending transfers. Answers must come from the ledger the batches are applied to (or a model of it).
     */
    public interface StateView
    {
        /** The account, or null. */
        AccountRecord account(BigInteger id);

        /** The transfer, or null. */
        TransferRecord transfer(BigInteger id);

        /** The last timestamp given to an event or an expiry, 0 before the first batch. */
        long lastTimestampNs();

        /** A view of a real ledger through its driver. */
        static StateView of(final LedgerDriver driver)
        {
            return new StateView()
            {
                @Override
                public AccountRecord account(final BigInteger id)
                {
                    return driver.account(id);
                }

                @Override
                public TransferRecord transfer(final BigInteger id)
                {
                    return driver.transfer(id);
                }

                @Override
                public long lastTimestampNs()
                {
                    return driver.ledger().lastTimestampNs();
                }
            };
        }
    }

    /** Which create operation a batch is for. */
    public enum Operation
    {
        CREATE_ACCOUNTS, CREATE_TRANSFERS
    }

    /** One create batch: the cluster time of its log message and its events (one of the lists is empty). */
    public record Batch(
        Operation operation, long clusterTimeNs, List<AccountRecord> accounts, List<TransferRecord> transfers)
    {
        public int size()
        {
            return operation == Operation.CREATE_ACCOUNTS ? accounts.size() : transfers.size();
        }

        /** The event at an index, for messages. */
        public String describe(final int index)
        {
            return index < 0 || index >= size() ? "-" :
                String.valueOf(operation == Operation.CREATE_ACCOUNTS ? accounts.get(index) : transfers.get(index));
        }

        /** A deep copy, so that a caller may change one event without touching this batch. */
        public Batch copy()
        {
            final List<AccountRecord> accountsCopy = new ArrayList<>();
            accounts.forEach(account -> accountsCopy.add(account.copy()));
            final List<TransferRecord> transfersCopy = new ArrayList<>();
            transfers.forEach(transfer -> transfersCopy.add(transfer.copy()));
            return new Batch(operation, clusterTimeNs, accountsCopy, transfersCopy);
        }
    }

    private final SplittableRandom random;
    private final LedgerConfig config;
    private final boolean lateEpoch;
    private long clusterTimeNs;
    private int batches;
    private final WorkloadEvents eventSource;


    /**
     * @param seed the only source of randomness.
     * @param eventsPlanned about how many events the caller will ask for; sizes the tight capacities.
     */
    public WorkloadGenerator(final long seed, final int eventsPlanned)
    {
        this(seed, eventsPlanned, null);
    }

    /**
     * @param seed the only source of randomness.
     * @param eventsPlanned about how many events the caller will ask for; sizes the tight capacities.
     * @param config the capacities to use, or null to choose them from the seed.
     */
    public WorkloadGenerator(final long seed, final int eventsPlanned, final LedgerConfig config)
    {
        random = new SplittableRandom(seed);
        eventSource = new WorkloadEvents(random);
        lateEpoch = random.nextInt(4) == 0;
        clusterTimeNs = (lateEpoch ? LATE_EPOCH_NS : EPOCH_NS) + random.nextLong(SECOND_NS);
        // Half the seeds have one tight capacity, so that batches get refused whole part way through.
        final int planned = Math.max(eventsPlanned, 100);
        final int profile = random.nextInt(6);
        this.config = config != null ? config : new LedgerConfig(
            profile == 3 ? 100 + random.nextInt(planned / 25 + 1) : 1 << 16,
            profile == 4 ? planned / 6 + random.nextInt(planned / 3 + 1) : 1 << 17,
            profile == 5 ? LedgerConfig.HISTORY_MIN + random.nextInt(planned / 10 + 1) : 1 << 18);
    }

    /** The capacities to give every ledger (and model) that receives these batches. */
    public LedgerConfig config()
    {
        return config;
    }

    /** Every account id any event so far has used (created or only referenced), in first-use order. */
    public List<BigInteger> accountIds()
    {
        return eventSource.accountIds();
    }

    /** Every transfer id any event so far has used (as id or pending_id), in first-use order. */
    public List<BigInteger> transferIds()
    {
        return eventSource.transferIds();
    }

    /** The cluster time of the last batch. */
    public long clusterTimeNs()
    {
        return clusterTimeNs;
    }

    /**
     * The next batch. The view must reflect every batch returned so far as applied.
     */
    public Batch next(final StateView view)
    {
        advanceTime();
        batches++;
        final boolean accounts = eventSource.accountPoolSize() < 8 || random.nextInt(100) < 14;
        final int size = batchSize(accounts);
        final int special = random.nextInt(100);
        final boolean imported = special < 4;
        final long importedFrom = view.lastTimestampNs();
        if (imported)
        {
            // Leave room below the batch's timestamp for the imported ones.
            clusterTimeNs = Math.max(clusterTimeNs, importedFrom + 1_000L * size + SECOND_NS);
        }
        final TransferRecord due = !accounts && special >= 4 && special < 14 ? eventSource.pendingDueSoon(view) : null;
        if (due != null)
        {
            // The batch lands on (or just before) a deadline: the expiry step's boundary, and a post or void of
            // that transfer whose own timestamp may reach the deadline before the expiry step does.
            clusterTimeNs = deadline(due) - random.nextInt(4);
        }
        final Batch batch;
        if (accounts)
        {
            final List<AccountRecord> events = new ArrayList<>();
            for (int i = 0; i < size; i++)
            {
                events.add(eventSource.account());
            }
            batch = new Batch(Operation.CREATE_ACCOUNTS, clusterTimeNs, events, List.of());
        }
        else
        {
            final List<TransferRecord> events = new ArrayList<>();
            for (int i = 0; i < size; i++)
            {
                events.add(eventSource.transfer(view));
            }
            if (due != null)
            {
                final int flag = random.nextBoolean() ? TransferFlags.POST_PENDING_TRANSFER :
                    TransferFlags.VOID_PENDING_TRANSFER;
                events.set(random.nextInt(Math.min(size, 6)), eventSource.postOrVoid(view, flag, due.id));
            }
            if (lateEpoch && special >= 14 && special < 17 && size >= 2)
            {
                timeoutAtTheEdge(view, events);
            }
            batch = new Batch(Operation.CREATE_TRANSFERS, clusterTimeNs, List.of(), events);
        }
        link(batch);
        importOrStamp(batch, imported, importedFrom, view);
        eventSource.register(batch);
        return batch;
    }

    /**
     * A batch of {@code size} pending transfers with a one-second timeout and amounts of 0..2 between existing
     * accounts at the current cluster time, for the bound on expiries per step (README "Expiry") when more than
     * that many fall due at once, and to fill the balance history.
     *
     * They count as submitted like any other events, so later batches post and void them.
     *
     * @param historySides how many of each transfer's two accounts have {@code history}: 1 or 2, or 0 for any.
     */
    public Batch pendingFlood(final StateView view, final int size, final int historySides)
    {
        // Cluster time stands still, so that floods in a row fall due together.
        batches++;
        final List<BigInteger[]> pairs = eventSource.openPairs(view, historySides);
        final List<TransferRecord> events = new ArrayList<>();
        for (int i = 0; i < size; i++)
        {
            final TransferRecord pending = eventSource.freshTransfer(view, TransferFlags.PENDING);
            if (!pairs.isEmpty())
            {
                final BigInteger[] pair = pairs.get(random.nextInt(pairs.size()));
                pending.debitAccountId = pair[0];
                pending.creditAccountId = pair[1];
                pending.ledger = view.account(pair[0]).ledger;
            }
            pending.timeout = 1;
            pending.amount = BigInteger.valueOf(random.nextInt(4) == 0 ? 1 : 0);
            events.add(pending);
        }
        final Batch batch = new Batch(Operation.CREATE_TRANSFERS, clusterTimeNs, List.of(), events);
        eventSource.register(batch);
        return batch;
    }



    private static long deadline(final TransferRecord pending)
    {
        return pending.timestamp + pending.timeout * SECOND_NS;
    }

    /**
     * Two pending transfers first in the batch whose timeout puts the first one's deadline at exactly 2^63 - 1
     * (the largest timestamp) and the second one's one past it ({@code overflows_timeout}), provided that no
     * expiry takes a timestamp first.
     */
    private void timeoutAtTheEdge(final StateView view, final List<TransferRecord> events)
    {
        final long from = Math.max(clusterTimeNs, view.lastTimestampNs() + 1);
        final long timeout = (Long.MAX_VALUE - from) / SECOND_NS - 1;
        if (timeout < 1 || timeout > 0xFFFF_FFFFL)
        {
            return;
        }
        clusterTimeNs = Long.MAX_VALUE - timeout * SECOND_NS;
        for (int i = 0; i < 2; i++)
        {
            final TransferRecord pending = eventSource.pendingTransfer(view);
            pending.timeout = timeout;
            pending.amount = BigInteger.valueOf(random.nextInt(3));
            events.set(i, pending);
        }
    }

    private void advanceTime()
    {
        final int k = random.nextInt(100);
        if (k < 5)
        {
            return;
        }
        if (k < 10)
        {
            clusterTimeNs = Math.max(1, clusterTimeNs - random.nextLong(10 * SECOND_NS));
        }
        else if (k < 75)
        {
            clusterTimeNs += 1_000_000L + random.nextLong(1_500_000_000L);
        }
        else if (k < 93)
        {
            clusterTimeNs += 1_500_000_000L + random.nextLong(30 * SECOND_NS);
        }
        else
        {
            clusterTimeNs += 60 * SECOND_NS + random.nextLong(3 * 3600 * SECOND_NS);
        }
    }

    private int batchSize(final boolean accounts)
    {
        if (batches <= 2)
        {
            return 20 + random.nextInt(20);
        }
        final int k = random.nextInt(100);
        if (k < 10)
        {
            return 1;
        }
        if (k < 88)
        {
            return 1 + random.nextInt(accounts ? 20 : 50);
        }
        return 51 + random.nextInt(accounts ? 50 : 250);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Chains, imported batches, registration.

    /** Sets {@code linked} on chains of 2..5 events; a chain that would run past the end stays open. */
    private void link(final Batch batch)
    {
        final int size = batch.size();
        int i = 0;
        while (i < size)
        {
            if (random.nextInt(100) < 10)
            {
                final int length = 2 + random.nextInt(4);
                for (int j = i; j < Math.min(i + length, size); j++)
                {
                    setLinked(batch, j, j < i + length - 1);
                }
                i += length;
            }
            else
            {
                i++;
            }
        }
        if (random.nextInt(100) < 3)
        {
            setLinked(batch, size - 1, true);
        }
    }

    private static void setLinked(final Batch batch, final int index, final boolean linked)
    {
        if (batch.operation() == Operation.CREATE_ACCOUNTS)
        {
            final AccountRecord account = batch.accounts().get(index);
            account.flags = linked ? account.flags | AccountFlags.LINKED : account.flags & ~AccountFlags.LINKED;
        }
        else
        {
            final TransferRecord transfer = batch.transfers().get(index);
            transfer.flags = linked ? transfer.flags | TransferFlags.LINKED : transfer.flags & ~TransferFlags.LINKED;
        }
    }

    /**
     * An imported batch gets increasing timestamps above everything the ledger has stamped and below the
     * batch's own timestamp, with a few broken ones; any other batch sometimes gets a stray imported event.
     */
    private void importOrStamp(
        final Batch batch, final boolean imported, final long importedFrom, final StateView view)
    {
        final boolean accounts = batch.operation() == Operation.CREATE_ACCOUNTS;
        final int importedFlag = accounts ? AccountFlags.IMPORTED : TransferFlags.IMPORTED;
        if (!imported)
        {
            if (random.nextInt(100) < 3)
            {
                final int index = random.nextInt(batch.size());
                setFlagsAndTimestamp(batch, index, importedFlag, 1 + random.nextLong(importedFrom + 1));
            }
            return;
        }
        long timestamp = importedFrom;
        // The newest record of the other kind is newer than every record of this kind: its timestamp passes the
        // "above every record of this kind" rule and must still be refused as taken.
        final boolean takenFirst = random.nextInt(3) == 0;
        for (int i = 0; i < batch.size(); i++)
        {
            if (i == 0 && takenFirst)
            {
                setFlagsAndTimestamp(batch, 0, importedFlag, eventSource.newestOtherKindTimestamp(view, accounts));
                continue;
            }
            timestamp += 1 + random.nextInt(1000);
            long stamp = timestamp;
            int flag = importedFlag;
            final int k = random.nextInt(100);
            if (k < 2)
            {
                stamp = 0;
            }
            else if (k < 3)
            {
                stamp = -1 - random.nextLong(1000);
            }
            else if (k < 5)
            {
                stamp = batch.clusterTimeNs() + batch.size() + random.nextInt(3);
            }
            else if (k < 7)
            {
                stamp = importedFrom - random.nextInt(3);
            }
            else if (k < 9 && !accounts)
            {
                final AccountRecord account = view.account(eventSource.pickAccount());
                stamp = account != null ? account.timestamp : stamp;
            }
            else if (k < 9 && eventSource.recentTransferId() != null)
            {
                final TransferRecord transfer = view.transfer(eventSource.recentTransferId());
                stamp = transfer != null ? transfer.timestamp : stamp;
            }
            else if (k < 10 && i > 0)
            {
                flag = 0;
            }
            else if (k < 12 && !accounts)
            {
                batch.transfers().get(i).timeout = 1 + random.nextInt(5);
            }
            setFlagsAndTimestamp(batch, i, flag, stamp);
        }
    }


    private static void setFlagsAndTimestamp(final Batch batch, final int index, final int flag, final long stamp)
    {
        if (batch.operation() == Operation.CREATE_ACCOUNTS)
        {
            batch.accounts().get(index).flags |= flag;
            batch.accounts().get(index).timestamp = stamp;
        }
        else
        {
            batch.transfers().get(index).flags |= flag;
            batch.transfers().get(index).timestamp = stamp;
        }
    }


}
