package dev.ledger.core;

import java.math.BigInteger;

import dev.ledger.core.LedgerDriver.Balance;
import dev.ledger.core.ReferenceLedger.PendingStatus;
import dev.ledger.core.ReferenceLedger.Precedence;
import dev.ledger.core.ReferenceLedger.State;
import dev.ledger.core.ReferenceLedger.TransferEntry;

import static dev.ledger.core.CreateTransferResult.*;
import static dev.ledger.core.ReferenceLedger.U128_MAX;

/**
 * The transfer rules of the {@link ReferenceLedger}: TigerBeetle's {@code create_transfer},
 * {@code create_transfer_exists}, {@code post_or_void_pending_transfer} and
 * {@code post_or_void_pending_transfer_exists}, with our README's amount sentinels. Each check returns the first
 * code of {@code result-codes.md} that applies; the state changes only when every check passed.
 */
final class ReferenceTransfers
{
    private static final BigInteger U63_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(LedgerLimits.NANOS_PER_SECOND);

    private final State state;

    ReferenceTransfers(final State state)
    {
        this.state = state;
    }

    CreateTransferResult create(final TransferRecord t, final long timestampEvent)
    {
        final CreateTransferResult invalid = new Precedence<CreateTransferResult>()
            .when((t.flags & ~TransferFlags.ALL) != 0, RESERVED_FLAG)
            .when(t.id.signum() == 0, ID_MUST_NOT_BE_ZERO)
            .when(t.id.equals(U128_MAX), ID_MUST_NOT_BE_INT_MAX)
            .result();
        if (invalid != null)
        {
            return invalid;
        }
        final TransferEntry existing = state.transfers.get(t.id);
        if (existing != null)
        {
            return exists(t, existing.transfer());
        }
        if (state.failedTransferIds.contains(t.id))
        {
            return ID_ALREADY_FAILED;
        }
        if (has(t, TransferFlags.POST_PENDING_TRANSFER) || has(t, TransferFlags.VOID_PENDING_TRANSFER))
        {
            return postOrVoidPendingTransfer(t, timestampEvent);
        }
        final boolean pending = has(t, TransferFlags.PENDING);
        final boolean closing = has(t, TransferFlags.CLOSING_DEBIT) || has(t, TransferFlags.CLOSING_CREDIT);
        final AccountRecord dr = state.accounts.get(t.debitAccountId);
        final AccountRecord cr = state.accounts.get(t.creditAccountId);
        final CreateTransferResult refused = new Precedence<CreateTransferResult>()
            .when(t.debitAccountId.signum() == 0, DEBIT_ACCOUNT_ID_MUST_NOT_BE_ZERO)
            .when(t.debitAccountId.equals(U128_MAX), DEBIT_ACCOUNT_ID_MUST_NOT_BE_INT_MAX)
            .when(t.creditAccountId.signum() == 0, CREDIT_ACCOUNT_ID_MUST_NOT_BE_ZERO)
            .when(t.creditAccountId.equals(U128_MAX), CREDIT_ACCOUNT_ID_MUST_NOT_BE_INT_MAX)
            .when(t.debitAccountId.equals(t.creditAccountId), ACCOUNTS_MUST_BE_DIFFERENT)
            .when(t.pendingId.signum() != 0, PENDING_ID_MUST_BE_ZERO)
            .when(!pending && t.timeout != 0, TIMEOUT_RESERVED_FOR_PENDING_TRANSFER)
            .when(!pending && closing, CLOSING_TRANSFER_MUST_BE_PENDING)
            .when(t.ledger == 0, LEDGER_MUST_NOT_BE_ZERO)
            .when(t.code == 0, CODE_MUST_NOT_BE_ZERO)
            .when(dr == null, DEBIT_ACCOUNT_NOT_FOUND)
            .when(cr == null, CREDIT_ACCOUNT_NOT_FOUND)
            .result();
        if (refused != null)
        {
            return refused;
        }
        final boolean imported = has(t, TransferFlags.IMPORTED);
        final long timestamp = imported ? t.timestamp : timestampEvent;
        final CreateTransferResult mismatched = new Precedence<CreateTransferResult>()
            .when(dr.ledger != cr.ledger, ACCOUNTS_MUST_HAVE_THE_SAME_LEDGER)
            .when(t.ledger != dr.ledger, TRANSFER_MUST_HAVE_THE_SAME_LEDGER_AS_ACCOUNTS)
            .when(imported && regresses(t.timestamp), IMPORTED_EVENT_TIMESTAMP_MUST_NOT_REGRESS)
            .when(imported && t.timestamp <= dr.timestamp, IMPORTED_EVENT_TIMESTAMP_MUST_POSTDATE_DEBIT_ACCOUNT)
            .when(imported && t.timestamp <= cr.timestamp, IMPORTED_EVENT_TIMESTAMP_MUST_POSTDATE_CREDIT_ACCOUNT)
            .when(imported && t.timeout != 0, IMPORTED_EVENT_TIMEOUT_MUST_BE_ZERO)
            .when(closed(dr), DEBIT_ACCOUNT_ALREADY_CLOSED)
            .when(closed(cr), CREDIT_ACCOUNT_ALREADY_CLOSED)
            .result();
        if (mismatched != null)
        {
            return mismatched;
        }
        final BigInteger amount = balancedAmount(t, dr, cr);
        final BigInteger timeoutNs = BigInteger.valueOf(t.timeout).multiply(NANOS_PER_SECOND);
        final CreateTransferResult failure = new Precedence<CreateTransferResult>()
            .when(pending && overflows(amount, dr.debitsPending), OVERFLOWS_DEBITS_PENDING)
            .when(pending && overflows(amount, cr.creditsPending), OVERFLOWS_CREDITS_PENDING)
            .when(overflows(amount, dr.debitsPosted), OVERFLOWS_DEBITS_POSTED)
            .when(overflows(amount, cr.creditsPosted), OVERFLOWS_CREDITS_POSTED)
            .when(overflows(amount, dr.debitsPending.add(dr.debitsPosted)), OVERFLOWS_DEBITS)
            .when(overflows(amount, cr.creditsPending.add(cr.creditsPosted)), OVERFLOWS_CREDITS)
            .when(BigInteger.valueOf(timestamp).add(timeoutNs).compareTo(U63_MAX) > 0, OVERFLOWS_TIMEOUT)
            .when(exceedsCredits(dr, amount), EXCEEDS_CREDITS)
            .when(exceedsDebits(cr, amount), EXCEEDS_DEBITS)
            .result();
        if (failure != null)
        {
            return failure;
        }

        final TransferRecord created = t.copy();
        created.amount = amount;
        created.timestamp = timestamp;
        final AccountRecord debit = dr.copy();
        final AccountRecord credit = cr.copy();
        if (pending)
        {
            debit.debitsPending = debit.debitsPending.add(amount);
            credit.creditsPending = credit.creditsPending.add(amount);
            state.pendingStatus.put(t.id, PendingStatus.PENDING);
        }
        else
        {
            debit.debitsPosted = debit.debitsPosted.add(amount);
            credit.creditsPosted = credit.creditsPosted.add(amount);
        }
        if (has(t, TransferFlags.CLOSING_DEBIT))
        {
            debit.flags |= AccountFlags.CLOSED;
        }
        if (has(t, TransferFlags.CLOSING_CREDIT))
        {
            credit.flags |= AccountFlags.CLOSED;
        }
        record(created, debit, credit);
        return OK;
    }

