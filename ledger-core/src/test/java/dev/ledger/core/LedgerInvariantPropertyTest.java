package dev.ledger.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.ledger.core.WorkloadGenerator.Batch;
import dev.ledger.core.WorkloadGenerator.Operation;
import dev.ledger.core.WorkloadGenerator.StateView;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariants of the real {@link Ledger} over the seeded workloads of {@link WorkloadGenerator}, checked with
 * lookups after every batch, without a model:
 * <ul>
 * <li>per ledger, the sums of debits and credits agree (posted and pending);</li>
 * <li>balance limits hold for every account that has one;</li>
 * <li>posted balances are exactly the sums of the created transfers and posts; pending balances are exactly the
 * open reservations (within the window where an expiry may or may not have run yet); a pending transfer is
 * posted, voided or expired at most once;</li>
 * <li>resubmitting a batch applies nothing twice: what was created answers {@code exists}, what failed for a
 * transient reason answers {@code id_already_failed}, and no account or transfer changes;</li>
 * <li>determinism: two ledgers fed the same batches give the same results and state hash after every batch;
 * one changed event changes the hash from that batch on.</li>
 * </ul>
 * A failure names the seed; replay it with {@code -Dledger.seed=N} (see {@link PropertyRuns}).
 */
class LedgerInvariantPropertyTest
{
    @TestFactory
    Stream<DynamicTest> invariantsShouldHoldAfterEveryBatchAndResubmission()
    {
        return PropertyRuns.seeds().stream()
            .map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> PropertyRuns.withSeed(
                seed, () -> new InvariantRun(seed, PropertyRuns.events()).run())));
    }

    @TestFactory
    Stream<DynamicContainer> sameBatchesShouldGiveSameResultsAndStateHash()
    {
        return PropertyRuns.seeds().stream().map(seed ->
        {
            final Determinism run = new Determinism(seed, PropertyRuns.events());
            return DynamicContainer.dynamicContainer("seed " + seed, Stream.of(
                DynamicTest.dynamicTest("two ledgers agree after every batch",
                    () -> PropertyRuns.withSeed(seed, run::twoLedgersAgree)),
                DynamicTest.dynamicTest("a changed account changes the hash for good", () -> PropertyRuns.withSeed(
                    seed, () -> run.changedEventChangesHash(Operation.CREATE_ACCOUNTS))),
                DynamicTest.dynamicTest("a changed transfer changes the hash for good", () -> PropertyRuns.withSeed(
                    seed, () -> run.changedEventChangesHash(Operation.CREATE_TRANSFERS)))));
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // Determinism.

    /** Two ledgers fed the same batches, then a third fed them with one created record's user_data_32 changed. */
    private static final class Determinism
    {
        private final long seed;
        private final int eventsPlanned;
        private final List<Batch> batches = new ArrayList<>();
        private final List<List<? extends Enum<?>>> results = new ArrayList<>();
        private final List<Long> hashes = new ArrayList<>();
        private LedgerConfig config;

        Determinism(final long seed, final int eventsPlanned)
        {
            this.seed = seed;
            this.eventsPlanned = eventsPlanned;
        }

        void twoLedgersAgree()
        {
            final WorkloadGenerator generator = new WorkloadGenerator(seed, eventsPlanned);
            config = generator.config();
            final LedgerDriver first = new LedgerDriver(config);
            final LedgerDriver second = new LedgerDriver(config);
            final StateView view = StateView.of(first);
            int events = 0;
            while (events < eventsPlanned)
            {
                final Batch batch = generator.next(view);
                final List<? extends Enum<?>> firstResults = apply(first, batch);
                final List<? extends Enum<?>> secondResults = apply(second, batch);
                final int batchNumber = batches.size() + 1;
                assertThat(secondResults).as("seed=%d batch %d: results of a second ledger", seed, batchNumber)
                    .isEqualTo(firstResults);
                assertThat(second.lastBatchStatus()).as("seed=%d batch %d: batch status", seed, batchNumber)
                    .isEqualTo(first.lastBatchStatus());
                assertThat(second.ledger().stateHash())
                    .as("seed=%d batch %d: state hash of a second ledger", seed, batchNumber)
                    .isEqualTo(first.ledger().stateHash());
                batches.add(batch);
                results.add(firstResults);
                hashes.add(first.ledger().stateHash());
                events += batch.size();
            }
        }

        /**
         * README "State hash": it chains every created record, and the first divergence changes it for good. The
         * change is to user_data_32 of a record that was created, which changes nothing but that record.
         */
        void changedEventChangesHash(final Operation operation)
        {
            assertThat(batches).as("seed=%d: the batches of the first test", seed).isNotEmpty();
            final int[] change = pickChange(operation);
            final String changed = "user_data_32 of created " + batches.get(change[0]).describe(change[1]) +
                " (event " + change[1] + " of batch " + (change[0] + 1) + ")";
            final LedgerDriver third = new LedgerDriver(config);
            for (int b = 0; b < batches.size(); b++)
            {
                Batch batch = batches.get(b);
                if (b == change[0])
                {
                    batch = batch.copy();
                    if (operation == Operation.CREATE_ACCOUNTS)
                    {
                        batch.accounts().get(change[1]).userData32 ^= 0x100;
                    }
                    else
                    {
                        batch.transfers().get(change[1]).userData32 ^= 0x100;
                    }
                }
                apply(third, batch);
                final int batchNumber = b + 1;
                if (b < change[0])
                {
                    assertThat(third.ledger().stateHash())
                        .as("seed=%d batch %d: same batches, same hash", seed, batchNumber).isEqualTo(hashes.get(b));
                }
                else
                {
                    assertThat(third.ledger().stateHash())
                        .as("seed=%d batch %d: README: the hash chains every created record; changed %s",
                            seed, batchNumber, changed)
                        .isNotEqualTo(hashes.get(b));
                }
            }
        }

        /**
         * A batch of the operation (in the second half if possible) and an event of it that was created with
         * user_data_32 != 0 and is not a post or void (whose user data may be inherited).
         */
        private int[] pickChange(final Operation operation)
        {
            final boolean accounts = operation == Operation.CREATE_ACCOUNTS;
            final int postOrVoid = TransferFlags.POST_PENDING_TRANSFER | TransferFlags.VOID_PENDING_TRANSFER;
            for (int pass = 0; pass < 2; pass++)
            {
                for (int b = pass == 0 ? batches.size() / 2 : 0; b < batches.size(); b++)
                {
                    final Batch batch = batches.get(b);
                    for (int i = 0; batch.operation() == operation && i < results.get(b).size(); i++)
                    {
                        final int userData32 = accounts ?
                            batch.accounts().get(i).userData32 : batch.transfers().get(i).userData32;
                        final boolean inherits = !accounts && (batch.transfers().get(i).flags & postOrVoid) != 0;
                        if (results.get(b).get(i).name().equals("OK") && userData32 != 0 && !inherits)
                        {
                            return new int[]{ b, i };
                        }
                    }
                }
            }
            throw new AssertionError("seed=" + seed + ": no created record with user_data_32 to change");
        }
    }

    static List<? extends Enum<?>> apply(final LedgerDriver driver, final Batch batch)
    {
        return batch.operation() == Operation.CREATE_ACCOUNTS ?
            driver.createAccounts(batch.clusterTimeNs(), batch.accounts()) :
            driver.createTransfers(batch.clusterTimeNs(), batch.transfers());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Invariants and resubmission.

    /** What the test knows of a created pending transfer. */
    private enum Resolution
    {
        OPEN, POSTED, VOIDED, EXPIRED
    }

    private static final class Pending
    {
        final TransferRecord transfer;
        Resolution resolution = Resolution.OPEN;

        Pending(final TransferRecord transfer)
        {
            this.transfer = transfer;
        }

        boolean expires()
        {
            return transfer.timeout > 0;
        }

        long deadline()
        {
            return transfer.timestamp + transfer.timeout * LedgerLimits.NANOS_PER_SECOND;
        }
    }

    private static final class InvariantRun
    {
        private final long seed;
        private final int eventsPlanned;
        private final WorkloadGenerator generator;
        private final LedgerDriver driver;
        private final Map<BigInteger, Pending> pendings = new HashMap<>();
        /** Per account: the sums of the amounts of created transfers and posts, debit side and credit side. */
        private final Map<BigInteger, BigInteger> expectedDebitsPosted = new HashMap<>();
        private final Map<BigInteger, BigInteger> expectedCreditsPosted = new HashMap<>();
        private int batchNumber;
        private String phase = "";
        private int resubmissions;
        private int resubmissionsUnchanged;
        private int resubmissionsRefused;

        InvariantRun(final long seed, final int eventsPlanned)
        {
            this.seed = seed;
            this.eventsPlanned = eventsPlanned;
            generator = new WorkloadGenerator(seed, eventsPlanned);
            driver = new LedgerDriver(generator.config());
        }

        void run()
        {
            final StateView view = StateView.of(driver);
            int events = 0;
            while (events < eventsPlanned)
            {
                final Batch batch = generator.next(view);
                batchNumber++;
                phase = "";
                final List<? extends Enum<?>> results = applyAndCheck(batch);
                if (driver.lastBatchStatus() == BatchStatus.OK)
                {
                    resubmit(batch, results);
                }
                events += batch.size();
            }
            // Guards against a vacuous run: most batches must really have been resubmitted and changed nothing.
            final int applied = resubmissions - resubmissionsRefused;
            assertThat(applied).as(where() + ": resubmissions applied").isGreaterThan(batchNumber / 3);
            assertThat(resubmissionsUnchanged)
                .as(where() + ": resubmissions that changed nothing (the rest newly applied an event that had failed)")
                .isGreaterThanOrEqualTo(applied * 3 / 4);
        }

        /** Applies a batch, follows its effects on pending transfers and posted balances, checks invariants. */
        private List<? extends Enum<?>> applyAndCheck(final Batch batch)
        {
            final long lastBefore = driver.ledger().lastTimestampNs();
            final List<? extends Enum<?>> results = apply(driver, batch);
            if (driver.lastBatchStatus() == BatchStatus.OK)
            {
                // README "Expiry": the step at the start of the batch expires every deadline up to at least this.
                expireSurely(Math.max(batch.clusterTimeNs(), lastBefore + 1));
                if (batch.operation() == Operation.CREATE_TRANSFERS)
                {
                    observe(batch, results);
                }
            }
            else
            {
                assertThat(driver.ledger().lastTimestampNs())
                    .as(where() + ": a refused batch changes no timestamp").isEqualTo(lastBefore);
            }
            checkBalances();
            return results;
        }

        private void expireSurely(final long timestamp)
        {
            for (final Pending pending : pendings.values())
            {
                if (pending.resolution == Resolution.OPEN && pending.expires() && pending.deadline() <= timestamp)
                {
                    pending.resolution = Resolution.EXPIRED;
                }
            }
        }

        /** Follows each event in order, as the ledger applied them. */
        private void observe(final Batch batch, final List<? extends Enum<?>> results)
        {
            final List<BigInteger> created = new ArrayList<>();
            for (int i = 0; i < results.size(); i++)
            {
                if (results.get(i) == CreateTransferResult.OK)
                {
                    created.add(batch.transfers().get(i).id);
                }
            }
            final Map<BigInteger, TransferRecord> recorded = new HashMap<>();
            lookupTransfers(created).forEach(transfer -> recorded.put(transfer.id, transfer));
            for (int i = 0; i < results.size(); i++)
            {
                final TransferRecord event = batch.transfers().get(i);
                final CreateTransferResult result = (CreateTransferResult)results.get(i);
                final String what = where() + " event " + i + " " + event + " -> " + result;
                if (result == CreateTransferResult.OK)
                {
                    final TransferRecord transfer = recorded.get(event.id);
                    assertThat(transfer).as(what + ": created transfer not found").isNotNull();
                    observeCreated(event, transfer, what);
                }
                else if (!inChain(batch, i))
                {
                    observeRefused(event, result, what);
                }
            }
        }

        private void observeCreated(final TransferRecord event, final TransferRecord transfer, final String what)
        {
            final boolean post = (event.flags & TransferFlags.POST_PENDING_TRANSFER) != 0;
            final boolean isVoid = (event.flags & TransferFlags.VOID_PENDING_TRANSFER) != 0;
            if (post || isVoid)
            {
                final Pending pending = pendings.get(event.pendingId);
                assertThat(pending).as(what + ": posted or voided a transfer never created as pending").isNotNull();
                assertThat(pending.resolution)
                    .as(what + ": pending transfer resolved a second time: " + pending.transfer)
                    .isEqualTo(Resolution.OPEN);
                if (pending.expires())
                {
                    assertThat(transfer.timestamp).as(what + ": resolved at or after its deadline " + pending.transfer)
                        .isLessThan(pending.deadline());
                }
                if (post)
                {
                    assertThat(transfer.amount).as(what + ": posted more than pending " + pending.transfer)
                        .isLessThanOrEqualTo(pending.transfer.amount);
                    pending.resolution = Resolution.POSTED;
                    addPosted(pending.transfer, transfer.amount);
                }
                else
                {
                    assertThat(transfer.amount).as(what + ": voided amount").isEqualTo(pending.transfer.amount);
                    pending.resolution = Resolution.VOIDED;
                }
            }
            else if ((event.flags & TransferFlags.PENDING) != 0)
            {
                pendings.put(transfer.id, new Pending(transfer));
            }
            else
            {
                addPosted(transfer, transfer.amount);
            }
        }

        /** A refusal outside a chain saw exactly the state the test followed. */
        private void observeRefused(final TransferRecord event, final CreateTransferResult result, final String what)
        {
            final Pending pending = pendings.get(event.pendingId);
            switch (result)
            {
                case PENDING_TRANSFER_ALREADY_POSTED -> assertThat(pending == null ? null : pending.resolution)
                    .as(what).isEqualTo(Resolution.POSTED);
                case PENDING_TRANSFER_ALREADY_VOIDED -> assertThat(pending == null ? null : pending.resolution)
                    .as(what).isEqualTo(Resolution.VOIDED);
                case PENDING_TRANSFER_EXPIRED ->
                {
                    assertThat(pending).as(what + ": no such pending transfer").isNotNull();
                    assertThat(pending.expires()).as(what + ": it has no timeout " + pending.transfer).isTrue();
                    assertThat(pending.resolution).as(what + ": " + pending.transfer)
                        .isIn(Resolution.OPEN, Resolution.EXPIRED);
                }
                default ->
                {
                }
            }
        }

        private void addPosted(final TransferRecord transfer, final BigInteger amount)
        {
            expectedDebitsPosted.merge(transfer.debitAccountId, amount, BigInteger::add);
            expectedCreditsPosted.merge(transfer.creditAccountId, amount, BigInteger::add);
        }

        /**
         * Conservation per ledger, limits per account, posted balances equal to what was created, pending balances
         * between the reservations surely still open and those possibly not expired yet.
         */
        private void checkBalances()
        {
            final long last = driver.ledger().lastTimestampNs();
            final Map<BigInteger, BigInteger> debitsPendingMin = new HashMap<>();
            final Map<BigInteger, BigInteger> debitsPendingMax = new HashMap<>();
            final Map<BigInteger, BigInteger> creditsPendingMin = new HashMap<>();
            final Map<BigInteger, BigInteger> creditsPendingMax = new HashMap<>();
            for (final Pending pending : pendings.values())
            {
                if (pending.resolution == Resolution.OPEN)
                {
                    final TransferRecord transfer = pending.transfer;
                    // An expiry takes a timestamp of its own, so one at or before the last cannot have run yet.
                    if (!pending.expires() || pending.deadline() > last)
                    {
                        debitsPendingMin.merge(transfer.debitAccountId, transfer.amount, BigInteger::add);
                        creditsPendingMin.merge(transfer.creditAccountId, transfer.amount, BigInteger::add);
                    }
                    debitsPendingMax.merge(transfer.debitAccountId, transfer.amount, BigInteger::add);
                    creditsPendingMax.merge(transfer.creditAccountId, transfer.amount, BigInteger::add);
                }
            }
            final Map<Integer, BigInteger[]> ledgerSums = new TreeMap<>();
            for (final AccountRecord account : lookupAccounts(generator.accountIds()))
            {
                final String what = where() + ": " + account;
                final BigInteger[] sums = ledgerSums.computeIfAbsent(
                    account.ledger, ledger -> new BigInteger[]{ BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO,
                        BigInteger.ZERO });
                sums[0] = sums[0].add(account.debitsPosted);
                sums[1] = sums[1].add(account.creditsPosted);
                sums[2] = sums[2].add(account.debitsPending);
                sums[3] = sums[3].add(account.creditsPending);
                if ((account.flags & AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS) != 0)
                {
                    assertThat(account.debitsPending.add(account.debitsPosted))
                        .as(what + ": debits exceed credits").isLessThanOrEqualTo(account.creditsPosted);
                }
                if ((account.flags & AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS) != 0)
                {
                    assertThat(account.creditsPending.add(account.creditsPosted))
                        .as(what + ": credits exceed debits").isLessThanOrEqualTo(account.debitsPosted);
                }
                assertThat(account.debitsPosted).as(what + ": debits_posted = sum of transfers and posts")
                    .isEqualTo(expectedDebitsPosted.getOrDefault(account.id, BigInteger.ZERO));
                assertThat(account.creditsPosted).as(what + ": credits_posted = sum of transfers and posts")
                    .isEqualTo(expectedCreditsPosted.getOrDefault(account.id, BigInteger.ZERO));
                assertThat(account.debitsPending).as(what + ": debits_pending = open reservations")
                    .isBetween(
                        debitsPendingMin.getOrDefault(account.id, BigInteger.ZERO),
                        debitsPendingMax.getOrDefault(account.id, BigInteger.ZERO));
                assertThat(account.creditsPending).as(what + ": credits_pending = open reservations")
                    .isBetween(
                        creditsPendingMin.getOrDefault(account.id, BigInteger.ZERO),
                        creditsPendingMax.getOrDefault(account.id, BigInteger.ZERO));
            }
            ledgerSums.forEach((ledger, sums) ->
            {
                assertThat(sums[0]).as(where() + ": ledger " + ledger + ": sum of debits_posted = credits_posted")
                    .isEqualTo(sums[1]);
                assertThat(sums[2]).as(where() + ": ledger " + ledger + ": sum of debits_pending = credits_pending")
                    .isEqualTo(sums[3]);
            });
        }

        /**
         * Resubmits an applied batch. Expiries due now run first (through the public expiry step), so that the
         * resubmission's own expiry step has nothing to do and any change is the resubmission's.
         */
        private void resubmit(final Batch batch, final List<? extends Enum<?>> original)
        {
            resubmissions++;
            phase = " (resubmission)";
            final long lastBeforeFlush = driver.ledger().lastTimestampNs();
            final int flushed = driver.ledger().expirePendingTransfers(batch.clusterTimeNs());
            expireSurely(lastBeforeFlush + 1);
            checkBalances();
            final Map<BigInteger, AccountRecord> accountsBefore = byId(lookupAccounts(generator.accountIds()));
            // Every transfer now and then; otherwise the ones the batch names (the only ones it may touch).
            final List<BigInteger> transferIds = resubmissions % 5 == 0 ? generator.transferIds() : transfersOf(batch);
            final Map<BigInteger, TransferRecord> transfersBefore = transfersById(lookupTransfers(transferIds));
            final long hashBefore = driver.ledger().stateHash();

            final List<? extends Enum<?>> again = applyAndCheck(batch);
            if (driver.lastBatchStatus() != BatchStatus.OK)
            {
                // README "Capacity": room is checked against the batch's size, so a full ledger refuses it.
                resubmissionsRefused++;
                assertThat(byId(lookupAccounts(generator.accountIds()))).as(where() + ": refused, accounts changed")
                    .isEqualTo(accountsBefore);
                assertThat(transfersById(lookupTransfers(transferIds)))
                    .as(where() + ": refused, transfers changed").isEqualTo(transfersBefore);
                return;
            }
            final boolean accounts = batch.operation() == Operation.CREATE_ACCOUNTS;
            final Set<BigInteger> newlyCreated = new HashSet<>();
            for (int i = 0; i < again.size(); i++)
            {
                final String before = original.get(i).name();
                final String now = again.get(i).name();
                final BigInteger id = accounts ? batch.accounts().get(i).id : batch.transfers().get(i).id;
                final String what = where() + " event " + i + " " + batch.describe(i) + ": first " + before +
                    ", resubmitted " + now;
                final boolean applied = before.equals("OK") || before.startsWith("EXISTS") ||
                    before.equals("ID_ALREADY_FAILED") || isTransient(original.get(i));
                if (now.equals("OK"))
                {
                    assertThat(applied).as(what + ": applied twice").isFalse();
                    assertThat(accounts ? accountsBefore.containsKey(id) : transfersBefore.containsKey(id))
                        .as(what + ": id existed before").isFalse();
                    newlyCreated.add(id);
                }
                checkResubmitted(batch, i, original.get(i), again.get(i), accounts && flushed > 0, what);
            }
            final Map<BigInteger, AccountRecord> accountsAfter = byId(lookupAccounts(generator.accountIds()));
            final Map<BigInteger, TransferRecord> transfersAfter = transfersById(lookupTransfers(transferIds));
            if (newlyCreated.isEmpty())
            {
                resubmissionsUnchanged++;
                assertThat(accountsAfter).as(where() + ": accounts changed").isEqualTo(accountsBefore);
                assertThat(transfersAfter).as(where() + ": transfers changed").isEqualTo(transfersBefore);
            }
            else
            {
                checkOnlyNewlyCreatedChanged(
                    accounts, newlyCreated, accountsBefore, accountsAfter, transfersBefore, transfersAfter);
            }
            assertThat(driver.ledger().stateHash()).as(where() + ": README: a resubmission folds its results in")
                .isNotEqualTo(hashBefore);
        }

        private void checkResubmitted(
            final Batch batch,
            final int index,
            final Enum<?> original,
            final Enum<?> again,
            final boolean accountFlagsMayHaveChanged,
            final String what)
        {
            final String before = original.name();
            final String now = again.name();
            final boolean standalone = !inChain(batch, index);
            if (before.equals("OK"))
            {
                assertThat(now).as(what).isIn("EXISTS", "LINKED_EVENT_FAILED");
                if (standalone)
                {
                    assertThat(now).as(what).isEqualTo("EXISTS");
                }
            }
            else if (isTransient(original))
            {
                assertThat(now).as(what).isIn("ID_ALREADY_FAILED", "LINKED_EVENT_FAILED", "LINKED_EVENT_CHAIN_OPEN");
                if (standalone)
                {
                    assertThat(now).as(what).isEqualTo("ID_ALREADY_FAILED");
                }
            }
            else if (standalone && (before.startsWith("EXISTS") || before.equals("ID_ALREADY_FAILED")))
            {
                // An expiry run before the resubmission may have reopened a closed account: its flags differ.
                final Set<String> flagsOnly = Set.of("EXISTS", "EXISTS_WITH_DIFFERENT_FLAGS");
                if (!(accountFlagsMayHaveChanged && flagsOnly.contains(before) && flagsOnly.contains(now)))
                {
                    assertThat(now).as(what).isEqualTo(before);
                }
            }
        }

        private void checkOnlyNewlyCreatedChanged(
            final boolean accounts,
            final Set<BigInteger> newlyCreated,
            final Map<BigInteger, AccountRecord> accountsBefore,
            final Map<BigInteger, AccountRecord> accountsAfter,
            final Map<BigInteger, TransferRecord> transfersBefore,
            final Map<BigInteger, TransferRecord> transfersAfter)
        {
            final Set<BigInteger> touchedAccounts = new HashSet<>();
            if (accounts)
            {
                touchedAccounts.addAll(newlyCreated);
            }
            else
            {
                for (final BigInteger id : newlyCreated)
                {
                    touchedAccounts.add(transfersAfter.get(id).debitAccountId);
                    touchedAccounts.add(transfersAfter.get(id).creditAccountId);
                }
            }
            for (final Map.Entry<BigInteger, AccountRecord> entry : accountsAfter.entrySet())
            {
                if (!touchedAccounts.contains(entry.getKey()))
                {
                    assertThat(entry.getValue()).as(where() + ": account changed")
                        .isEqualTo(accountsBefore.get(entry.getKey()));
                }
            }
            final Map<BigInteger, TransferRecord> expected = new HashMap<>(transfersBefore);
            if (!accounts)
            {
                newlyCreated.forEach(id -> expected.put(id, transfersAfter.get(id)));
            }
            assertThat(transfersAfter).as(where() + ": transfers changed beyond " + newlyCreated).isEqualTo(expected);
        }

        private List<AccountRecord> lookupAccounts(final List<BigInteger> ids)
        {
            final List<AccountRecord> found = new ArrayList<>();
            for (int from = 0; from < ids.size(); from += 4096)
            {
                found.addAll(driver.lookupAccounts(ids.subList(from, Math.min(ids.size(), from + 4096))));
            }
            return found;
        }

        private List<TransferRecord> lookupTransfers(final List<BigInteger> ids)
        {
            final List<TransferRecord> found = new ArrayList<>();
            for (int from = 0; from < ids.size(); from += 4096)
            {
                found.addAll(driver.lookupTransfers(ids.subList(from, Math.min(ids.size(), from + 4096))));
            }
            return found;
        }

        private String where()
        {
            return "seed=" + seed + " batch " + batchNumber + phase + " (replay with -Dledger.seed=" + seed + ")";
        }
    }

    private static Map<BigInteger, AccountRecord> byId(final List<AccountRecord> accounts)
    {
        final Map<BigInteger, AccountRecord> byId = new HashMap<>();
        accounts.forEach(account -> byId.put(account.id, account));
        return byId;
    }

    private static Map<BigInteger, TransferRecord> transfersById(final List<TransferRecord> transfers)
    {
        final Map<BigInteger, TransferRecord> byId = new HashMap<>();
        transfers.forEach(transfer -> byId.put(transfer.id, transfer));
        return byId;
    }

    private static List<BigInteger> transfersOf(final Batch batch)
    {
        final Set<BigInteger> ids = new HashSet<>();
        for (final TransferRecord transfer : batch.transfers())
        {
            ids.add(transfer.id);
            ids.add(transfer.pendingId);
        }
        return new ArrayList<>(ids);
    }

    private static boolean isTransient(final Enum<?> result)
    {
        return result instanceof CreateTransferResult && ((CreateTransferResult)result).isTransient();
    }

    /** Whether the event belongs to a linked chain: it is linked, or it closes the chain of the one before. */
    static boolean inChain(final Batch batch, final int index)
    {
        return linked(batch, index) || (index > 0 && linked(batch, index - 1));
    }

    private static boolean linked(final Batch batch, final int index)
    {
        final int flags = batch.operation() == Operation.CREATE_ACCOUNTS ?
            batch.accounts().get(index).flags : batch.transfers().get(index).flags;
        return (flags & TransferFlags.LINKED) != 0;
    }
}
