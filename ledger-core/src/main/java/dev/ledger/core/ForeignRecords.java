package dev.ledger.core;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * What a shard needs from other shards to decide one event exactly as a single ledger would: the records the
 * event reads that live elsewhere (accounts, the transfer with the event's id, the pending transfer), loaned
 * as ghosts for the duration of the event, and, for imported events, the other shards' timestamp facts.
 * <p>
 * A shard that decides an event exports what it holds ({@link #export}); every other shard taking part loads
 * it ({@link #load}), decides with the unchanged checks, keeps the effects on its own records and drops the
 * ghosts ({@link #clear}). A transfer both of whose accounts are ghosts is decided but not stored: its
 * shards store it. The export format is private to this class (little-endian):
 * <pre>
 *   facts:    kind 1, pad 7, transfers' last timestamp, accounts' last timestamp, has-account-ts, has-transfer-ts
 *   account:  kind 2, role (0 debit, 1 credit), pad 6, the account record (AccountStore layout)
 *   transfer: kind 3, orphan, status, pad 5, the transfer record (TransferStore layout)
 * </pre>
 */
final class ForeignRecords
{
    static final int ROLE_DEBIT = 0;
    static final int ROLE_CREDIT = 1;
    /** The most bytes {@link #export} writes for one event. */
    static final int EXPORT_MAX = 40 + 2 * (8 + AccountStore.RECORD_LONGS * 8) + 2 * (8 + TransferStore.RECORD_LONGS * 8);

    private static final java.nio.ByteOrder ORDER = Wire.ORDER;
    private static final byte FACTS = 1;
    private static final byte ACCOUNT = 2;
    private static final byte TRANSFER = 3;

    private final AccountStore accounts;
    private final TransferStore transfers;
    private long transfersLast;
    private long accountsLast;
    private boolean accountHasTimestamp;
    private boolean transferHasTimestamp;
    private boolean keepNewAccount = true;

    ForeignRecords(final AccountStore accounts, final TransferStore transfers)
    {
        this.accounts = accounts;
        this.transfers = transfers;
    }

    /** Whether an imported transfer's timestamp is taken or regresses, here or on another shard. */
    boolean transferTimestampTaken(final long timestamp)
    {
        return timestamp <= Math.max(transfers.lastTimestamp(), transfersLast) ||
            accounts.containsTimestamp(timestamp) || accountHasTimestamp;
    }

    /** Whether an imported account's timestamp is taken or regresses, here or on another shard. */
    boolean accountTimestampTaken(final long timestamp)
    {
        return timestamp <= Math.max(accounts.lastTimestamp(), accountsLast) ||
            transfers.containsTimestamp(timestamp) || transferHasTimestamp;
    }

    /** Whether a new account the current event creates is stored here (its shard) or only decided. */
    boolean keepNewAccount()
    {
        return keepNewAccount;
    }

    void keepNewAccount(final boolean keep)
    {
        keepNewAccount = keep;
    }

    /**
     * Writes what this shard holds that the event reads.
     *
     * @param imported whether to add this shard's timestamp facts (the event is imported).
     * @return bytes written, at most {@link #EXPORT_MAX}.
     */
    int export(
        final DirectBuffer event, final int offset, final boolean isTransfers, final boolean imported,
        final MutableDirectBuffer out, final int outOffset)
    {
        int position = outOffset;
        if (imported)
        {
            final long timestamp = event.getLong(offset + Wire.TIMESTAMP, ORDER);
            out.putLong(position, FACTS, ORDER);
            out.putLong(position + 8, transfers.lastTimestamp(), ORDER);
            out.putLong(position + 16, accounts.lastTimestamp(), ORDER);
            out.putLong(position + 24, accounts.containsTimestamp(timestamp) ? 1 : 0, ORDER);
            out.putLong(position + 32, transfers.containsTimestamp(timestamp) ? 1 : 0, ORDER);
            position += 40;
        }
        if (!isTransfers)
        {
            return position + exportAccount(id(event, offset + Wire.ID, 0), id(event, offset + Wire.ID, 1),
                ROLE_DEBIT, out, position) - outOffset;
        }
        position += exportTransfer(id(event, offset + Wire.ID, 0), id(event, offset + Wire.ID, 1), out, position);
        final int flags = event.getShort(offset + Wire.FLAGS, ORDER) & 0xFFFF;
        if ((flags & (TransferFlags.POST_PENDING_TRANSFER | TransferFlags.VOID_PENDING_TRANSFER)) != 0)
        {
            final int pending = transfers.find(
                id(event, offset + Wire.TRANSFER_PENDING_ID, 0), id(event, offset + Wire.TRANSFER_PENDING_ID, 1));
            if (pending != IdIndex.NONE && !transfers.isGhost(pending) && !transfers.isOrphan(pending))
            {
                position += exportTransferRecord(pending, out, position);
                // The pending transfer is stored by the shards of its accounts: this shard holds one or both.
                position += exportAccountRecord(transfers.debitAccount(pending), ROLE_DEBIT, out, position);
                position += exportAccountRecord(transfers.creditAccount(pending), ROLE_CREDIT, out, position);
            }
            return position - outOffset;
        }
        position += exportAccount(id(event, offset + Wire.TRANSFER_DEBIT_ACCOUNT_ID, 0),
            id(event, offset + Wire.TRANSFER_DEBIT_ACCOUNT_ID, 1), ROLE_DEBIT, out, position);
        position += exportAccount(id(event, offset + Wire.TRANSFER_CREDIT_ACCOUNT_ID, 0),
            id(event, offset + Wire.TRANSFER_CREDIT_ACCOUNT_ID, 1), ROLE_CREDIT, out, position);
        return position - outOffset;
    }

    /**
     * The ids of every record the event may read or change on this shard, as (low, high) pairs: its accounts
     * (for a post or void, the pending transfer's, when this shard holds it), its id and its pending id. A
     * shard may export an event's records early while no event before it in the window shares one of these ids.
     *
     * @param out receives up to 4 pairs.
     * @return how many pairs, or -1 when they cannot be known yet (a post or void of a pending transfer this
     *         shard does not hold now, which an earlier event may still create).
     */
    int recordIds(final DirectBuffer event, final int offset, final boolean isTransfers, final long[] out)
    {
        out[0] = id(event, offset + Wire.ID, 0);
        out[1] = id(event, offset + Wire.ID, 1);
        if (!isTransfers)
        {
            return 1;
        }
        final int flags = event.getShort(offset + Wire.FLAGS, ORDER) & 0xFFFF;
        if ((flags & (TransferFlags.POST_PENDING_TRANSFER | TransferFlags.VOID_PENDING_TRANSFER)) != 0)
        {
            out[2] = id(event, offset + Wire.TRANSFER_PENDING_ID, 0);
            out[3] = id(event, offset + Wire.TRANSFER_PENDING_ID, 1);
            final int pending = transfers.find(out[2], out[3]);
            if (pending == IdIndex.NONE || transfers.isGhost(pending))
            {
                return -1;
            }
            if (transfers.isOrphan(pending))
            {
                return 2;
            }
            final int base = TransferStore.base(pending);
            System.arraycopy(transfers.records, base + TransferStore.DEBIT_ACCOUNT_ID, out, 4, 4);
            return 4;
        }
        out[2] = id(event, offset + Wire.TRANSFER_DEBIT_ACCOUNT_ID, 0);
        out[3] = id(event, offset + Wire.TRANSFER_DEBIT_ACCOUNT_ID, 1);
        out[4] = id(event, offset + Wire.TRANSFER_CREDIT_ACCOUNT_ID, 0);
        out[5] = id(event, offset + Wire.TRANSFER_CREDIT_ACCOUNT_ID, 1);
        return 3;
    }

    /**
     * Loads what another shard exported for the current event. Records this shard holds itself, or has loaded
     * already from a third shard, are skipped.
     */
    void load(final DirectBuffer in, final int offset, final int length)
    {
        int position = offset;
        final int end = offset + length;
        while (position < end)
        {
            final byte kind = in.getByte(position);
            if (kind == FACTS)
            {
                transfersLast = Math.max(transfersLast, in.getLong(position + 8, ORDER));
                accountsLast = Math.max(accountsLast, in.getLong(position + 16, ORDER));
                accountHasTimestamp |= in.getLong(position + 24, ORDER) != 0;
                transferHasTimestamp |= in.getLong(position + 32, ORDER) != 0;
                position += 40;
            }
            else if (kind == ACCOUNT)
            {
                loadAccount(in.getByte(position + 1), in, position + 8);
                position += 8 + AccountStore.RECORD_LONGS * 8;
            }
            else if (kind == TRANSFER)
            {
                loadTransfer(in.getByte(position + 1) != 0, in.getByte(position + 2), in, position + 8);
                position += 8 + TransferStore.RECORD_LONGS * 8;
            }
            else
            {
                throw new IllegalStateException("foreign record of unknown kind " + kind + " at " + position);
            }
        }
        if (position != end)
        {
            throw new IllegalStateException("foreign records overrun their length: " + (position - offset) + " > " + length);
        }
    }

    /** Drops every loaned record and fact: the event is over. */
    void clear()
    {
        accounts.clearGhosts();
        transfers.clearGhosts();
        transfersLast = 0;
        accountsLast = 0;
        accountHasTimestamp = false;
        transferHasTimestamp = false;
        keepNewAccount = true;
    }

    private void loadAccount(final int role, final DirectBuffer in, final int offset)
    {
        final long idLo = in.getLong(offset, ORDER);
        final long idHi = in.getLong(offset + 8, ORDER);
        if (accounts.find(idLo, idHi) != IdIndex.NONE)
        {
            return;
        }
        final int reference = accounts.capacity() + role;
        final int base = AccountStore.base(reference);
        for (int i = 0; i < AccountStore.RECORD_LONGS; i++)
        {
            accounts.records[base + i] = in.getLong(offset + i * 8, ORDER);
        }
        accounts.records[base + AccountStore.DEBIT_LIST] = AccountStore.EMPTY_LIST;
        accounts.records[base + AccountStore.CREDIT_LIST] = AccountStore.EMPTY_LIST;
        accounts.addGhost(idLo, idHi, reference);
    }

    private void loadTransfer(final boolean orphan, final byte status, final DirectBuffer in, final int offset)
    {
        final long idLo = in.getLong(offset, ORDER);
        final long idHi = in.getLong(offset + 8, ORDER);
        if (transfers.find(idLo, idHi) != IdIndex.NONE)
        {
            return;
        }
        final int reference = transfers.capacity() + transfers.ghostCount();
        final int base = TransferStore.base(reference);
        for (int i = 0; i < TransferStore.RECORD_LONGS; i++)
        {
            transfers.records[base + i] = in.getLong(offset + i * 8, ORDER);
        }
        // Its accounts are not this shard's (else it would hold the transfer): they load into the role slots.
        transfers.records[base + TransferStore.ACCOUNTS] =
            AccountHistory.pack(accounts.capacity() + ROLE_DEBIT, accounts.capacity() + ROLE_CREDIT);
        transfers.records[base + TransferStore.PREVIOUS] = -1L;
        transfers.records[base + TransferStore.HISTORY] = -1L;
        transfers.status[reference] = status;
        transfers.setGhostOrphan(reference, orphan);
        transfers.addGhost(idLo, idHi, reference);
    }

    private int exportAccount(final long idLo, final long idHi, final int role, final MutableDirectBuffer out, final int offset)
    {
        final int reference = accounts.find(idLo, idHi);
        return reference == IdIndex.NONE ? 0 : exportAccountRecord(reference, role, out, offset);
    }

    private int exportAccountRecord(final int reference, final int role, final MutableDirectBuffer out, final int offset)
    {
        if (accounts.isGhost(reference))
        {
            return 0;
        }
        out.putLong(offset, ACCOUNT | ((long)role << 8), ORDER);
        final int base = AccountStore.base(reference);
        for (int i = 0; i < AccountStore.RECORD_LONGS; i++)
        {
            out.putLong(offset + 8 + i * 8, accounts.records[base + i], ORDER);
        }
        return 8 + AccountStore.RECORD_LONGS * 8;
    }

    private int exportTransfer(final long idLo, final long idHi, final MutableDirectBuffer out, final int offset)
    {
        final int reference = transfers.find(idLo, idHi);
        return reference == IdIndex.NONE || transfers.isGhost(reference) ? 0 : exportTransferRecord(reference, out, offset);
    }

    private int exportTransferRecord(final int reference, final MutableDirectBuffer out, final int offset)
    {
        final boolean orphan = transfers.isOrphan(reference);
        out.putLong(offset, TRANSFER | (orphan ? 1L << 8 : 0) | ((long)(orphan ? 0 : transfers.status[reference]) << 16), ORDER);
        final int base = TransferStore.base(reference);
        final int longs = orphan ? 2 : TransferStore.RECORD_LONGS;
        for (int i = 0; i < TransferStore.RECORD_LONGS; i++)
        {
            out.putLong(offset + 8 + i * 8, i < longs ? transfers.records[base + i] : 0, ORDER);
        }
        return 8 + TransferStore.RECORD_LONGS * 8;
    }

    private static long id(final DirectBuffer event, final int offset, final int half)
    {
        return event.getLong(offset + half * 8, ORDER);
    }
}