    /**
     * API.md: balancing clamps the amount to what the account's balance allows (TigerBeetle's saturating
     * {@code credits_posted -| (debits_posted + debits_pending)}, and symmetrically); README: amount 0 means
     * as much as possible.
     */
    private static BigInteger balancedAmount(final TransferRecord t, final AccountRecord dr, final AccountRecord cr)
    {
        final boolean balancing = has(t, TransferFlags.BALANCING_DEBIT) || has(t, TransferFlags.BALANCING_CREDIT);
        BigInteger amount = balancing && t.amount.signum() == 0 ? U128_MAX : t.amount;
        if (has(t, TransferFlags.BALANCING_DEBIT))
        {
            amount = amount.min(saturatingSubtract(dr.creditsPosted, dr.debitsPosted.add(dr.debitsPending)));
        }
        if (has(t, TransferFlags.BALANCING_CREDIT))
        {
            amount = amount.min(saturatingSubtract(cr.debitsPosted, cr.creditsPosted.add(cr.creditsPending)));
        }
        return amount;
    }

    private CreateTransferResult postOrVoidPendingTransfer(final TransferRecord t, final long timestampEvent)
    {
        final boolean post = has(t, TransferFlags.POST_PENDING_TRANSFER);
        final boolean isVoid = has(t, TransferFlags.VOID_PENDING_TRANSFER);
        final int exclusive = TransferFlags.PENDING | TransferFlags.BALANCING_DEBIT | TransferFlags.BALANCING_CREDIT |
            TransferFlags.CLOSING_DEBIT | TransferFlags.CLOSING_CREDIT;
        final TransferEntry pendingEntry = state.transfers.get(t.pendingId);
        final CreateTransferResult refused = new Precedence<CreateTransferResult>()
            .when(post && isVoid, FLAGS_ARE_MUTUALLY_EXCLUSIVE)
            .when((t.flags & exclusive) != 0, FLAGS_ARE_MUTUALLY_EXCLUSIVE)
            .when(t.pendingId.signum() == 0, PENDING_ID_MUST_NOT_BE_ZERO)
            .when(t.pendingId.equals(U128_MAX), PENDING_ID_MUST_NOT_BE_INT_MAX)
            .when(t.pendingId.equals(t.id), PENDING_ID_MUST_BE_DIFFERENT)
            .when(t.timeout != 0, TIMEOUT_RESERVED_FOR_PENDING_TRANSFER)
            .when(pendingEntry == null, PENDING_TRANSFER_NOT_FOUND)
            .result();
        if (refused != null)
        {
            return refused;
        }
        final TransferRecord p = pendingEntry.transfer();
        final BigInteger amount;
        if (isVoid)
        {
            amount = t.amount.signum() == 0 ? p.amount : t.amount;
        }
        else
        {
            amount = t.amount.equals(U128_MAX) ? p.amount : t.amount;
        }
        final PendingStatus status = state.pendingStatus.get(p.id);
        final boolean imported = has(t, TransferFlags.IMPORTED);
        final AccountRecord dr = state.accounts.get(p.debitAccountId);
        final AccountRecord cr = state.accounts.get(p.creditAccountId);
        final CreateTransferResult failure = new Precedence<CreateTransferResult>()
            .when(!has(p, TransferFlags.PENDING), PENDING_TRANSFER_NOT_PENDING)
            .when(differs(t.debitAccountId, p.debitAccountId), PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT_ID)
            .when(differs(t.creditAccountId, p.creditAccountId), PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT_ID)
            .when(t.ledger != 0 && t.ledger != p.ledger, PENDING_TRANSFER_HAS_DIFFERENT_LEDGER)
            .when(t.code != 0 && t.code != p.code, PENDING_TRANSFER_HAS_DIFFERENT_CODE)
            .when(amount.compareTo(p.amount) > 0, EXCEEDS_PENDING_TRANSFER_AMOUNT)
            .when(isVoid && amount.compareTo(p.amount) < 0, PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT)
            .when(status == PendingStatus.POSTED, PENDING_TRANSFER_ALREADY_POSTED)
            .when(status == PendingStatus.VOIDED, PENDING_TRANSFER_ALREADY_VOIDED)
            .when(status == PendingStatus.EXPIRED, PENDING_TRANSFER_EXPIRED)
            .when(p.timeout != 0 && ReferenceLedger.deadline(p) <= timestampEvent, PENDING_TRANSFER_EXPIRED)
            .when(imported && regresses(t.timestamp), IMPORTED_EVENT_TIMESTAMP_MUST_NOT_REGRESS)
            .when(closed(dr) && !isVoid, DEBIT_ACCOUNT_ALREADY_CLOSED)
            .when(closed(cr) && !isVoid, CREDIT_ACCOUNT_ALREADY_CLOSED)
            .result();
        if (failure != null)
        {
            return failure;
        }

        final TransferRecord created = t.copy();
        created.debitAccountId = p.debitAccountId;
        created.creditAccountId = p.creditAccountId;
        created.userData128 = t.userData128.signum() != 0 ? t.userData128 : p.userData128;
        created.userData64 = t.userData64 != 0 ? t.userData64 : p.userData64;
        created.userData32 = t.userData32 != 0 ? t.userData32 : p.userData32;
        created.ledger = p.ledger;
        created.code = p.code;
        created.timeout = 0;
        created.amount = amount;
        created.timestamp = imported ? t.timestamp : timestampEvent;

        final AccountRecord debit = dr.copy();
        final AccountRecord credit = cr.copy();
        debit.debitsPending = debit.debitsPending.subtract(p.amount);
        credit.creditsPending = credit.creditsPending.subtract(p.amount);
        if (post)
        {
            debit.debitsPosted = debit.debitsPosted.add(amount);
            credit.creditsPosted = credit.creditsPosted.add(amount);
            state.pendingStatus.put(p.id, PendingStatus.POSTED);
        }
        else
        {
            if (has(p, TransferFlags.CLOSING_DEBIT))
            {
                debit.flags &= ~AccountFlags.CLOSED;
            }
            if (has(p, TransferFlags.CLOSING_CREDIT))
            {
                credit.flags &= ~AccountFlags.CLOSED;
            }
            state.pendingStatus.put(p.id, PendingStatus.VOIDED);
        }
        record(created, debit, credit);
        return OK;
    }

