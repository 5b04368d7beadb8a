package dev.ledger.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ledger.core.BatchStatus;
import dev.ledger.core.Ledger;
import dev.ledger.core.LedgerConfig;
import dev.ledger.core.LedgerLimits;

class JournalTest
{
    @TempDir
    Path directory;

    private JournalContext context(final LedgerConfig config, final Durability durability)
    {
        return new JournalContext().directory(directory).ledgerConfig(config).durability(durability);
    }

    @Test
    void shouldReadBackEveryEntryInOrderAndReplayToTheSameStateHash()
    {
        final JournaledWorkload workload = new JournaledWorkload(42, 3000);
        final List<Long> hashes = new ArrayList<>();
        try (Journal journal = Journal.open(context(workload.config(), Durability.OS)))
        {
            for (int i = 0; i < 60; i++)
            {
                assertThat(workload.step(journal)).isEqualTo(i);
                hashes.add(workload.ledger().stateHash());
            }
            journal.commit();
            assertThat(journal.committedIndex()).isEqualTo(59);
        }
        final EntryApplier applier = new EntryApplier(new Ledger(workload.config()));
        final JournalEntry entry = new JournalEntry();
        final UnsafeBuffer events =
            new UnsafeBuffer(new byte[LedgerLimits.BATCH_EVENTS_MAX * LedgerLimits.RECORD_LENGTH]);
        try (JournalReader reader = JournalReader.open(directory))
        {
            int read = 0;
            while (reader.next(entry))
            {
                assertThat(entry.index()).isEqualTo(read);
                assertThat(entry.stateHash()).isEqualTo(hashes.get(read));
                assertThat(entry.copyEvents(events, 0)).as("entry %d decodes", read).isTrue();
                assertThat(applier.apply(entry, events)).as("entry %d", read).isNull();
                read++;
            }
            assertThat(read).isEqualTo(60);
        }
        assertThat(applier.ledger().stateHash()).isEqualTo(workload.ledger().stateHash());
    }

    @Test
    void shouldSkipAnAppendWhoseLogPositionWasJournaledAlready()
    {
        final JournaledWorkload workload = new JournaledWorkload(7, 1000);
        final long lastPosition;
        try (Journal journal = Journal.open(context(workload.config(), Durability.OS)))
        {
            for (int i = 0; i < 5; i++)
            {
                workload.step(journal);
            }
            journal.commit();
            lastPosition = journal.lastLogPosition();
            assertThat(journal.appendExpiry(lastPosition, 1, 0, 0)).isEqualTo(Journal.NOT_APPENDED);
            assertThat(journal.appendExpiry(lastPosition - 1, 1, 0, 0)).isEqualTo(Journal.NOT_APPENDED);
        }
        try (Journal journal = Journal.open(context(workload.config(), Durability.OS)))
        {
            assertThat(journal.nextIndex()).isEqualTo(5);
            assertThat(journal.lastLogPosition()).isEqualTo(lastPosition);
            assertThat(journal.lastStateHash()).isEqualTo(workload.ledger().stateHash());
            assertThat(journal.appendExpiry(lastPosition, 1, 0, 0)).isEqualTo(Journal.NOT_APPENDED);
            assertThat(journal.appendExpiry(lastPosition + 1, 1, 0, 0)).isEqualTo(5);
        }
    }

    @Test
    void shouldSyncOncePerCommittedGroupInSyncMode()
    {
        final JournaledWorkload workload = new JournaledWorkload(9, 1000);
        try (Journal journal = Journal.open(context(workload.config(), Durability.SYNC)))
        {
            for (int group = 0; group < 4; group++)
            {
                for (int i = 0; i < 10; i++)
                {
                    workload.step(journal);
                }
                journal.commit();
                journal.commit();
                assertThat(journal.syncCount()).isEqualTo(group + 1);
                assertThat(journal.committedIndex()).isEqualTo(10L * group + 9);
            }
        }
        try (Journal journal = Journal.open(context(workload.config(), Durability.OS)))
        {
            for (int i = 0; i < 10; i++)
            {
                workload.step(journal);
            }
            journal.commit();
            assertThat(journal.syncCount()).isZero();
        }
    }

