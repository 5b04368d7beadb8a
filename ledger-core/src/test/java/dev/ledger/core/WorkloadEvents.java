package dev.ledger.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

import dev.ledger.core.WorkloadGenerator.Batch;
import dev.ledger.core.WorkloadGenerator.StateView;

/**
 * The events of a {@link WorkloadGenerator}: accounts and transfers of every kind, valid, invalid, resubmitted
 * and changed, with values biased to the edges; and what has been submitted so far, to pick accounts, pending
 * transfers and earlier events from. Shares the generator's random stream.
 */
final class WorkloadEvents
{
    private static final BigInteger U128_MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger GHOST_ACCOUNT_BASE = BigInteger.ONE.shiftLeft(100);
    private static final long SECOND_NS = 1_000_000_000L;
    private static final int RECENT = 40;

    private final SplittableRandom random;
    private long nextAccountId = 1;
    private long nextTransferId = 1;
    private final List<AccountRecord> submittedAccounts = new ArrayList<>();
    private final List<TransferRecord> submittedTransfers = new ArrayList<>();
    /** Ids (other than 0 and 2^128-1) of every account event so far, in order, for picking transfer accounts. */
    private final List<BigInteger> accountPool = new ArrayList<>();
    private final Set<BigInteger> accountPoolSet = new HashSet<>();
    private final List<BigInteger> pendingIds = new ArrayList<>();
    private final Set<BigInteger> touchedAccountIds = new LinkedHashSet<>();
    private final Set<BigInteger> touchedTransferIds = new LinkedHashSet<>();

    WorkloadEvents(final SplittableRandom random)
    {
        this.random = random;
    }

    /** Every account id any event so far has used (created or only referenced), in first-use order. */
    List<BigInteger> accountIds()
    {
        return new ArrayList<>(touchedAccountIds);
    }

    /** Every transfer id any event so far has used (as id or pending_id), in first-use order. */
    List<BigInteger> transferIds()
    {
        return new ArrayList<>(touchedTransferIds);
    }

    int accountPoolSize()
    {
        return accountPool.size();
    }

    /** The id of a recent submitted transfer, or null before the first. */
    BigInteger recentTransferId()
    {
        return submittedTransfers.isEmpty() ? null : recent(submittedTransfers).id;
    }

    private static long deadline(final TransferRecord pending)
    {
        return pending.timestamp + pending.timeout * SECOND_NS;
    }

    /** Pairs of recent open accounts of one ledger without balance limits: pending transfers between them pass. */
    List<BigInteger[]> openPairs(final StateView view, final int historySides)
    {
        final int limits = AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS | AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS |
            AccountFlags.CLOSED;
        final List<AccountRecord> open = new ArrayList<>();
        for (int back = 1; back <= Math.min(200, accountPool.size()); back++)
        {
            final AccountRecord account = view.account(accountPool.get(accountPool.size() - back));
            if (account != null && (account.flags & limits) == 0 &&
                account.debitsPending.add(account.debitsPosted).bitLength() < 127 &&
                account.creditsPending.add(account.creditsPosted).bitLength() < 127)
            {
                open.add(account);
            }
        }
        final List<BigInteger[]> pairs = new ArrayList<>();
        for (final AccountRecord debit : open)
        {
            for (final AccountRecord credit : open)
            {
                final int sides = ((debit.flags & AccountFlags.HISTORY) != 0 ? 1 : 0) +
                    ((credit.flags & AccountFlags.HISTORY) != 0 ? 1 : 0);
                if (debit.ledger == credit.ledger && !debit.id.equals(credit.id) &&
                    (historySides == 0 || sides == historySides))
                {
                    pairs.add(new BigInteger[]{ debit.id, credit.id });
                }
            }
        }
        return pairs;
    }

