package dev.ledger.client;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The settings every member of a cluster must share, because they decide results: the capacities (a batch
 * that fits one member and not another would be applied by one and refused by the other) and the number of
 * shards (it decides the journal's kind of state hash and the snapshots' layout). A node checks its own against
 * the leader's through the log when it starts ({@link LedgerClient#checkSettingsAsync}).
 * <p>
 * On the wire, 32 bytes, little-endian: member id, accounts-max, transfers-max, history-max, shards (int32
 * each), then 12 reserved zero bytes.
 *
 * @param memberId     the member that reports them (not compared).
 * @param accountsMax  accounts the ledger can hold.
 * @param transfersMax transfer ids the ledger can hold.
 * @param historyMax   balance snapshots kept for history accounts.
 * @param shards       account shards.
 */
public record MemberSettings(int memberId, int accountsMax, int transfersMax, int historyMax, int shards)
{
    /** Bytes on the wire. */
    public static final int LENGTH = 32;
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    /**
     * @param buffer where to write.
     * @param offset where the 32 bytes start.
     */
    public void write(final MutableDirectBuffer buffer, final int offset)
    {
        buffer.setMemory(offset, LENGTH, (byte)0);
        buffer.putInt(offset, memberId, ORDER);
        buffer.putInt(offset + 4, accountsMax, ORDER);
        buffer.putInt(offset + 8, transfersMax, ORDER);
        buffer.putInt(offset + 12, historyMax, ORDER);
        buffer.putInt(offset + 16, shards, ORDER);
    }

    /**
     * @param buffer where to read.
     * @param offset where the 32 bytes start.
     * @return the settings.
     */
    public static MemberSettings read(final DirectBuffer buffer, final int offset)
    {
        return new MemberSettings(buffer.getInt(offset, ORDER), buffer.getInt(offset + 4, ORDER),
            buffer.getInt(offset + 8, ORDER), buffer.getInt(offset + 12, ORDER), buffer.getInt(offset + 16, ORDER));
    }

    /**
     * @param other another member's.
     * @return whether they agree on everything but the member id.
     */
    public boolean agreesWith(final MemberSettings other)
    {
        return accountsMax == other.accountsMax && transfersMax == other.transfersMax &&
            historyMax == other.historyMax && shards == other.shards;
    }

    /** @return the settings as options, e.g. {@code accounts-max=1000000 transfers-max=... shards=1}. */
    public String describe()
    {
        return "accounts-max=" + accountsMax + " transfers-max=" + transfersMax + " history-max=" + historyMax +
            " shards=" + shards;
    }
}
