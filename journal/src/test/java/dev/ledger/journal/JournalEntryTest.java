package dev.ledger.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import dev.ledger.core.BatchStatus;
import dev.ledger.core.LedgerLimits;

class JournalEntryTest
{
    private static final int RECORD = LedgerLimits.RECORD_LENGTH;

    @Test
    void packedEventsShouldDecodeToExactlyTheEventsGivenWhateverTheirZeroLongs()
    {
        final SplittableRandom random = new SplittableRandom(7);
        final int count = LedgerLimits.BATCH_EVENTS_MAX;
        final UnsafeBuffer events = new UnsafeBuffer(new byte[count * RECORD]);
        for (int i = 0; i < count; i++)
        {
            // Event 0 all zero, event 1 no zero long, the rest a random mix of zero and edge values.
            for (int word = 0; word < RECORD / 8; word++)
            {
                final long value = i == 0 ? 0 : i == 1 ? -1L :
                    random.nextInt(3) == 0 ? 0 : random.nextBoolean() ? 1L << random.nextInt(64) : random.nextLong();
                events.putLong(i * RECORD + word * 8, value, ByteOrder.LITTLE_ENDIAN);
            }
        }
        final UnsafeBuffer entryBytes = new UnsafeBuffer(new byte[JournalEntry.LENGTH_MAX]);
        final int packed = JournalEntry.encodeEvents(events, 0, count, entryBytes, JournalEntry.HEADER_LENGTH);
        assertThat(packed).isBetween(count * 2, count * JournalEntry.PACKED_EVENT_MAX);
        final int length = seal(entryBytes, JournalEntry.FORMAT_VERSION, count, packed);
        final JournalEntry entry = new JournalEntry().wrap(entryBytes, 0, length);
        assertThat(entry.validate(new CRC32C())).isNull();

        final UnsafeBuffer decoded = new UnsafeBuffer(new byte[count * RECORD]);
        assertThat(entry.copyEvents(decoded, 0)).isTrue();
        assertThat(decoded.compareTo(events)).isZero();
    }

    @Test
    void typicalTransfersShouldPackToAboutHalf()
    {
        final int count = 1000;
        final UnsafeBuffer events = new UnsafeBuffer(new byte[count * RECORD]);
        for (int i = 0; i < count; i++)
        {
            final int offset = i * RECORD;
            events.putLong(offset, 1_000_000L + i, ByteOrder.LITTLE_ENDIAN);
            events.putLong(offset + 16, 1 + i % 977, ByteOrder.LITTLE_ENDIAN);
            events.putLong(offset + 32, 2 + i % 983, ByteOrder.LITTLE_ENDIAN);
            events.putLong(offset + 48, 1 + i % 1000, ByteOrder.LITTLE_ENDIAN);
            events.putInt(offset + 112, 1, ByteOrder.LITTLE_ENDIAN);
            events.putShort(offset + 116, (short)1, ByteOrder.LITTLE_ENDIAN);
        }
        final UnsafeBuffer target = new UnsafeBuffer(new byte[count * JournalEntry.PACKED_EVENT_MAX]);
        assertThat(JournalEntry.encodeEvents(events, 0, count, target, 0)).isEqualTo(count * (2 + 5 * 8));
    }

    @Test
    void shouldRefusePackedEventsThatDoNotDecodeToTheirCount()
    {
        final UnsafeBuffer entryBytes = new UnsafeBuffer(new byte[JournalEntry.LENGTH_MAX]);
        // Two events' worth of bytes claimed, but the first mask asks for more longs than there are.
        entryBytes.putShort(JournalEntry.HEADER_LENGTH, (short)0xFFFF, ByteOrder.LITTLE_ENDIAN);
        entryBytes.putShort(JournalEntry.HEADER_LENGTH + 2, (short)0, ByteOrder.LITTLE_ENDIAN);
        final int length = seal(entryBytes, JournalEntry.FORMAT_VERSION, 2, 4);
        final JournalEntry entry = new JournalEntry().wrap(entryBytes, 0, length);
        assertThat(entry.validate(new CRC32C())).isNull();
        assertThat(entry.copyEvents(new UnsafeBuffer(new byte[2 * RECORD]), 0)).isFalse();
    }

    @Test
    void shouldStillReadEntriesOfFormatVersionOneWithRawEvents()
    {
        final int count = 3;
        final UnsafeBuffer entryBytes = new UnsafeBuffer(new byte[JournalEntry.LENGTH_MAX]);
        for (int i = 0; i < count * RECORD; i += 8)
        {
            entryBytes.putLong(JournalEntry.HEADER_LENGTH + i, i % 24 == 0 ? 0 : i, ByteOrder.LITTLE_ENDIAN);
        }
        final int length = seal(entryBytes, JournalEntry.FORMAT_RAW_EVENTS, count, count * RECORD);
        final JournalEntry entry = new JournalEntry().wrap(entryBytes, 0, length);
        assertThat(entry.formatVersion()).isEqualTo(1);
        assertThat(entry.validate(new CRC32C())).isNull();
        final UnsafeBuffer decoded = new UnsafeBuffer(new byte[count * RECORD]);
        assertThat(entry.copyEvents(decoded, 0)).isTrue();
        assertThat(decoded.compareTo(new UnsafeBuffer(entryBytes, JournalEntry.HEADER_LENGTH, count * RECORD)))
            .isZero();
        assertThat(entry.result(2)).isEqualTo(0);
    }

    /** Completes a create_transfers entry around events already in place: header, zero results, checksum. */
    private static int seal(final UnsafeBuffer entryBytes, final short version, final int count, final int eventsLength)
    {
        final int resultsLength = count * LedgerLimits.RESULT_LENGTH;
        JournalEntry.encodeHeader(entryBytes, EntryKind.CREATE_TRANSFERS, 0, 1, 1, 0, 0, count, BatchStatus.OK,
            eventsLength, resultsLength);
        entryBytes.putShort(4, version, ByteOrder.LITTLE_ENDIAN);
        entryBytes.setMemory(JournalEntry.HEADER_LENGTH + eventsLength, resultsLength, (byte)0);
        return JournalEntry.seal(new CRC32C(), entryBytes, JournalEntry.HEADER_LENGTH + eventsLength + resultsLength);
    }
}