    @Test
    void shouldRefuseToOpenWithOtherLedgerCapacities()
    {
        final LedgerConfig config = new LedgerConfig(1000, 1000, 1 << 15);
        Journal.open(context(config, Durability.OS)).close();
        assertThatThrownBy(() -> Journal.open(context(new LedgerConfig(1001, 1000, 1 << 15), Durability.OS)))
            .isInstanceOf(JournalException.class)
            .hasMessageContaining("was created for ledger capacities");
    }

    @Test
    void shouldNumberEntriesAcrossRolledFiles() throws InterruptedException
    {
        final JournaledWorkload workload = new JournaledWorkload(11, 1000);
        final JournalContext context = context(workload.config(), Durability.OS).rollCycle("secondly");
        try (Journal journal = Journal.open(context))
        {
            for (int i = 0; i < 9; i++)
            {
                workload.step(journal);
                if (i % 3 == 2)
                {
                    Thread.sleep(1100);
                }
            }
            journal.commit();
        }
        try (JournalReader reader = JournalReader.open(directory))
        {
            assertThat(reader.count()).isEqualTo(9);
            final JournalEntry entry = new JournalEntry();
            for (final long index : new long[] {7, 0, 3, 8, 5})
            {
                assertThat(reader.seek(index)).isTrue();
                assertThat(reader.next(entry)).isTrue();
                assertThat(entry.index()).isEqualTo(index);
            }
        }
        try (Journal journal = Journal.open(context))
        {
            assertThat(journal.nextIndex()).isEqualTo(9);
            workload.step(journal);
            journal.commit();
        }
    }

    @Test
    void shouldTailEntriesAppendedAfterTheReaderOpened()
    {
        final JournaledWorkload workload = new JournaledWorkload(13, 1000);
        try (Journal journal = Journal.open(context(workload.config(), Durability.OS)))
        {
            for (int i = 0; i < 5; i++)
            {
                workload.step(journal);
            }
            journal.commit();
            final JournalEntry entry = new JournalEntry();
            try (JournalReader reader = JournalReader.open(directory))
            {
                assertThat(reader.seek(3)).isTrue();
                assertThat(reader.next(entry)).isTrue();
                assertThat(entry.index()).isEqualTo(3);
                assertThat(reader.next(entry)).isTrue();
                assertThat(reader.next(entry)).isFalse();
                for (int i = 0; i < 4; i++)
                {
                    workload.step(journal);
                }
                journal.commit();
                reader.refresh();
                assertThat(reader.count()).isEqualTo(9);
                for (long index = 5; index < 9; index++)
                {
                    assertThat(reader.next(entry)).isTrue();
                    assertThat(entry.index()).isEqualTo(index);
                }
                assertThat(entry.stateHash()).isEqualTo(workload.ledger().stateHash());
                assertThat(reader.next(entry)).isFalse();
            }
        }
    }

    /** A reader beside a live writer follows it by refresh, within a file and into files rolled since. */
    @Test
    void shouldTailALiveWriterAcrossRolledFiles() throws InterruptedException
    {
        final JournaledWorkload workload = new JournaledWorkload(17, 1000);
        final JournalContext context = context(workload.config(), Durability.OS).rollCycle("secondly");
        try (Journal journal = Journal.open(context))
        {
            workload.step(journal);
            journal.commit();
            try (JournalReader reader = JournalReader.open(directory))
            {
                final JournalEntry entry = new JournalEntry();
                long expected = 0;
                for (int round = 0; round < 4; round++)
                {
                    for (int i = 0; i < 3; i++)
                    {
                        workload.step(journal);
                    }
                    journal.commit();
                    reader.refresh();
                    assertThat(reader.count()).as("round %d", round).isEqualTo(journal.committedIndex() + 1);
                    while (reader.next(entry))
                    {
                        assertThat(entry.index()).isEqualTo(expected++);
                    }
                    assertThat(expected).isEqualTo(journal.nextIndex());
                    if (round % 2 == 1)
                    {
                        Thread.sleep(1100);
                    }
                }
                assertThat(entry.stateHash()).isEqualTo(workload.ledger().stateHash());
            }
        }
    }

