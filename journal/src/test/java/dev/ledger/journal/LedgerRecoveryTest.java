package dev.ledger.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ledger.journal.snapshot.SnapshotStore;

class LedgerRecoveryTest
{
    private static final int STEPS = 120;

    @TempDir
    Path directory;

    private JournalContext context(final JournaledWorkload workload, final Path journal)
    {
        return new JournalContext().directory(journal).ledgerConfig(workload.config()).durability(Durability.OS);
    }

    @Test
    void shouldRestoreFromTheNewestSnapshotAndReplayTheTail()
    {
        final JournaledWorkload workload = new JournaledWorkload(21, 3000);
        try (Journal journal = Journal.open(context(workload, directory)))
        {
            for (int i = 0; i < 40; i++)
            {
                workload.step(journal);
                journal.commit();
                if (i == 15 || i == 30)
                {
                    LedgerRecovery.snapshot(directory, journal, workload.ledger());
                }
            }
        }
        final LedgerRecovery.Recovered recovered = LedgerRecovery.recover(directory);
        assertThat(recovered.snapshotIndex()).isEqualTo(30);
        assertThat(recovered.entriesReplayed()).isEqualTo(9);
        assertThat(recovered.lastIndex()).isEqualTo(39);
        assertThat(recovered.lastLogPosition()).isEqualTo(workload.logPosition());
        assertThat(recovered.ledger().stateHash()).isEqualTo(workload.ledger().stateHash());
        assertThat(recovered.ledger().transferCount()).isEqualTo(workload.ledger().transferCount());
    }

    @Test
    void shouldSkipACorruptSnapshotForAnOlderOneAndThenForAFullReplay() throws IOException
    {
        final JournaledWorkload workload = new JournaledWorkload(22, 3000);
        try (Journal journal = Journal.open(context(workload, directory)))
        {
            for (int i = 0; i < 30; i++)
            {
                workload.step(journal);
                journal.commit();
                if (i == 10 || i == 20)
                {
                    LedgerRecovery.snapshot(directory, journal, workload.ledger());
                }
            }
        }
        final List<Path> snapshots = new SnapshotStore(JournalMetadata.snapshotDirectory(directory)).newestFirst();
        assertThat(snapshots).hasSize(2);
        flipByte(snapshots.get(0), Files.size(snapshots.get(0)) / 2);
        final LedgerRecovery.Recovered fromOlder = LedgerRecovery.recover(directory);
        assertThat(fromOlder.snapshotIndex()).isEqualTo(10);
        assertThat(fromOlder.ledger().stateHash()).isEqualTo(workload.ledger().stateHash());

        flipByte(snapshots.get(1), 9);
        final LedgerRecovery.Recovered full = LedgerRecovery.recover(directory);
        assertThat(full.snapshotIndex()).isEqualTo(-1);
        assertThat(full.entriesReplayed()).isEqualTo(30);
        assertThat(full.ledger().stateHash()).isEqualTo(workload.ledger().stateHash());
    }

    @Test
    void shouldSkipASnapshotThatDoesNotMatchItsJournalEntry() throws IOException
    {
        final JournaledWorkload workload = new JournaledWorkload(23, 3000);
        final Path other = directory.resolve("other");
        final Path journalDirectory = directory.resolve("journal");
        try (Journal journal = Journal.open(context(workload, journalDirectory)))
        {
            for (int i = 0; i < 12; i++)
            {
                workload.step(journal);
                journal.commit();
            }
        }
        final JournaledWorkload stranger = new JournaledWorkload(24, 3000, workload.config());
        try (Journal journal = Journal.open(context(stranger, other)))
        {
            for (int i = 0; i < 12; i++)
            {
                stranger.step(journal);
                journal.commit();
            }
            final Path file = LedgerRecovery.snapshot(other, journal, stranger.ledger());
            Files.createDirectories(JournalMetadata.snapshotDirectory(journalDirectory));
            Files.copy(file, JournalMetadata.snapshotDirectory(journalDirectory).resolve(file.getFileName()));
        }
        final LedgerRecovery.Recovered recovered = LedgerRecovery.recover(journalDirectory);
        assertThat(recovered.snapshotIndex()).isEqualTo(-1);
        assertThat(recovered.ledger().stateHash()).isEqualTo(workload.ledger().stateHash());
    }

    /**
     * Snapshot, stop, recover and continue, at random points: the journal and the ledger must end exactly as in a
     * run that never stopped.
     */
    @Test
    void snapshotRestoreContinueShouldEqualNeverStopping()
    {
        for (final long seed : seeds())
        {
            final List<Long> expected = run(seed, directory.resolve("steady-" + seed), null);
            final List<Long> interrupted = run(seed, directory.resolve("interrupted-" + seed),
                new SplittableRandom(seed * 31 + 7));
            assertThat(interrupted).as("seed %d (replay with -Dledger.seed=%d)", seed, seed).isEqualTo(expected);
        }
    }

