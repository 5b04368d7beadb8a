package dev.ledger.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Builders of test events on top of {@link AccountRecord} and {@link TransferRecord}: sensible defaults (ledger 1,
 * code 1) and a lambda for whatever a test changes, so that a table row reads as the one thing it is about.
 */
final class LedgerEvents
{
    static final BigInteger MAX = UInt128.MAX;

    private LedgerEvents()
    {
    }

    static BigInteger u128(final long value)
    {
        return BigInteger.valueOf(value);
    }

    /** An account on ledger 1 with code 1, changed by {@code change}. */
    static AccountRecord account(final long id, final Consumer<AccountRecord> change)
    {
        return account(u128(id), change);
    }

    static AccountRecord account(final BigInteger id, final Consumer<AccountRecord> change)
    {
        final AccountRecord account = new AccountRecord();
        account.id = id;
        account.ledger = 1;
        account.code = 1;
        change.accept(account);
        return account;
    }

    /** A transfer on ledger 1 with code 1, changed by {@code change}. */
    static TransferRecord transfer(
        final long id, final long debit, final long credit, final long amount, final Consumer<TransferRecord> change)
    {
        return transfer(id, debit, credit, u128(amount), change);
    }

    static TransferRecord transfer(
        final long id,
        final long debit,
        final long credit,
        final BigInteger amount,
        final Consumer<TransferRecord> change)
    {
        final TransferRecord transfer = TransferRecord.of(id, debit, credit, 0, 1, 1, 0);
        transfer.amount = amount;
        change.accept(transfer);
        return transfer;
    }

    static TransferRecord transfer(final long id, final long debit, final long credit, final long amount)
    {
        return transfer(id, debit, credit, amount, t -> { });
    }

    /** A post event as clients send it: accounts, ledger and code 0, so they are taken from the pending transfer. */
    static TransferRecord post(
        final long id, final long pendingId, final BigInteger amount, final Consumer<TransferRecord> change)
    {
        final TransferRecord transfer = TransferRecord.of(id, 0, 0, 0, 0, 0, TransferFlags.POST_PENDING_TRANSFER);
        transfer.pendingId = u128(pendingId);
        transfer.amount = amount;
        change.accept(transfer);
        return transfer;
    }

    static TransferRecord post(
        final long id, final long pendingId, final long amount, final Consumer<TransferRecord> change)
    {
        return post(id, pendingId, u128(amount), change);
    }

    static TransferRecord post(final long id, final long pendingId, final BigInteger amount)
    {
        return post(id, pendingId, amount, t -> { });
    }

    /** A void event as clients send it: amount, accounts, ledger and code 0; {@code change} may set them. */
    static TransferRecord voidPending(final long id, final long pendingId, final Consumer<TransferRecord> change)
    {
        final TransferRecord transfer = post(id, pendingId, BigInteger.ZERO, change);
        transfer.flags = (transfer.flags & ~TransferFlags.POST_PENDING_TRANSFER) | TransferFlags.VOID_PENDING_TRANSFER;
        return transfer;
    }

    static TransferRecord voidPending(final long id, final long pendingId)
    {
        return voidPending(id, pendingId, t -> { });
    }
    /**
     * Asserts that a precedence table's rows cover every code of the enum, list the non-ok codes in precedence
     * (declaration) order, highest first, and keep ok rows last.
     */
    static <E extends Enum<E>> void assertCoversInPrecedenceOrder(
        final List<E> rowCodes, final Class<E> type, final E ok)
    {
        final Set<E> covered = EnumSet.noneOf(type);
        covered.addAll(rowCodes);
        assertThat(covered).containsExactlyInAnyOrder(type.getEnumConstants());
        final List<E> order = new ArrayList<>(new LinkedHashSet<>(
            rowCodes.stream().filter(code -> code != ok).toList()));
        final List<E> expectedOrder = new ArrayList<>(Arrays.asList(type.getEnumConstants()));
        expectedOrder.remove(ok);
        assertThat(order).as("rows are in precedence order, highest first")
            .containsExactlyElementsOf(expectedOrder);
        final List<Integer> numbers = rowCodes.stream()
            .map(code -> code == ok ? Integer.MAX_VALUE : code.ordinal())
            .toList();
        assertThat(numbers).as("ok rows last, codes never go back up the list").isSorted();
    }
}
