package dev.ledger.journal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import dev.ledger.core.BatchStatus;
import dev.ledger.core.LedgerLimits;

/**
 * One journal entry, as stored: a fixed little-endian header, the command's events, its results, and a CRC32C
 * checksum over everything before it. The header holds the previous entry's checksum, so each checksum covers
 * the whole history before it: changing any byte anywhere breaks the chain at that entry.
 *
 * <pre>
 *   0 int   magic 'LJRN'            32 long stateHash (after applying)
 *   4 short format version (1)      40 long previous entry's checksum (0 for the first)
 *   6 short kind ({@link EntryKind}) 48 int  event count
 *   8 long  journal index           52 int  batch status ({@link BatchStatus})
 *  16 long  log position            56 int  events length in bytes
 *  24 long  cluster time, ns        60 int  results length in bytes
 *  64 events, then results, then long checksum (CRC32C, unsigned, in the low 32 bits)
 * </pre>
 *
 * A flyweight: {@link #wrap} points it at bytes that stay owned by the caller; it allocates nothing.
 */
public final class JournalEntry
{
    /** "LJRN" in little-endian ASCII. */
    public static final int MAGIC = 0x4E524A4C;
    /** The format this code writes; it reads every version up to this one. */
    public static final short FORMAT_VERSION = 2;
    /** Version 1 stored each event as its raw 128 bytes; version 2 packs them (see {@link #encodeEvents}). */
    static final short FORMAT_RAW_EVENTS = 1;
    /** The longest packed event: a mask of which of its 16 longs are not zero, and all 16. */
    static final int PACKED_EVENT_MAX = BitUtil.SIZE_OF_SHORT + LedgerLimits.RECORD_LENGTH;
    private static final int EVENT_LONGS = LedgerLimits.RECORD_LENGTH / BitUtil.SIZE_OF_LONG;
    public static final int HEADER_LENGTH = 64;
    public static final int CHECKSUM_LENGTH = BitUtil.SIZE_OF_LONG;
    /** The longest entry: a full batch of events with a result each. */
    public static final int LENGTH_MAX = HEADER_LENGTH +
        LedgerLimits.BATCH_EVENTS_MAX * (PACKED_EVENT_MAX + BitUtil.SIZE_OF_INT) + CHECKSUM_LENGTH;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 4;
    static final int KIND_OFFSET = 6;
    static final int INDEX_OFFSET = 8;
    static final int LOG_POSITION_OFFSET = 16;
    static final int CLUSTER_TIME_OFFSET = 24;
    static final int STATE_HASH_OFFSET = 32;
    static final int PREVIOUS_CHECKSUM_OFFSET = 40;
    static final int EVENT_COUNT_OFFSET = 48;
    static final int BATCH_STATUS_OFFSET = 52;
    static final int EVENTS_LENGTH_OFFSET = 56;
    static final int RESULTS_LENGTH_OFFSET = 60;

    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private int length;

    /**
     * Points this view at an entry.
     *
     * @param source bytes holding the entry.
     * @param offset where it starts.
     * @param length its stored length.
     * @return this.
     */
    public JournalEntry wrap(final DirectBuffer source, final int offset, final int length)
    {
        buffer.wrap(source, offset, length);
        this.length = length;
        return this;
    }