    /**
     * A node restarts after a crash tore its last entry: the writer cuts it, and a snapshot taken before any new
     * entry covers the cut's index. Recovery must use that snapshot, not skip it as "not held soundly" for an older
     * one or a full replay; and the journal must go on from it.
     */
    @Test
    void shouldUseASnapshotTakenRightAfterATornTailWasCut() throws IOException
    {
        final JournaledWorkload workload = new JournaledWorkload(25, 3000);
        try (Journal journal = Journal.open(context(workload, directory)))
        {
            for (int i = 0; i < 20; i++)
            {
                workload.step(journal);
            }
            journal.commit();
        }
        final Path queueFile;
        try (java.util.stream.Stream<Path> files = Files.walk(JournalMetadata.queueDirectory(directory)))
        {
            queueFile = files.filter(path -> path.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        final dev.ledger.core.Ledger beforeTorn = PointInTime.atIndex(directory, 18);
        flipByte(queueFile, lastEntryOffset(queueFile, 19) + JournalEntry.HEADER_LENGTH + 3);
        try (Journal journal = Journal.open(context(workload, directory)))
        {
            assertThat(journal.nextIndex()).as("entry 19 cut by entry 20").isEqualTo(21);
            LedgerRecovery.snapshot(directory, journal, beforeTorn);
        }
        final LedgerRecovery.Recovered recovered = LedgerRecovery.recover(directory);
        assertThat(recovered.snapshotIndex()).isEqualTo(20);
        assertThat(recovered.entriesReplayed()).isZero();
        assertThat(recovered.ledger().stateHash()).isEqualTo(beforeTorn.stateHash());
        assertThat(PointInTime.atIndex(directory, 25).stateHash()).isEqualTo(beforeTorn.stateHash());

        workload.useLedger(recovered.ledger());
        workload.resumeAfter(recovered.lastLogPosition());
        try (Journal journal = Journal.open(context(workload, directory)))
        {
            for (int i = 0; i < 5; i++)
            {
                workload.step(journal);
            }
            journal.commit();
        }
        final LedgerRecovery.Recovered again = LedgerRecovery.recover(directory);
        assertThat(again.snapshotIndex()).isEqualTo(20);
        assertThat(again.entriesReplayed()).isEqualTo(5);
        assertThat(again.ledger().stateHash()).isEqualTo(workload.ledger().stateHash());
    }

    /**
     * The point in time after entry 18 does not depend on entry 19: when 19 is torn (a crashed writer that has not
     * reopened yet, or a copy of its journal), the state after 18 is still there to be had. The replay must stop
     * at the requested index instead of reading the entry after it.
     */
    @Test
    void shouldRebuildThePointBeforeATornEntryWithoutReadingIt() throws IOException
    {
        final JournaledWorkload workload = new JournaledWorkload(26, 3000);
        long hashAt18 = 0;
        try (Journal journal = Journal.open(context(workload, directory)))
        {
            for (int i = 0; i < 20; i++)
            {
                workload.step(journal);
                if (i == 18)
                {
                    hashAt18 = workload.ledger().stateHash();
                }
            }
            journal.commit();
        }
        final Path queueFile;
        try (java.util.stream.Stream<Path> files = Files.walk(JournalMetadata.queueDirectory(directory)))
        {
            queueFile = files.filter(path -> path.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        flipByte(queueFile, lastEntryOffset(queueFile, 19) + JournalEntry.HEADER_LENGTH + 3);
        assertThat(PointInTime.atIndex(directory, 18).stateHash()).isEqualTo(hashAt18);
        final LedgerRecovery.Recovered recovered = LedgerRecovery.recover(directory, 18, Long.MAX_VALUE);
        assertThat(recovered.lastIndex()).isEqualTo(18);
        assertThat(recovered.entriesReplayed()).isEqualTo(19);
    }

    /** @return the file offset of entry {@code index}, found by its magic, format version and index. */
    private static long lastEntryOffset(final Path file, final long index) throws IOException
    {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file))
        {
            final java.nio.ByteBuffer bytes = channel.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0,
                Math.min(channel.size(), 64L << 20)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
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

    private static List<Long> seeds()
    {
        final String one = System.getProperty("ledger.seed");
        return one != null ? List.of(Long.parseLong(one)) : List.of(101L, 102L, 103L);
    }

    private List<Long> run(final long seed, final Path journalDirectory, final SplittableRandom interruptions)
    {
        final JournaledWorkload workload = new JournaledWorkload(seed, STEPS * 40);
        final JournalContext context = context(workload, journalDirectory);
        Journal journal = Journal.open(context);
        try
        {
            for (int step = 0; step < STEPS; step++)
            {
                workload.step(journal);
                journal.commit();
                if (interruptions != null && interruptions.nextInt(12) == 0)
                {
                    if (interruptions.nextBoolean())
                    {
                        LedgerRecovery.snapshot(journalDirectory, journal, workload.ledger());
                    }
                    final long hash = workload.ledger().stateHash();
                    journal.close();
                    final LedgerRecovery.Recovered recovered = LedgerRecovery.recover(journalDirectory);
                    assertThat(recovered.ledger().stateHash()).as("seed %d step %d", seed, step).isEqualTo(hash);
                    workload.useLedger(recovered.ledger());
                    journal = Journal.open(context);
                }
            }
        }
        finally
        {
            journal.close();
        }
        final List<Long> hashes = new ArrayList<>();
        final JournalEntry entry = new JournalEntry();
        try (JournalReader reader = JournalReader.open(journalDirectory))
        {
            while (reader.next(entry))
            {
                hashes.add(entry.stateHash());
                hashes.add(entry.checksum());
            }
        }
        hashes.add(workload.ledger().stateHash());
        return hashes;
    }

    private static void flipByte(final Path file, final long position) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(position);
            final int value = raf.read();
            raf.seek(position);
            raf.write(value ^ 0x40);
        }
    }
}
