package dev.ledger.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import dev.ledger.core.Ledger;
import dev.ledger.journal.verify.JournalVerifier;
import dev.ledger.journal.verify.VerifyReport;

/**
 * Damages the bytes of a real journal file — one flipped byte, a truncation — and requires the verifier to name
 * the exact entry, and the writer to cut a torn tail and append after it. Entries are found in the file by their
 * own header (magic, version, index), never by guessed offsets. Replay a random trial with
 * {@code -Dledger.corruption.seed=N}.
 */
class JournalCorruptionTest
{
    private static final long WORKLOAD_SEED = 4242;
    private static final int ENTRIES = 40;
    private static final int RANDOM_TRIALS = 50;
    private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    static Path shared;
    private static Path original;
    private static Path queueFile;
    private static List<Location> entries;

    @TempDir
    Path directory;

    /** Where entry {@code index} lies in the queue file: its first byte, its length and its kind. */
    record Location(long index, int offset, int length, int kind, int eventsLength, int resultsLength)
    {
        int end()
        {
            return offset + length;
        }
    }

    @BeforeAll
    static void buildJournal() throws IOException
    {
        original = shared.resolve("original");
        final JournaledWorkload workload = new JournaledWorkload(WORKLOAD_SEED, 2000);
        try (Journal journal = Journal.open(new JournalContext().directory(original).ledgerConfig(workload.config())))
        {
            for (int i = 0; i < ENTRIES; i++)
            {
                assertThat(workload.step(journal)).isEqualTo(i);
            }
            journal.commit();
        }
        try (Stream<Path> files = Files.list(JournalMetadata.queueDirectory(original)))
        {
            final List<Path> cq4 = files.filter(file -> file.toString().endsWith(".cq4")).toList();
            assertThat(cq4).hasSize(1);
            queueFile = original.relativize(cq4.get(0));
        }
        entries = locate(original.resolve(queueFile));
        assertThat(entries.stream().map(Location::kind)).contains(
            EntryKind.CREATE_ACCOUNTS, EntryKind.CREATE_TRANSFERS, EntryKind.EXPIRE_PENDING_TRANSFERS);
        assertThat(verify(original).ok()).isTrue();
    }

    @Test
    void shouldReportAFlippedByteAtTheEntryItIsIn() throws IOException
    {
        final Path copy = copy(original, directory.resolve("copy"));
        final List<Long> chosen = new ArrayList<>(List.of(0L, 1L, 17L, (long)ENTRIES - 2, (long)ENTRIES - 1));
        chosen.add(firstOfKind(EntryKind.CREATE_ACCOUNTS, 2));
        chosen.add(firstOfKind(EntryKind.CREATE_TRANSFERS, 2));
        chosen.add(firstOfKind(EntryKind.EXPIRE_PENDING_TRANSFERS, 2));
        for (final long k : chosen)
        {
            final Location entry = entries.get((int)k);
            final List<Integer> positions = new ArrayList<>(List.of(
                JournalEntry.MAGIC_OFFSET, JournalEntry.KIND_OFFSET, JournalEntry.INDEX_OFFSET,
                JournalEntry.LOG_POSITION_OFFSET, JournalEntry.STATE_HASH_OFFSET,
                JournalEntry.PREVIOUS_CHECKSUM_OFFSET + 7, JournalEntry.EVENTS_LENGTH_OFFSET,
                JournalEntry.RESULTS_LENGTH_OFFSET, entry.length() - JournalEntry.CHECKSUM_LENGTH,
                entry.length() - 1));
            if (entry.eventsLength() > 0)
            {
                positions.add(JournalEntry.HEADER_LENGTH + entry.eventsLength() / 2);
            }
            if (entry.resultsLength() > 0)
            {
                positions.add(JournalEntry.HEADER_LENGTH + entry.eventsLength() + 1);
            }
            for (final int position : positions)
            {
                final int offset = entry.offset() + position;
                flip(copy, offset, 0x10);
                final VerifyReport report = verify(copy);
                flip(copy, offset, 0x10);
                assertThat(report.problem()).as("entry %d byte %d: %s", k, position, report.verdict()).isNotNull();
                assertThat(report.problemIndex()).as("entry %d byte %d: %s", k, position, report.verdict())
                    .isEqualTo(k);
            }
        }
        assertThat(verify(copy).ok()).isTrue();
    }