    public int length()
    {
        return length;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    public int kind()
    {
        return buffer.getShort(KIND_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public int formatVersion()
    {
        return buffer.getShort(VERSION_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public long index()
    {
        return buffer.getLong(INDEX_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public long logPosition()
    {
        return buffer.getLong(LOG_POSITION_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public long clusterTimeNs()
    {
        return buffer.getLong(CLUSTER_TIME_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public long stateHash()
    {
        return buffer.getLong(STATE_HASH_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public long previousChecksum()
    {
        return buffer.getLong(PREVIOUS_CHECKSUM_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public int eventCount()
    {
        return buffer.getInt(EVENT_COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public int batchStatus()
    {
        return buffer.getInt(BATCH_STATUS_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public int eventsLength()
    {
        return buffer.getInt(EVENTS_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public int resultsLength()
    {
        return buffer.getInt(RESULTS_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return where the events start in {@link #buffer()}. */
    public int eventsOffset()
    {
        return HEADER_LENGTH;
    }

    /** @return where the results start in {@link #buffer()}. */
    public int resultsOffset()
    {
        return HEADER_LENGTH + eventsLength();
    }

    /** @return how many pending transfers an {@link EntryKind#EXPIRE_PENDING_TRANSFERS} entry expired. */
    public int expiredCount()
    {
        return buffer.getInt(resultsOffset(), ByteOrder.LITTLE_ENDIAN);
    }

    /** @return the result code of the event at {@code i} of a create entry whose batch status is OK. */
    public int result(final int i)
    {
        return buffer.getInt(resultsOffset() + i * BitUtil.SIZE_OF_INT, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return the first void index of a {@link EntryKind#CUT} entry. */
    public long voidFromIndex()
    {
        return buffer.getLong(resultsOffset(), ByteOrder.LITTLE_ENDIAN);
    }

    public long checksum()
    {
        return buffer.getLong(length - CHECKSUM_LENGTH, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Checks this entry on its own: framing, lengths and its checksum. The chain (previous checksum, index,
     * log position) is the reader's to check.
     *
     * @param crc a reusable checksum.
     * @return null when the entry is sound, else what is wrong.
     */
    public String validate(final CRC32C crc)
    {
        if (length < HEADER_LENGTH + CHECKSUM_LENGTH)
        {
            return "entry of " + length + " bytes is shorter than a header";
        }
        if (buffer.getInt(MAGIC_OFFSET, ByteOrder.LITTLE_ENDIAN) != MAGIC)
        {
            return "bad magic " + Integer.toHexString(buffer.getInt(MAGIC_OFFSET, ByteOrder.LITTLE_ENDIAN));
        }
        final int version = formatVersion();
        if (version < 1 || version > FORMAT_VERSION)
        {
            return "format version " + version + " is not readable by this version (reads 1.." + FORMAT_VERSION + ")";
        }
        final long payload = (long)eventsLength() + resultsLength();
        if (eventsLength() < 0 || resultsLength() < 0 || HEADER_LENGTH + payload + CHECKSUM_LENGTH != length)
        {
            return "lengths (events " + eventsLength() + ", results " + resultsLength() + ") do not add up to the " +
                length + "-byte entry";
        }
        final long computed = checksum(crc, buffer, 0, length - CHECKSUM_LENGTH);
        if (computed != checksum())
        {
            return "checksum " + Long.toHexString(checksum()) + " stored, " + Long.toHexString(computed) + " computed";
        }
        return validateShape();
    }

    private String validateShape()
    {
        final int count = eventCount();
        final int kind = kind();
        switch (kind)
        {
            case EntryKind.CREATE_ACCOUNTS:
            case EntryKind.CREATE_TRANSFERS:
                if (count < 1 || count > LedgerLimits.BATCH_EVENTS_MAX || !eventsLengthFits(count) ||
                    resultsLength() != (batchStatus() == BatchStatus.OK ? count * BitUtil.SIZE_OF_INT : 0))
                {
                    return EntryKind.name(kind) + " of " + count + " events has " + eventsLength() +
                        " event bytes and " + resultsLength() + " result bytes";
                }
                return null;
            case EntryKind.EXPIRE_PENDING_TRANSFERS:
                return count == 0 && eventsLength() == 0 && resultsLength() == BitUtil.SIZE_OF_INT ? null :
                    "malformed expiry entry";
            case EntryKind.CUT:
                return count == 0 && eventsLength() == 0 && resultsLength() == BitUtil.SIZE_OF_LONG ? null :
                    "malformed cut entry";
            default:
                return "unknown entry kind " + kind;
        }
    }

    private boolean eventsLengthFits(final int count)
    {
        return formatVersion() == FORMAT_RAW_EVENTS ? eventsLength() == count * LedgerLimits.RECORD_LENGTH :
            eventsLength() >= count * BitUtil.SIZE_OF_SHORT && eventsLength() <= count * PACKED_EVENT_MAX;
    }

    /**
     * Writes the events of a create entry as the ledger takes them, {@link LedgerLimits#RECORD_LENGTH} bytes
     * each, whatever the format version stored them in.
     *
     * @param target where to write them ({@code eventCount() * 128} bytes).
     * @param offset where the first goes.
     * @return false when the stored events do not decode to exactly {@code eventCount()} events (an entry the
     *     writer could not have produced: its checksum holds, so report it as damaged).
     */
    public boolean copyEvents(final MutableDirectBuffer target, final int offset)
    {
        final int count = eventCount();
        if (formatVersion() == FORMAT_RAW_EVENTS)
        {
            target.putBytes(offset, buffer, eventsOffset(), count * LedgerLimits.RECORD_LENGTH);
            return true;
        }
        int position = eventsOffset();
        final int end = position + eventsLength();
        for (int i = 0; i < count; i++)
        {
            if (position + BitUtil.SIZE_OF_SHORT > end)
            {
                return false;
            }
            final int mask = buffer.getShort(position, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            position += BitUtil.SIZE_OF_SHORT;
            if (position + Integer.bitCount(mask) * BitUtil.SIZE_OF_LONG > end)
            {
                return false;
            }
            final int eventOffset = offset + i * LedgerLimits.RECORD_LENGTH;
            for (int word = 0; word < EVENT_LONGS; word++)
            {
                long value = 0;
                if ((mask & (1 << word)) != 0)
                {
                    value = buffer.getLong(position, ByteOrder.LITTLE_ENDIAN);
                    position += BitUtil.SIZE_OF_LONG;
                }
                target.putLong(eventOffset + word * BitUtil.SIZE_OF_LONG, value, ByteOrder.LITTLE_ENDIAN);
            }
        }
        return position == end;
    }

    /**
     * Packs events for an entry: per event, a 16-bit mask of which of its 16 longs are not zero, then those
     * longs. Most fields of a typical event are zero (the high halves of ids and amounts, pending id, user
     * data, timestamp), so entries shrink to about half, and so does the disk bandwidth a journal needs.
     *
     * @return the packed length.
     */
    static int encodeEvents(
        final DirectBuffer source,
        final int sourceOffset,
        final int count,
        final MutableDirectBuffer target,
        final int targetOffset)
    {
        int position = targetOffset;
        for (int i = 0; i < count; i++)
        {
            final int eventOffset = sourceOffset + i * LedgerLimits.RECORD_LENGTH;
            final int maskPosition = position;
            position += BitUtil.SIZE_OF_SHORT;
            int mask = 0;
            for (int word = 0; word < EVENT_LONGS; word++)
            {
                final long value = source.getLong(eventOffset + word * BitUtil.SIZE_OF_LONG, ByteOrder.LITTLE_ENDIAN);
                if (value != 0)
                {
                    mask |= 1 << word;
                    target.putLong(position, value, ByteOrder.LITTLE_ENDIAN);
                    position += BitUtil.SIZE_OF_LONG;
                }
            }
            target.putShort(maskPosition, (short)mask, ByteOrder.LITTLE_ENDIAN);
        }
        return position - targetOffset;
    }

    static long checksum(final CRC32C crc, final DirectBuffer buffer, final int offset, final int length)
    {
        crc.reset();
        final byte[] array = buffer.byteArray();
        if (array != null)
        {
            crc.update(array, (int)(buffer.addressOffset() - BufferUtil.ARRAY_BASE_OFFSET) + offset, length);
        }
        else
        {
            final ByteBuffer byteBuffer = buffer.byteBuffer().duplicate();
            final int start = (int)(buffer.addressOffset() - BufferUtil.address(byteBuffer)) + offset;
            byteBuffer.limit(start + length).position(start);
            crc.update(byteBuffer);
        }
        return crc.getValue();
    }

    /**
     * Writes the header fields of an entry (the checksum is added by {@link #seal}).
     */
    static void encodeHeader(
        final MutableDirectBuffer target,
        final int kind,
        final long index,
        final long logPosition,
        final long clusterTimeNs,
        final long stateHash,
        final long previousChecksum,
        final int eventCount,
        final int batchStatus,
        final int eventsLength,
        final int resultsLength)
    {
        target.putInt(MAGIC_OFFSET, MAGIC, ByteOrder.LITTLE_ENDIAN);
        target.putShort(VERSION_OFFSET, FORMAT_VERSION, ByteOrder.LITTLE_ENDIAN);
        target.putShort(KIND_OFFSET, (short)kind, ByteOrder.LITTLE_ENDIAN);
        target.putLong(INDEX_OFFSET, index, ByteOrder.LITTLE_ENDIAN);
        target.putLong(LOG_POSITION_OFFSET, logPosition, ByteOrder.LITTLE_ENDIAN);
        target.putLong(CLUSTER_TIME_OFFSET, clusterTimeNs, ByteOrder.LITTLE_ENDIAN);
        target.putLong(STATE_HASH_OFFSET, stateHash, ByteOrder.LITTLE_ENDIAN);
        target.putLong(PREVIOUS_CHECKSUM_OFFSET, previousChecksum, ByteOrder.LITTLE_ENDIAN);
        target.putInt(EVENT_COUNT_OFFSET, eventCount, ByteOrder.LITTLE_ENDIAN);
        target.putInt(BATCH_STATUS_OFFSET, batchStatus, ByteOrder.LITTLE_ENDIAN);
        target.putInt(EVENTS_LENGTH_OFFSET, eventsLength, ByteOrder.LITTLE_ENDIAN);
        target.putInt(RESULTS_LENGTH_OFFSET, resultsLength, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Appends the checksum to an encoded entry.
     *
     * @return the entry's total length.
     */
    static int seal(final CRC32C crc, final MutableDirectBuffer target, final int bodyLength)
    {
        target.putLong(bodyLength, checksum(crc, target, 0, bodyLength), ByteOrder.LITTLE_ENDIAN);
        return bodyLength + CHECKSUM_LENGTH;
    }
}