    /**
     * The block device's own count of sectors written ({@code /sys/dev/block/MAJOR:MINOR/stat}) proves that a
     * {@link Durability#SYNC} commit writes the group through to the disk before it returns. Other writers on the
     * machine can only add to the count, never hide a missing sync. Skipped where the journal's file system has
     * no block device (tmpfs, overlay).
     */
    @Test
    void shouldWriteTheGroupThroughToTheDiskOnASyncCommit() throws java.io.IOException
    {
        final Path stat = requireBlockDevice();
        final long groupBytes = 4L * FULL_ENTRY_EVENT_BYTES;
        try (Journal journal = Journal.open(context(new LedgerConfig(1 << 20, 1 << 20, 1 << 20), Durability.SYNC)))
        {
            for (int group = 0; group < 3; group++)
            {
                // Counted from before the appends: Chronicle may msync a chunk it leaves during an append.
                final long before = sectorsWritten(stat);
                for (int i = 0; i < 4; i++)
                {
                    appendFullEntry(journal, 4L * group + i + 1);
                }
                journal.commit();
                final long after = sectorsWritten(stat);
                assertThat((after - before) * 512).as("group %d: bytes the disk took by the end of the commit", group)
                    .isGreaterThanOrEqualTo(groupBytes);
            }
            assertThat(journal.syncCount()).isEqualTo(3);
        }
    }

    /** A group that rolls over into a new file: the part in the old file must reach the disk by the commit too. */
    @Test
    void shouldWriteAGroupThatCrossesAFileRollThroughToTheDisk() throws java.io.IOException, InterruptedException
    {
        final Path stat = requireBlockDevice();
        try (Journal journal = Journal.open(context(new LedgerConfig(1 << 20, 1 << 20, 1 << 20), Durability.SYNC)
            .rollCycle("secondly")))
        {
            journal.appendExpiry(1, 1, 0, 0);
            journal.commit();
            final long before = sectorsWritten(stat);
            for (int i = 0; i < 6; i++)
            {
                if (i == 3)
                {
                    Thread.sleep(1_100);
                }
                appendFullEntry(journal, i + 2);
            }
            journal.commit();
            final long after = sectorsWritten(stat);
            assertThat((after - before) * 512).as("bytes the disk took for a 6 MiB group across two files")
                .isGreaterThanOrEqualTo(6L * FULL_ENTRY_EVENT_BYTES);
        }
        try (JournalReader reader = JournalReader.open(directory))
        {
            assertThat(reader.count()).isEqualTo(7);
        }
    }