    @Test
    void shouldReportAFlippedByteAnywhereInTheDataAtTheEntryThere() throws IOException
    {
        final long seed = Long.getLong("ledger.corruption.seed", System.nanoTime());
        final Path copy = copy(original, directory.resolve("copy"));
        final SplittableRandom random = new SplittableRandom(seed);
        // Each entry is preceded by Chronicle's 4-byte header (its length and flags).
        final int start = entries.get(0).offset() - 4;
        final int end = entries.get(ENTRIES - 1).end();
        for (int trial = 0; trial < RANDOM_TRIALS; trial++)
        {
            int offset = start + random.nextInt(end - start);
            // Chronicle aligns each header to 4 bytes: the 0-3 padding bytes after a record hold nothing to damage
            // (a flip there changes no record), so a draw there moves on to the next header.
            final Location entry = entryAt(offset);
            offset = Math.max(offset, entry.offset() - 4);
            final int mask = 1 << random.nextInt(8);
            flip(copy, offset, mask);
            final VerifyReport report = assertTimeoutPreemptively(VERIFY_TIMEOUT, () -> verify(copy),
                "seed " + seed + " offset " + offset);
            flip(copy, offset, mask);
            final String what = String.format("seed %d trial %d: mask %x at file offset %d, %s of entry %d: %s",
                seed, trial, mask, offset, offset < entry.offset() ? "Chronicle header" : "byte " +
                (offset - entry.offset()), entry.index(), report.verdict());
            assertThat(report.problem()).as(what).isNotNull();
            assertThat(report.problemIndex()).as(what).isEqualTo(entry.index());
        }
        assertThat(verify(copy).ok()).isTrue();
    }

    @Test
    void shouldReportADamagedChronicleHeaderAtItsEntry() throws IOException
    {
        final Path copy = copy(original, directory.resolve("copy"));
        // The last entry too: Chronicle alone would skip a record whose metadata flag got set, and the journal
        // would silently end one entry early; the reader recognises an entry behind such a header.
        for (final long k : new long[] {0, 1, 17, ENTRIES - 2, ENTRIES - 1})
        {
            final Location entry = entries.get((int)k);
            // Chronicle's header: the record's length in the low 30 bits, then "metadata" and "not complete" flags.
            for (int headerByte = 0; headerByte < 4; headerByte++)
            {
                for (final int mask : new int[] {0x01, 0x04, 0x10, 0x40, 0x80})
                {
                    final int offset = entry.offset() - 4 + headerByte;
                    flip(copy, offset, mask);
                    final VerifyReport report = assertTimeoutPreemptively(VERIFY_TIMEOUT, () -> verify(copy),
                        "entry " + k + " header byte " + headerByte);
                    flip(copy, offset, mask);
                    final String what = String.format("entry %d header byte %d mask %x: %s", k, headerByte, mask,
                        report.verdict());
                    assertThat(report.problem()).as(what).isNotNull();
                    assertThat(report.problemIndex()).as(what).isEqualTo(k);
                }
            }
        }
        assertThat(verify(copy).ok()).isTrue();
    }

    @Test
    void shouldReportATruncatedFileAsATornTail() throws IOException
    {
        final Path copy = copy(original, directory.resolve("copy"));
        final long k = ENTRIES - 9;
        final Location entry = entries.get((int)k);
        try (FileChannel channel = FileChannel.open(copy.resolve(queueFile), StandardOpenOption.WRITE))
        {
            channel.truncate(entry.offset() + entry.length() / 2);
        }
        final VerifyReport damaged = verify(copy);
        assertThat(damaged.problemIndex()).as(damaged.verdict()).isEqualTo(k);
        assertThat(damaged.problem()).contains("torn tail");
        assertThat(damaged.entries()).isEqualTo(k);
        // The writer does not repair a file truncated in the middle (README): opening it for appending fails
        // with one clear exception, not an Error from inside Chronicle, and leaves the verdict as it was.
        assertThatThrownBy(() -> Journal.open(new JournalContext().directory(copy).ledgerConfig(config(copy))))
            .isInstanceOf(JournalException.class);
        assertThat(verify(copy).problemIndex()).isEqualTo(k);
    }