    /** A recent pending transfer with a short timeout whose deadline is still ahead, or null. */
    TransferRecord pendingDueSoon(final StateView view)
    {
        for (int attempt = 0; attempt < 10 && !pendingIds.isEmpty(); attempt++)
        {
            final TransferRecord pending = view.transfer(recent(pendingIds));
            if (pending != null && pending.timeout > 0 && pending.timeout <= 3600 &&
                deadline(pending) > view.lastTimestampNs() + 4)
            {
                return pending;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Accounts.

    AccountRecord account()
    {
        final int k = random.nextInt(100);
        if (k < 72 || submittedAccounts.isEmpty())
        {
            return freshAccount();
        }
        if (k < 82)
        {
            return recent(submittedAccounts).copy();
        }
        if (k < 90)
        {
            return changedAccount(recent(submittedAccounts).copy());
        }
        return invalidAccount(freshAccount());
    }

    private AccountRecord freshAccount()
    {
        final AccountRecord account = new AccountRecord();
        account.id = newId(nextAccountId++);
        final int ledger = random.nextInt(10);
        account.ledger = ledger < 6 ? 1 : ledger < 9 ? 2 : 3;
        account.code = 1 + random.nextInt(4);
        int flags = 0;
        final int limit = random.nextInt(100);
        if (limit < 20)
        {
            flags |= AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS;
        }
        else if (limit < 35)
        {
            flags |= AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS;
        }
        else if (limit < 37)
        {
            flags |= AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS | AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS;
        }
        if (random.nextInt(100) < 35)
        {
            flags |= AccountFlags.HISTORY;
        }
        if (random.nextInt(100) < 3)
        {
            flags |= AccountFlags.CLOSED;
        }
        account.flags = flags;
        account.userData128 = userData128();
        account.userData64 = random.nextInt(4);
        account.userData32 = random.nextInt(4);
        return account;
    }

    private AccountRecord changedAccount(final AccountRecord account)
    {
        switch (random.nextInt(6))
        {
            case 0 -> account.flags ^= 1 << random.nextInt(6);
            case 1 -> account.userData128 = plusOne(account.userData128);
            case 2 -> account.userData64++;
            case 3 -> account.userData32++;
            case 4 -> account.ledger++;
            default -> account.code = (account.code + 1) & 0xFFFF;
        }
        return account;
    }

    private AccountRecord invalidAccount(final AccountRecord account)
    {
        switch (random.nextInt(13))
        {
            case 0 -> account.id = BigInteger.ZERO;
            case 1 -> account.id = U128_MAX;
            case 2 -> account.reserved = 1 + random.nextInt(Integer.MAX_VALUE);
            case 3 -> account.flags |= 1 << (6 + random.nextInt(10));
            case 4 -> account.flags |=
                AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS | AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS;
            case 5 -> account.debitsPending = amountEdge();
            case 6 -> account.debitsPosted = amountEdge();
            case 7 -> account.creditsPending = amountEdge();
            case 8 -> account.creditsPosted = amountEdge();
            case 9 -> account.ledger = 0;
            case 10 -> account.code = 0;
            case 11 -> account.timestamp = 1 + random.nextLong(Long.MAX_VALUE);
            default -> account.flags |= AccountFlags.IMPORTED;
        }
        return account;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Transfers.

    TransferRecord transfer(final StateView view)
    {
        final int k = random.nextInt(100);
        if (k < 34)
        {
            return freshTransfer(view, 0);
        }
        if (k < 52)
        {
            return pendingTransfer(view);
        }
        if (k < 66)
        {
            return postOrVoid(view, TransferFlags.POST_PENDING_TRANSFER);
        }
        if (k < 74)
        {
            return postOrVoid(view, TransferFlags.VOID_PENDING_TRANSFER);
        }
        if (k < 81)
        {
            return balancingTransfer(view);
        }
        if (k < 82)
        {
            return closingTransfer(view);
        }
        if (k < 87 && !submittedTransfers.isEmpty())
        {
            return recent(submittedTransfers).copy();
        }
        if (k < 91 && !submittedTransfers.isEmpty())
        {
            return changedTransfer(recent(submittedTransfers).copy());
        }
        if (k < 97)
        {
            return invalidTransfer(random.nextBoolean() ? freshTransfer(view, 0) : pendingTransfer(view));
        }
        return missingReference(view);
    }

    TransferRecord freshTransfer(final StateView view, final int flags)
    {
        final TransferRecord transfer = new TransferRecord();
        transfer.id = newId(1_000_000_000L + nextTransferId++);
        transfer.debitAccountId = pickAccount(view);
        final AccountRecord debit = view.account(transfer.debitAccountId);
        transfer.creditAccountId = pickCreditAccount(view, transfer.debitAccountId, debit);
        final AccountRecord credit = view.account(transfer.creditAccountId);
        transfer.ledger = debit != null ? debit.ledger : 1;
        if (random.nextInt(100) < 2)
        {
            transfer.ledger = 1 + random.nextInt(3);
        }
        transfer.code = 1 + random.nextInt(3);
        transfer.flags = flags;
        transfer.amount = amount(debit, credit);
        transfer.userData128 = userData128();
        transfer.userData64 = random.nextInt(4);
        transfer.userData32 = random.nextInt(4);
        return transfer;
    }

    TransferRecord pendingTransfer(final StateView view)
    {
        final TransferRecord transfer = freshTransfer(view, TransferFlags.PENDING);
        transfer.timeout = timeout();
        return transfer;
    }

    private long timeout()
    {
        final int k = random.nextInt(100);
        if (k < 35)
        {
            return 0;
        }
        if (k < 80)
        {
            return 1 + random.nextInt(5);
        }
        if (k < 90)
        {
            return 6 + random.nextInt(3600);
        }
        if (k < 95)
        {
            return random.nextLong(1L << 32);
        }
        return 0xFFFF_FFFFL;
    }

    private TransferRecord balancingTransfer(final StateView view)
    {
        final int k = random.nextInt(10);
        int flags = k < 4 ? TransferFlags.BALANCING_DEBIT : k < 8 ? TransferFlags.BALANCING_CREDIT :
            TransferFlags.BALANCING_DEBIT | TransferFlags.BALANCING_CREDIT;
        final boolean pending = random.nextInt(4) == 0;
        if (pending)
        {
            flags |= TransferFlags.PENDING;
        }
        final TransferRecord transfer = freshTransfer(view, flags);
        if (random.nextInt(10) < 4)
        {
            transfer.amount = BigInteger.ZERO;
        }
        if (pending)
        {
            transfer.timeout = timeout();
        }
        return transfer;
    }

    private TransferRecord closingTransfer(final StateView view)
    {
        final int k = random.nextInt(10);
        int flags = k < 4 ? TransferFlags.CLOSING_DEBIT : k < 8 ? TransferFlags.CLOSING_CREDIT :
            TransferFlags.CLOSING_DEBIT | TransferFlags.CLOSING_CREDIT;
        final boolean pending = random.nextInt(100) < 85;
        if (pending)
        {
            flags |= TransferFlags.PENDING;
        }
        final TransferRecord transfer = freshTransfer(view, flags);
        transfer.amount = random.nextBoolean() ? BigInteger.ZERO : BigInteger.valueOf(random.nextInt(10));
        if (pending && random.nextInt(100) < 80)
        {
            transfer.timeout = 1 + random.nextInt(4);
        }
        return transfer;
    }

    TransferRecord postOrVoid(final StateView view, final int flag)
    {
        return postOrVoid(view, flag, pickPendingId(view));
    }

    TransferRecord postOrVoid(final StateView view, final int flag, final BigInteger pendingId)
    {
        final TransferRecord transfer = new TransferRecord();
        transfer.id = newId(1_000_000_000L + nextTransferId++);
        transfer.flags = flag;
        transfer.pendingId = pendingId;
        final TransferRecord pending = view.transfer(transfer.pendingId);
        final BigInteger pendingAmount = pending != null ? pending.amount : amountEdge();
        final int k = random.nextInt(100);
        if (flag == TransferFlags.POST_PENDING_TRANSFER)
        {
            transfer.amount = k < 35 ? U128_MAX : k < 50 ? pendingAmount : k < 65 ? below(pendingAmount) :
                k < 75 ? BigInteger.ZERO : k < 82 ? pendingAmount.add(BigInteger.ONE).min(U128_MAX) : amountEdge();
        }
        else
        {
            transfer.amount = k < 50 ? BigInteger.ZERO : k < 80 ? pendingAmount :
                k < 90 ? below(pendingAmount) : pendingAmount.add(BigInteger.ONE).min(U128_MAX);
        }
        final int accounts = random.nextInt(100);
        if (pending != null && accounts < 10)
        {
            transfer.debitAccountId = pending.debitAccountId;
            transfer.creditAccountId = pending.creditAccountId;
        }
        else if (accounts < 14)
        {
            transfer.debitAccountId = random.nextBoolean() ? pickAccount() : BigInteger.ZERO;
            transfer.creditAccountId = random.nextBoolean() ? pickAccount() : BigInteger.ZERO;
        }
        final int ledger = random.nextInt(100);
        if (pending != null && ledger < 10)
        {
            transfer.ledger = pending.ledger;
            transfer.code = pending.code;
        }
        else if (ledger < 14)
        {
            transfer.ledger = random.nextBoolean() ? 1 + random.nextInt(3) : 0;
            transfer.code = random.nextBoolean() ? 1 + random.nextInt(3) : 0;
        }
        if (random.nextBoolean())
        {
            transfer.userData128 = userData128();
            transfer.userData64 = random.nextInt(4);
            transfer.userData32 = random.nextInt(4);
        }
        return transfer;
    }

    private TransferRecord changedTransfer(final TransferRecord transfer)
    {
        switch (random.nextInt(11))
        {
            case 0 -> transfer.flags ^= 1 << random.nextInt(9);
            case 1 -> transfer.pendingId = random.nextBoolean() ? plusOne(transfer.pendingId) : pickPendingId();
            case 2 -> transfer.timeout = (transfer.timeout + 1) & 0xFFFF_FFFFL;
            case 3 -> transfer.debitAccountId = pickAccount();
            case 4 -> transfer.creditAccountId = pickAccount();
            case 5 -> transfer.amount = random.nextBoolean() ? below(transfer.amount) :
                transfer.amount.add(BigInteger.ONE).min(U128_MAX);
            case 6 -> transfer.userData128 = plusOne(transfer.userData128);
            case 7 -> transfer.userData64++;
            case 8 -> transfer.userData32++;
            case 9 -> transfer.ledger++;
            default -> transfer.code = (transfer.code + 1) & 0xFFFF;
        }
        return transfer;
    }

    private TransferRecord invalidTransfer(final TransferRecord transfer)
    {
        switch (random.nextInt(21))
        {
            case 0 -> transfer.id = BigInteger.ZERO;
            case 1 -> transfer.id = U128_MAX;
            case 2 -> transfer.flags |= 1 << (9 + random.nextInt(7));
            case 3 -> transfer.debitAccountId = BigInteger.ZERO;
            case 4 -> transfer.debitAccountId = U128_MAX;
            case 5 -> transfer.creditAccountId = BigInteger.ZERO;
            case 6 -> transfer.creditAccountId = U128_MAX;
            case 7 -> transfer.creditAccountId = transfer.debitAccountId;
            case 8 -> transfer.pendingId = pickPendingId();
            case 9 -> transfer.timeout = 1 + random.nextInt(100);
            case 10 -> transfer.flags |= TransferFlags.CLOSING_DEBIT;
            case 11 -> transfer.ledger = 0;
            case 12 -> transfer.code = 0;
            case 13 -> transfer.ledger = transfer.ledger % 3 + 1;
            case 14 -> transfer.timestamp = 1 + random.nextLong(Long.MAX_VALUE);
            case 15 -> transfer.flags |= TransferFlags.POST_PENDING_TRANSFER | TransferFlags.VOID_PENDING_TRANSFER;
            case 16 -> transfer.flags |= TransferFlags.POST_PENDING_TRANSFER | exclusiveWithPost();
            case 17 -> transfer.flags |= TransferFlags.VOID_PENDING_TRANSFER;
            case 18 -> transfer.pendingId = U128_MAX;
            case 19 ->
            {
                transfer.flags = TransferFlags.POST_PENDING_TRANSFER;
                transfer.pendingId = transfer.id;
            }
            default ->
            {
                transfer.flags = TransferFlags.VOID_PENDING_TRANSFER;
                transfer.pendingId = pickPendingId();
                transfer.timeout = 1 + random.nextInt(10);
            }
        }
        return transfer;
    }

    private int exclusiveWithPost()
    {
        final int[] flags =
            {
                TransferFlags.PENDING, TransferFlags.BALANCING_DEBIT, TransferFlags.BALANCING_CREDIT,
                TransferFlags.CLOSING_DEBIT, TransferFlags.CLOSING_CREDIT
            };
        return flags[random.nextInt(flags.length)];
    }

    private TransferRecord missingReference(final StateView view)
    {
        final int k = random.nextInt(3);
        if (k == 0)
        {
            final TransferRecord transfer = postOrVoid(view, TransferFlags.POST_PENDING_TRANSFER);
            transfer.pendingId = newId(1_000_000_000L + nextTransferId++);
            return transfer;
        }
        final TransferRecord transfer = freshTransfer(view, 0);
        final BigInteger ghost = GHOST_ACCOUNT_BASE.add(BigInteger.valueOf(random.nextInt(1000)));
        if (k == 1)
        {
            transfer.debitAccountId = ghost;
        }
        else
        {
            transfer.creditAccountId = ghost;
        }
        return transfer;
    }


    long newestOtherKindTimestamp(final StateView view, final boolean accounts)
    {
        for (int back = 1; back <= 20; back++)
        {
            if (accounts && back <= submittedTransfers.size())
            {
                final BigInteger id = submittedTransfers.get(submittedTransfers.size() - back).id;
                final TransferRecord transfer = view.transfer(id);
                if (transfer != null)
                {
                    return transfer.timestamp;
                }
            }
            if (!accounts && back <= accountPool.size())
            {
                final AccountRecord account = view.account(accountPool.get(accountPool.size() - back));
                if (account != null)
                {
                    return account.timestamp;
                }
            }
        }
        return 0;
    }

    void register(final Batch batch)
    {
        for (final AccountRecord account : batch.accounts())
        {
            submittedAccounts.add(account.copy());
            touchedAccountIds.add(account.id);
            if (account.id.signum() != 0 && !account.id.equals(U128_MAX) && accountPoolSet.add(account.id))
            {
                accountPool.add(account.id);
            }
        }
        for (final TransferRecord transfer : batch.transfers())
        {
            submittedTransfers.add(transfer.copy());
            touchedTransferIds.add(transfer.id);
            touchedAccountIds.add(transfer.debitAccountId);
            touchedAccountIds.add(transfer.creditAccountId);
            if (transfer.pendingId.signum() != 0)
            {
                touchedTransferIds.add(transfer.pendingId);
            }
            final int postOrVoid = TransferFlags.POST_PENDING_TRANSFER | TransferFlags.VOID_PENDING_TRANSFER;
            if ((transfer.flags & TransferFlags.PENDING) != 0 && (transfer.flags & postOrVoid) == 0)
            {
                pendingIds.add(transfer.id);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Values.

    /** A new id from a counter, sometimes with random high bits so that ids use all 128 bits. */
    private BigInteger newId(final long counter)
    {
        final BigInteger id = BigInteger.valueOf(counter);
        if (random.nextInt(8) == 0)
        {
            return id.or(BigInteger.valueOf(random.nextLong() & Long.MAX_VALUE).shiftLeft(64));
        }
        return id;
    }

    /**
     * Mostly an account that exists, and mostly a recent one, so that balances build up and limits bite; now
     * and then any account id used so far (which may never have been created).
     */
    BigInteger pickAccount(final StateView view)
    {
        if (accountPool.isEmpty())
        {
            return BigInteger.ONE;
        }
        BigInteger candidate = recent(accountPool);
        if (random.nextInt(100) < 4)
        {
            return candidate;
        }
        for (int attempt = 0; attempt < 10 && view.account(candidate) == null; attempt++)
        {
            candidate = recent(accountPool);
        }
        return candidate;
    }

    /** Any account id used so far, existing or not. */
    BigInteger pickAccount()
    {
        return accountPool.isEmpty() ? BigInteger.ONE : recent(accountPool);
    }

    private BigInteger pickCreditAccount(final StateView view, final BigInteger debitId, final AccountRecord debit)
    {
        BigInteger candidate = pickAccount(view);
        for (int attempt = 0; attempt < 10; attempt++)
        {
            final AccountRecord credit = view.account(candidate);
            final boolean sameLedger = debit == null || credit == null || credit.ledger == debit.ledger;
            if (!candidate.equals(debitId) && (sameLedger || random.nextInt(50) == 0))
            {
                return candidate;
            }
            candidate = pickAccount(view);
        }
        return candidate;
    }

    /** Any transfer id that was submitted as pending, or now and then any transfer id. */
    private BigInteger pickPendingId()
    {
        if (pendingIds.isEmpty() || random.nextInt(100) < 8)
        {
            return submittedTransfers.isEmpty() ? BigInteger.valueOf(1_000_000_000L) : recent(submittedTransfers).id;
        }
        return recent(pendingIds);
    }

    /** Mostly a pending transfer that exists (it may be posted, voided or expired already). */
    private BigInteger pickPendingId(final StateView view)
    {
        BigInteger candidate = pickPendingId();
        if (random.nextInt(100) < 10)
        {
            return candidate;
        }
        for (int attempt = 0; attempt < 10 && view.transfer(candidate) == null; attempt++)
        {
            candidate = pickPendingId();
        }
        return candidate;
    }

    /** 75% one of the last {@link #RECENT}, else any. */
    <T> T recent(final List<T> list)
    {
        if (random.nextInt(4) != 0)
        {
            return list.get(list.size() - 1 - random.nextInt(Math.min(RECENT, list.size())));
        }
        return list.get(random.nextInt(list.size()));
    }

    private BigInteger userData128()
    {
        final int k = random.nextInt(10);
        if (k < 4)
        {
            return BigInteger.valueOf(k);
        }
        if (k < 9)
        {
            return BigInteger.valueOf(random.nextInt(4));
        }
        return new BigInteger(128, new Random(random.nextLong())).max(BigInteger.ONE);
    }

    /**
     * An amount biased to the edges, to exactly an account's limit (and one off it), and to exactly the point
     * where a balance would overflow (and one past it).
     */
    private BigInteger amount(final AccountRecord debit, final AccountRecord credit)
    {
        final int k = random.nextInt(100);
        final BigInteger delta = BigInteger.valueOf(random.nextInt(3) - 1);
        final BigInteger amount;
        if (k < 12)
        {
            amount = amountEdge();
        }
        else if (k < 20 && debit != null)
        {
            amount = debit.creditsPosted.subtract(debit.debitsPosted).subtract(debit.debitsPending).add(delta);
        }
        else if (k < 28 && credit != null)
        {
            amount = credit.debitsPosted.subtract(credit.creditsPosted).subtract(credit.creditsPending).add(delta);
        }
        else if (k < 30 && debit != null)
        {
            amount = U128_MAX.subtract(debit.debitsPosted).subtract(debit.debitsPending).add(delta);
        }
        else if (k < 32 && credit != null)
        {
            amount = U128_MAX.subtract(credit.creditsPosted).subtract(credit.creditsPending).add(delta);
        }
        else if (k < 33 && debit != null)
        {
            amount = U128_MAX.subtract(debit.debitsPending).add(delta);
        }
        else if (k < 34)
        {
            amount = new BigInteger(128, new Random(random.nextLong()));
        }
        else if (k < 36)
        {
            amount = BigInteger.valueOf(random.nextLong() & Long.MAX_VALUE);
        }
        else
        {
            amount = BigInteger.valueOf(1 + random.nextInt(1000));
        }
        return amount.max(BigInteger.ZERO).min(U128_MAX);
    }

    private BigInteger amountEdge()
    {
        return switch (random.nextInt(7))
        {
            case 0 -> BigInteger.ZERO;
            case 1 -> BigInteger.ONE;
            case 2 -> BigInteger.TWO;
            case 3 -> U64_MAX;
            case 4 -> TWO_64;
            case 5 -> U128_MAX.subtract(BigInteger.ONE);
            default -> U128_MAX;
        };
    }

    /** The next 128-bit value, wrapping at 2^128 - 1 to 0. */
    private static BigInteger plusOne(final BigInteger value)
    {
        return value.add(BigInteger.ONE).and(U128_MAX);
    }

    /** A random amount in 0..value-1 (0 when value is 0). */
    private BigInteger below(final BigInteger value)
    {
        if (value.signum() == 0)
        {
            return BigInteger.ZERO;
        }
        if (value.bitLength() < 63)
        {
            return BigInteger.valueOf(random.nextLong(value.longValue()));
        }
        return value.subtract(BigInteger.ONE).subtract(BigInteger.valueOf(random.nextInt(3))).max(BigInteger.ZERO);
    }
}