    /**
     * The appender's mappings of the journal file carry the kernel's random-access advice ({@code rr} in
     * {@code /proc/self/smaps}), every chunk's (70 full entries: ~75 MB, past Chronicle's first 64 MiB chunk), and
     * no other mapping of the process gains it: without the advice, a fault into a hole zero-fills the whole
     * read-ahead window at once, a stall of tens of milliseconds on the appending thread (ChronicleLog). Linux only.
     */
    @Test
    void shouldAdviseTheKernelAgainstReadAheadOnEveryChunkOfTheAppendersMappingOnly() throws java.io.IOException
    {
        final Path smaps = Path.of("/proc/self/smaps");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isReadable(smaps), "no /proc/self/smaps");
        final List<String> advisedBefore = advisedMappings(smaps, false);
        try (Journal journal = Journal.open(context(new LedgerConfig(1 << 20, 1 << 20, 1 << 20), Durability.OS)))
        {
            for (int i = 0; i < 70; i++)
            {
                appendFullEntry(journal, i + 1);
            }
            journal.commit();
            final List<String> journalMappings = advisedMappings(smaps, true);
            assertThat(journalMappings).as("the journal file's mappings").hasSizeGreaterThanOrEqualTo(2);
            assertThat(journalMappings).as("each of the journal file's mappings is advised random access")
                .allMatch(mapping -> mapping.endsWith(" rr"));
            final List<String> advisedOthers = advisedMappings(smaps, false);
            advisedOthers.removeAll(advisedBefore);
            assertThat(advisedOthers).as("other mappings advised random access since the journal opened").isEmpty();
        }
    }

    /**
     * @return for each mapping of a journal file ({@code journal} true: all of them, each as "range path rr" or
     *         "range path -"), or for each other mapping advised random access, a line naming it.
     */
    private List<String> advisedMappings(final Path smaps, final boolean journal) throws java.io.IOException
    {
        final List<String> found = new ArrayList<>();
        String mapping = null;
        for (final String line : java.nio.file.Files.readAllLines(smaps))
        {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*"))
            {
                // A mapping's first line: address range, permissions, offset, device, inode, path.
                final boolean isJournal = line.endsWith(".cq4") && line.contains(directory.toString());
                mapping = isJournal == journal ? line : null;
            }
            else if (mapping != null && line.startsWith("VmFlags:"))
            {
                final boolean advised =
                    List.of(line.substring("VmFlags:".length()).trim().split(" ")).contains("rr");
                if (journal || advised)
                {
                    found.add(mapping + (advised ? " rr" : " -"));
                }
                mapping = null;
            }
        }
        return found;
    }

    private static final int FULL_ENTRY_EVENT_BYTES = LedgerLimits.BATCH_EVENTS_MAX * LedgerLimits.RECORD_LENGTH;
    private final UnsafeBuffer fullEvents = filled(new UnsafeBuffer(new byte[FULL_ENTRY_EVENT_BYTES]));
    private final UnsafeBuffer fullResults =
        new UnsafeBuffer(new byte[LedgerLimits.BATCH_EVENTS_MAX * LedgerLimits.RESULT_LENGTH]);

    /** Fills a buffer with longs none of which is zero, so that packing events does not shrink them. */
    static UnsafeBuffer filled(final UnsafeBuffer buffer)
    {
        for (int i = 0; i + 8 <= buffer.capacity(); i += 8)
        {
            buffer.putLong(i, (i + 1) * 0x9E3779B97F4A7C15L | 1);
        }
        return buffer;
    }

    /** Appends an entry of a full batch (8189 transfers with no zero long, ~1 MiB), marked with its log position. */
    private void appendFullEntry(final Journal journal, final long logPosition)
    {
        fullEvents.putLong(0, logPosition);
        journal.appendCreate(EntryKind.CREATE_TRANSFERS, logPosition, 1, fullEvents, 0, LedgerLimits.BATCH_EVENTS_MAX,
            BatchStatus.OK, fullResults, 0, 0);
    }

    /** @return the block layer's stat file of the temporary directory's device; skips the test where there is none. */
    private Path requireBlockDevice() throws java.io.IOException
    {
        final Path stat = blockDeviceStat(directory);
        org.junit.jupiter.api.Assumptions.assumeTrue(stat != null, "the temporary directory is on a block device");
        return stat;
    }

    private static Path blockDeviceStat(final Path path) throws java.io.IOException
    {
        final long device = ((Number)java.nio.file.Files.getAttribute(path, "unix:dev")).longValue();
        final long major = (device >>> 8) & 0xfff;
        final long minor = (device & 0xff) | ((device >>> 12) & 0xfff00);
        final Path stat = Path.of("/sys/dev/block/" + major + ":" + minor + "/stat");
        return java.nio.file.Files.isReadable(stat) ? stat : null;
    }

    private static long sectorsWritten(final Path stat) throws java.io.IOException
    {
        // Field 7 of the block layer's stat file: sectors (512 bytes) written since boot.
        return Long.parseLong(java.nio.file.Files.readString(stat).trim().split("\\s+")[6]);
    }
}