    @Test
    void shouldCutATornLastEntryWhenTheWriterOpensWithAWarning() throws IOException
    {
        final Path copy = copy(original, directory.resolve("copy"));
        final Location last = entries.get(ENTRIES - 1);
        flip(copy, last.offset() + JournalEntry.HEADER_LENGTH + 3, 0x01);
        final VerifyReport torn = verify(copy);
        assertThat(torn.problemIndex()).isEqualTo(ENTRIES - 1);
        assertThat(torn.problem()).contains("torn tail");
        final Logger logger = (Logger)LoggerFactory.getLogger(Journal.class);
        final ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        logger.addAppender(warnings);
        try (Journal journal = Journal.open(new JournalContext().directory(copy).ledgerConfig(config(copy))))
        {
            assertThat(journal.nextIndex()).isEqualTo(ENTRIES + 1);
            assertThat(journal.committedIndex()).isEqualTo(ENTRIES);
        }
        finally
        {
            logger.detachAppender(warnings);
        }
        assertThat(warnings.list).singleElement().satisfies(event ->
            assertThat(event.getFormattedMessage()).contains("entries " + (ENTRIES - 1) + ".." + (ENTRIES - 1) +
                " are torn or damaged"));
        final VerifyReport cut = verify(copy);
        assertThat(cut.ok()).as(cut.verdict()).isTrue();
        assertThat(cut.entries()).isEqualTo(ENTRIES - 1);
        assertThat(cut.voidEntries()).isEqualTo(1);
        appendAndVerify(copy, ENTRIES + 1);
    }

    /**
     * A torn group: entry k damaged while the entries after it reached the disk whole (they link to k's checksum).
     * The writer must cut from k, not only the entries that are unsound alone, or everything it appends afterwards
     * would hang off a broken chain that no replay can cross.
     */
    @Test
    void shouldCutFromTheFirstDamagedEntryWhenSoundEntriesFollowIt() throws IOException
    {
        final Path copy = copy(original, directory.resolve("copy"));
        final int k = ENTRIES - 3;
        flip(copy, entries.get(k).offset() + JournalEntry.HEADER_LENGTH + 5, 0x10);
        assertThat(verify(copy).problemIndex()).isEqualTo(k);
        try (Journal journal = Journal.open(new JournalContext().directory(copy).ledgerConfig(config(copy))))
        {
            assertThat(journal.nextIndex()).isEqualTo(ENTRIES + 1);
        }
        final VerifyReport cut = verify(copy);
        assertThat(cut.ok()).as(cut.verdict()).isTrue();
        assertThat(cut.entries()).isEqualTo(k);
        assertThat(cut.voidEntries()).isEqualTo(ENTRIES - k);
        appendAndVerify(copy, ENTRIES + 1);
    }

    /** Appends an expiry entry after the journal's end, as a restarted node would, and verifies the whole. */
    private static void appendAndVerify(final Path journalDirectory, final long expectedIndex)
    {
        final Ledger ledger = PointInTime.atIndex(journalDirectory, Long.MAX_VALUE);
        final VerifyReport before = verify(journalDirectory);
        try (Journal journal = Journal.open(
            new JournalContext().directory(journalDirectory).ledgerConfig(config(journalDirectory))))
        {
            assertThat(journal.lastStateHash()).isEqualTo(ledger.stateHash());
            final long timeNs = ledger.lastTimestampNs() + 1_000_000_000L;
            final int expired = ledger.expirePendingTransfers(timeNs);
            assertThat(journal.appendExpiry(journal.lastLogPosition() + 1, timeNs, expired, ledger.stateHash()))
                .isEqualTo(expectedIndex);
            journal.commit();
        }
        final VerifyReport after = verify(journalDirectory);
        assertThat(after.ok()).as(after.verdict()).isTrue();
        assertThat(after.entries()).isEqualTo(before.entries() + 1);
        assertThat(after.lastIndex()).isEqualTo(expectedIndex);
        assertThat(after.lastStateHash()).isEqualTo(ledger.stateHash());
    }

