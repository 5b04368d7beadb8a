package dev.ledger.ops;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.ledger.journal.Durability;
import dev.ledger.journal.Journal;
import dev.ledger.journal.JournalContext;
import dev.ledger.journal.JournalEntry;
import dev.ledger.journal.JournalHash;
import dev.ledger.journal.JournalMetadata;
import dev.ledger.journal.JournaledWorkload;

/**
 * Test support: a real journal written by a seeded workload, the tool run in-process with captured output, and
 * byte-level corruption of a copy of a journal.
 */
final class JournalFixture
{
    /** The outcome of one in-process run of the tool. */
    record Run(int exitCode, String out, String err)
    {
        List<String> outLines()
        {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }

        List<String> errLines()
        {
            return err.isEmpty() ? List.of() : List.of(err.split("\n"));
        }
    }

    private JournalFixture()
    {
    }

    static Run run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exitCode = LedgerTool.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    /**
     * Writes a journal of {@code steps} log messages.
     *
     * @return the workload, whose ledger is the state after the last entry.
     */
    static JournaledWorkload writeJournal(final Path directory, final long seed, final int steps)
    {
        return writeJournal(directory, seed, steps, JournalHash.LEDGER);
    }

    /** As {@link #writeJournal(Path, long, int)}, recording the given kind of state hash. */
    static JournaledWorkload writeJournal(final Path directory, final long seed, final int steps,
        final JournalHash hash)
    {
        final JournaledWorkload workload = new JournaledWorkload(seed, steps * 20);
        if (hash == JournalHash.RESULTS)
        {
            workload.recordResultsChain();
        }
        try (Journal journal = Journal.open(new JournalContext()
            .directory(directory).ledgerConfig(workload.config()).durability(Durability.OS).stateHash(hash)))
        {
            for (int i = 0; i < steps; i++)
            {
                if (workload.step(journal) != i)
                {
                    throw new IllegalStateException("step " + i + " was not journaled at index " + i);
                }
            }
            journal.commit();
        }
        return workload;
    }

    static void copyTree(final Path source, final Path target) throws IOException
    {
        try (Stream<Path> paths = Files.walk(source))
        {
            for (final Path path : (Iterable<Path>)paths::iterator)
            {
                final Path destination = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path))
                {
                    Files.createDirectories(destination);
                }
                else
                {
                    Files.copy(path, destination);
                }
            }
        }
    }

    /**
     * Flips one byte inside the stored entry of a given index: found by searching the queue files for the entry
     * header (magic, format version 1, any kind, then the index).
     *
     * @param offsetInEntry which byte of the entry to flip, counted from its magic.
     */
    static void flipByteInEntry(final Path journal, final long index, final int offsetInEntry) throws IOException
    {
        final List<Path> files = new ArrayList<>();
        try (Stream<Path> paths = Files.list(JournalMetadata.queueDirectory(journal)))
        {
            paths.filter(path -> path.toString().endsWith(".cq4")).sorted().forEach(files::add);
        }
        for (final Path file : files)
        {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
            {
                final ByteBuffer bytes = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size())
                    .order(ByteOrder.LITTLE_ENDIAN);
                for (int at = 0; at + 16 <= bytes.limit(); at++)
                {
                    if (bytes.getInt(at) == JournalEntry.MAGIC &&
                        bytes.getShort(at + 4) == JournalEntry.FORMAT_VERSION && bytes.getLong(at + 8) == index)
                    {
                        bytes.put(at + offsetInEntry, (byte)(bytes.get(at + offsetInEntry) ^ 0x5A));
                        return;
                    }
                }
            }
        }
        throw new IllegalStateException("no entry header for index " + index + " in " + files);
    }
}