    /**
     * Idempotency: the first field that differs from the recorded transfer. A balancing transfer's amount is an
     * upper bound (0 = no bound); a post/void may leave accounts, ledger, code and user data at 0 (inherited
     * from the pending transfer), posts with 2^128-1 and voids with 0 mean "the pending amount".
     */
    private CreateTransferResult exists(final TransferRecord t, final TransferRecord e)
    {
        final CreateTransferResult header = new Precedence<CreateTransferResult>()
            .when(t.flags != e.flags, EXISTS_WITH_DIFFERENT_FLAGS)
            .when(!t.pendingId.equals(e.pendingId), EXISTS_WITH_DIFFERENT_PENDING_ID)
            .when(t.timeout != e.timeout, EXISTS_WITH_DIFFERENT_TIMEOUT)
            .result();
        if (header != null)
        {
            return header;
        }
        if (has(t, TransferFlags.POST_PENDING_TRANSFER) || has(t, TransferFlags.VOID_PENDING_TRANSFER))
        {
            final TransferRecord p = state.transfers.get(t.pendingId).transfer();
            final boolean fullAmount = has(t, TransferFlags.VOID_PENDING_TRANSFER) ?
                t.amount.signum() == 0 : t.amount.equals(U128_MAX);
            final BigInteger amount = fullAmount ? p.amount : t.amount;
            return new Precedence<CreateTransferResult>()
                .when(differs(t.debitAccountId, e.debitAccountId), EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT_ID)
                .when(differs(t.creditAccountId, e.creditAccountId), EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT_ID)
                .when(!amount.equals(e.amount), EXISTS_WITH_DIFFERENT_AMOUNT)
                .when(!orInherited(t.userData128, p.userData128).equals(e.userData128),
                    EXISTS_WITH_DIFFERENT_USER_DATA_128)
                .when((t.userData64 != 0 ? t.userData64 : p.userData64) != e.userData64,
                    EXISTS_WITH_DIFFERENT_USER_DATA_64)
                .when((t.userData32 != 0 ? t.userData32 : p.userData32) != e.userData32,
                    EXISTS_WITH_DIFFERENT_USER_DATA_32)
                .when(t.ledger != 0 && t.ledger != e.ledger, EXISTS_WITH_DIFFERENT_LEDGER)
                .when(t.code != 0 && t.code != e.code, EXISTS_WITH_DIFFERENT_CODE)
                .when(true, EXISTS)
                .result();
        }
        final boolean balancing = has(t, TransferFlags.BALANCING_DEBIT) || has(t, TransferFlags.BALANCING_CREDIT);
        final boolean amountDiffers = balancing ?
            t.amount.signum() != 0 && t.amount.compareTo(e.amount) < 0 : !t.amount.equals(e.amount);
        return new Precedence<CreateTransferResult>()
            .when(!t.debitAccountId.equals(e.debitAccountId), EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT_ID)
            .when(!t.creditAccountId.equals(e.creditAccountId), EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT_ID)
            .when(amountDiffers, EXISTS_WITH_DIFFERENT_AMOUNT)
            .when(!t.userData128.equals(e.userData128), EXISTS_WITH_DIFFERENT_USER_DATA_128)
            .when(t.userData64 != e.userData64, EXISTS_WITH_DIFFERENT_USER_DATA_64)
            .when(t.userData32 != e.userData32, EXISTS_WITH_DIFFERENT_USER_DATA_32)
            .when(t.ledger != e.ledger, EXISTS_WITH_DIFFERENT_LEDGER)
            .when(t.code != e.code, EXISTS_WITH_DIFFERENT_CODE)
            .when(true, EXISTS)
            .result();
    }

