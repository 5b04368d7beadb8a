package dev.ledger.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ledger.core.LedgerLimits;

class ReadAheadReaderTest
{
    @TempDir
    Path directory;

    @Test
    void shouldReturnExactlyWhatThePlainReaderReturnsFromAnyIndex()
    {
        final JournaledWorkload workload = new JournaledWorkload(41, 3000);
        try (Journal journal = Journal.open(new JournalContext().directory(directory)
            .ledgerConfig(workload.config()).durability(Durability.OS)))
        {
            for (int i = 0; i < 40; i++)
            {
                workload.step(journal);
            }
            journal.commit();
        }
        for (final long from : new long[] {0, 1, 17, 39, 40})
        {
            final List<Long> plain = new ArrayList<>();
            final JournalEntry entry = new JournalEntry();
            try (JournalReader reader = JournalReader.open(directory))
            {
                reader.seek(from);
                while (reader.next(entry))
                {
                    plain.add(entry.checksum());
                }
            }
            final List<Long> ahead = new ArrayList<>();
            try (ReadAheadReader reader = ReadAheadReader.open(directory, from))
            {
                assertThat(reader.count()).isEqualTo(40);
                while (reader.next(entry))
                {
                    assertThat(entry.index()).isEqualTo(from + ahead.size());
                    ahead.add(entry.checksum());
                    if (entry.kind() != EntryKind.EXPIRE_PENDING_TRANSFERS)
                    {
                        // The events the reading thread decoded are those the entry decodes to here.
                        final byte[] expected = new byte[entry.eventCount() * LedgerLimits.RECORD_LENGTH];
                        assertThat(entry.copyEvents(new UnsafeBuffer(expected), 0)).isTrue();
                        final byte[] decoded = new byte[expected.length];
                        reader.events().getBytes(0, decoded);
                        assertThat(decoded).as("events of entry %d", entry.index()).isEqualTo(expected);
                    }
                }
                assertThat(reader.next(entry)).isFalse();
            }
            assertThat(ahead).as("from %d", from).isEqualTo(plain).hasSize((int)(40 - from));
        }
    }

    @Test
    void shouldStopCleanlyWhenClosedBeforeTheEndAndRefuseANonJournal()
    {
        final JournaledWorkload workload = new JournaledWorkload(42, 3000);
        try (Journal journal = Journal.open(new JournalContext().directory(directory)
            .ledgerConfig(workload.config()).durability(Durability.OS)))
        {
            for (int i = 0; i < 30; i++)
            {
                workload.step(journal);
            }
            journal.commit();
        }
        try (ReadAheadReader reader = ReadAheadReader.open(directory, 0))
        {
            assertThat(reader.next(new JournalEntry())).isTrue();
        }
        assertThatThrownBy(() -> ReadAheadReader.open(directory.resolve("nothing"), 0))
            .isInstanceOf(JournalException.class).hasMessageContaining("not a journal directory");
        assertThatThrownBy(() -> ReadAheadReader.open(directory, 35))
            .isInstanceOf(JournalException.class).hasMessageContaining("no such index: the journal holds 30");
        try (ReadAheadReader atEnd = ReadAheadReader.open(directory, 30))
        {
            assertThat(atEnd.next(new JournalEntry())).isFalse();
        }
    }

    /**
     * The queue file is truncated under a read-ahead reader (a page boundary before entry 30): the reading thread's
     * mapped read past the new end of the file fails with an {@link InternalError}, not a RuntimeException. The
     * consumer must get a {@link JournalException}, not wait forever for an entry that never comes.
     */
    @Test
    void shouldReportAnErrorOnTheReadingThreadInsteadOfHanging() throws Exception
    {
        final JournaledWorkload workload = new JournaledWorkload(43, 20000);
        try (Journal journal = Journal.open(new JournalContext().directory(directory)
            .ledgerConfig(workload.config()).durability(Durability.OS)))
        {
            for (int i = 0; i < 60; i++)
            {
                workload.step(journal);
            }
            journal.commit();
        }
        final Path file;
        try (Stream<Path> files = Files.walk(JournalMetadata.queueDirectory(directory)))
        {
            file = files.filter(path -> path.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        final long truncateAt = offsetOf(file, 30) / 4096 * 4096;
        assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
        {
            try (ReadAheadReader reader = ReadAheadReader.open(directory, 0))
            {
                final JournalEntry entry = new JournalEntry();
                assertThat(reader.next(entry)).isTrue();
                Thread.sleep(200); // the reading thread fills its slots and waits
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
                {
                    channel.truncate(truncateAt);
                }
                assertThatThrownBy(() ->
                {
                    while (reader.next(entry))
                    {
                        assertThat(entry.index()).isLessThan(30);
                    }
                }).isInstanceOf(JournalException.class);
            }
        });
    }

    /** @return the file offset of entry {@code index}, found by its magic, format version and index. */
    private static long offsetOf(final Path file, final long index) throws java.io.IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final ByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0,
                Math.min(channel.size(), 256L << 20)).order(ByteOrder.LITTLE_ENDIAN);
            for (int p = 0; p + JournalEntry.HEADER_LENGTH <= bytes.limit(); p += 4)
            {
                if (bytes.getInt(p) == JournalEntry.MAGIC && bytes.getShort(p + 4) == JournalEntry.FORMAT_VERSION &&
                    bytes.getLong(p + JournalEntry.INDEX_OFFSET) == index)
                {
                    return p;
                }
            }
        }
        throw new IllegalStateException("entry " + index + " not found in " + file);
    }
}