    private static VerifyReport verify(final Path journalDirectory)
    {
        return JournalVerifier.verify(journalDirectory, (index, count, events) -> {});
    }

    private static dev.ledger.core.LedgerConfig config(final Path journalDirectory)
    {
        return JournalMetadata.read(journalDirectory);
    }

    private static long firstOfKind(final int kind, final long from)
    {
        return entries.stream().filter(entry -> entry.kind() == kind && entry.index() >= from)
            .mapToLong(Location::index).findFirst().orElseThrow();
    }

    /** @return the entry whose bytes, or whose Chronicle header just before them, hold the offset. */
    private static Location entryAt(final int offset)
    {
        for (final Location entry : entries)
        {
            if (offset < entry.end())
            {
                return entry;
            }
        }
        throw new IllegalArgumentException("offset " + offset + " is after the last entry");
    }

    /** Finds every entry by searching for its header: magic, format version, and its index at offset 8. */
    private static List<Location> locate(final Path file) throws IOException
    {
        final List<Location> found = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final MappedByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            bytes.order(ByteOrder.LITTLE_ENDIAN);
            for (long k = 0; k < ENTRIES; k++)
            {
                int at = -1;
                for (int p = found.isEmpty() ? 0 : found.get(found.size() - 1).end(); p + 64 <= bytes.limit(); p++)
                {
                    if (bytes.getInt(p) == JournalEntry.MAGIC && bytes.getShort(p + 4) == JournalEntry.FORMAT_VERSION &&
                        bytes.getLong(p + JournalEntry.INDEX_OFFSET) == k)
                    {
                        assertThat(at).as("entry %d's header found twice", k).isEqualTo(-1);
                        at = p;
                        break;
                    }
                }
                assertThat(at).as("entry %d's header", k).isNotNegative();
                final int eventsLength = bytes.getInt(at + JournalEntry.EVENTS_LENGTH_OFFSET);
                final int resultsLength = bytes.getInt(at + JournalEntry.RESULTS_LENGTH_OFFSET);
                found.add(new Location(k, at, JournalEntry.HEADER_LENGTH + eventsLength + resultsLength +
                    JournalEntry.CHECKSUM_LENGTH, bytes.getShort(at + JournalEntry.KIND_OFFSET), eventsLength,
                    resultsLength));
            }
        }
        return found;
    }

    /**
     * Copies a journal directory. Queue files are preallocated and sparse: only their written part is copied,
     * and the copy is given the same length, so that it stays sparse.
     */
    private static Path copy(final Path from, final Path to) throws IOException
    {
        final int written = entries.get(ENTRIES - 1).end();
        try (Stream<Path> files = Files.walk(from))
        {
            for (final Path source : files.toList())
            {
                final Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source))
                {
                    Files.createDirectories(target);
                }
                else if (source.toString().endsWith(".cq4"))
                {
                    try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
                        RandomAccessFile out = new RandomAccessFile(target.toFile(), "rw"))
                    {
                        final ByteBuffer data = ByteBuffer.allocate(written);
                        while (data.hasRemaining() && in.read(data) >= 0)
                        {
                            // Read up to the end of the last entry.
                        }
                        out.write(data.array());
                        out.setLength(in.size());
                    }
                }
                else
                {
                    Files.copy(source, target);
                }
            }
        }
        return to;
    }

    private static void flip(final Path journalDirectory, final int offset, final int mask) throws IOException
    {
        try (FileChannel channel = FileChannel.open(journalDirectory.resolve(queueFile), StandardOpenOption.READ,
            StandardOpenOption.WRITE))
        {
            final ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte)(one.get(0) ^ mask)).rewind();
            channel.write(one, offset);
        }
    }
}
