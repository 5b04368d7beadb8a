package dev.ledger.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    }
}
