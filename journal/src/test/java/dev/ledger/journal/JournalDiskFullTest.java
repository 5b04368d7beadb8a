package dev.ledger.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ledger.core.BatchStatus;
import dev.ledger.core.LedgerConfig;
import dev.ledger.core.LedgerLimits;

/**
 * A journal on a real, small file system (a 24 MiB tmpfs mounted for the test) that fills up: the failed write
 * is a clear {@link JournalException}, nothing after it is committed, and the journal refuses every later call.
 * Needs the right to mount (root, as on the CI machine); skipped where mounting is not allowed.
 */
class JournalDiskFullTest
{
    private static final int EVENTS = LedgerLimits.BATCH_EVENTS_MAX;

    @TempDir
    Path temporary;
    private Path mount;
    private boolean mounted;

    @BeforeEach
    void mountSmallFileSystem() throws IOException, InterruptedException
    {
        mount = Files.createDirectories(temporary.resolve("small"));
        mounted = run("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", mount.toString());
        assumeThat(mounted).as("mounting a tmpfs is allowed here").isTrue();
    }

    @AfterEach
    void unmount() throws IOException, InterruptedException
    {
        if (mounted)
        {
            run("umount", "-l", mount.toString());
        }
    }

    @Test
    void shouldFailClearlyAndRefuseEverythingAfterTheDiskIsFull()
    {
        final UnsafeBuffer events = JournalTest.filled(new UnsafeBuffer(new byte[EVENTS * LedgerLimits.RECORD_LENGTH]));
        final UnsafeBuffer results = new UnsafeBuffer(new byte[EVENTS * LedgerLimits.RESULT_LENGTH]);
        final JournalContext context = new JournalContext().directory(mount.resolve("journal"))
            .ledgerConfig(new LedgerConfig(1 << 20, 1 << 20, 1 << 20)).durability(Durability.SYNC);
        long committed = -1;
        JournalException failure = null;
        try (Journal journal = Journal.open(context))
        {
            for (int i = 0; i < 200 && failure == null; i++)
            {
                try
                {
                    journal.appendCreate(EntryKind.CREATE_TRANSFERS, i + 1, 1_000_000L * i, events, 0, EVENTS,
                        BatchStatus.OK, results, 0, i);
                    journal.commit();
                    committed = journal.committedIndex();
                }
                catch (final JournalException ex)
                {
                    failure = ex;
                }
            }
            assertThat(failure).as("a 24 MiB file system cannot take 200 MiB of entries").isNotNull();
            assertThat(failure.getMessage()).containsAnyOf("append failed", "sync failed");
            assertThat(journal.committedIndex()).isEqualTo(committed);
            assertThat(committed).isGreaterThanOrEqualTo(0).isLessThan(24);
            assertThatThrownBy(() -> journal.appendExpiry(10_000, 1, 0, 0))
                .isInstanceOf(JournalException.class).hasMessageContaining("an earlier write failed");
            assertThatThrownBy(journal::commit)
                .isInstanceOf(JournalException.class).hasMessageContaining("an earlier write failed");
        }
        catch (final JournalException ex)
        {
            // Closing may fail as well on a full file system; the assertions above are what matters.
            assertThat(failure).isNotNull();
        }
    }

    private static boolean run(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0;
    }
}