    /** Stores a created transfer, its accounts' new balances and, for history accounts, balance snapshots. */
    private void record(final TransferRecord created, final AccountRecord debit, final AccountRecord credit)
    {
        state.accounts.put(debit.id, debit);
        state.accounts.put(credit.id, credit);
        final Balance debitAfter = history(debit) ? balance(debit, created.timestamp) : null;
        final Balance creditAfter = history(credit) ? balance(credit, created.timestamp) : null;
        state.snapshots += (debitAfter != null ? 1 : 0) + (creditAfter != null ? 1 : 0);
        state.transfers.put(created.id, new TransferEntry(created, debitAfter, creditAfter));
    }

    /** An imported timestamp must exceed every transfer's and equal no account's. */
    private boolean regresses(final long timestamp)
    {
        return timestamp <= state.maxTransferTimestamp() || state.accountTimestampExists(timestamp);
    }

    private static boolean exceedsCredits(final AccountRecord dr, final BigInteger amount)
    {
        return (dr.flags & AccountFlags.DEBITS_MUST_NOT_EXCEED_CREDITS) != 0 &&
            dr.debitsPending.add(dr.debitsPosted).add(amount).compareTo(dr.creditsPosted) > 0;
    }

    private static boolean exceedsDebits(final AccountRecord cr, final BigInteger amount)
    {
        return (cr.flags & AccountFlags.CREDITS_MUST_NOT_EXCEED_DEBITS) != 0 &&
            cr.creditsPending.add(cr.creditsPosted).add(amount).compareTo(cr.debitsPosted) > 0;
    }

    private static Balance balance(final AccountRecord account, final long timestamp)
    {
        return new Balance(
            account.debitsPending, account.debitsPosted, account.creditsPending, account.creditsPosted, timestamp);
    }

    /** A field of a post/void that is set (non-zero) and differs from the pending transfer's. */
    private static boolean differs(final BigInteger given, final BigInteger recorded)
    {
        return given.signum() != 0 && !given.equals(recorded);
    }

    private static BigInteger orInherited(final BigInteger given, final BigInteger inherited)
    {
        return given.signum() != 0 ? given : inherited;
    }

    private static BigInteger saturatingSubtract(final BigInteger a, final BigInteger b)
    {
        return a.subtract(b).max(BigInteger.ZERO);
    }

    private static boolean overflows(final BigInteger a, final BigInteger b)
    {
        return a.add(b).compareTo(U128_MAX) > 0;
    }

    private static boolean closed(final AccountRecord account)
    {
        return (account.flags & AccountFlags.CLOSED) != 0;
    }

    private static boolean history(final AccountRecord account)
    {
        return (account.flags & AccountFlags.HISTORY) != 0;
    }

    static boolean has(final TransferRecord transfer, final int flag)
    {
        return (transfer.flags & flag) != 0;
    }
}
