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
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.ResultsChain;
import dev.ledger.journal.verify.JournalVerifier;
import dev.ledger.journal.verify.VerifyReport;

class JournalVerifierTest
{
    @TempDir
    Path directory;

    @Test
    void shouldVerifyASoundJournalAndReportProgress()
    {
        final JournaledWorkload workload = new JournaledWorkload(31, 3000);
        write(workload, 30, -1, false);
        final List<Long> progress = new ArrayList<>();
        final VerifyReport report = JournalVerifier.verify(directory, (index, count, events) -> progress.add(index));
        assertThat(report.ok()).as(report.verdict()).isTrue();
        assertThat(report.entries()).isEqualTo(30);
        assertThat(report.lastIndex()).isEqualTo(29);
        assertThat(report.lastStateHash()).isEqualTo(workload.ledger().stateHash());
        assertThat(report.verdict()).startsWith("OK: 30 entries");
        assertThat(progress).last().isEqualTo(29L);
    }

    @Test
    void shouldReportTheFirstEntryWhoseRecordedStateHashTheReplayDoesNotReproduce()
    {
        final JournaledWorkload workload = new JournaledWorkload(32, 3000);
        write(workload, 20, 12, false);
        final VerifyReport report = JournalVerifier.verify(directory, (index, count, events) -> { });
        assertThat(report.ok()).isFalse();
        assertThat(report.problemIndex()).isEqualTo(12);
        assertThat(report.problem()).startsWith("replay diverges: state hash recorded");
        assertThat(report.entries()).isEqualTo(12);
        assertThat(report.verdict()).startsWith("FAILED at index 12");
    }

    @Test
    void shouldReportTheFirstEntryWhoseRecordedResultTheReplayDoesNotReproduce()
    {
        final JournaledWorkload workload = new JournaledWorkload(33, 3000);
        write(workload, 15, 9, true);
        final VerifyReport report = JournalVerifier.verify(directory, (index, count, events) -> { });
        assertThat(report.problemIndex()).isEqualTo(9);
        assertThat(report.problem()).contains("event 0: result recorded");
    }

    @Test
    void pointInTimeShouldBeTheStateAfterTheGivenEntryOrTime()
    {
        final JournaledWorkload workload = new JournaledWorkload(34, 3000);
        final List<Long> hashes = new ArrayList<>();
        final List<Long> times = new ArrayList<>();
        try (Journal journal = Journal.open(context(workload)))
        {
            for (int i = 0; i < 25; i++)
            {
                workload.step(journal);
                journal.commit();
                hashes.add(workload.ledger().stateHash());
            }
        }
        final JournalEntry entry = new JournalEntry();
        try (JournalReader reader = JournalReader.open(directory))
        {
            while (reader.next(entry))
            {
                times.add(entry.clusterTimeNs());
            }
        }
        for (final int index : new int[] {0, 7, 24})
        {
            assertThat(PointInTime.atIndex(directory, index).stateHash()).as("index %d", index)
                .isEqualTo(hashes.get(index));
            final long time = times.get(index);
            int last = index;
            while (last + 1 < times.size() && times.get(last + 1) <= time)
            {
                last++;
            }
            assertThat(PointInTime.atTime(directory, time).stateHash()).as("time of index %d", index)
                .isEqualTo(hashes.get(last));
        }
        assertThat(PointInTime.atTime(directory, times.get(0) - 1).accountCount()).isZero();
    }

    @Test
    void shouldVerifyAndRecoverAJournalThatRecordsTheResultsChain()
    {
        final JournaledWorkload workload = new JournaledWorkload(35, 3000).recordResultsChain();
        try (Journal journal = Journal.open(context(workload).stateHash(JournalHash.RESULTS)))
        {
            for (int i = 0; i < 40; i++)
            {
                workload.step(journal);
                journal.commit();
            }
            assertThat(journal.lastStateHash()).isEqualTo(workload.recordedHash());
        }
        assertThat(JournalMetadata.readStateHash(directory)).isEqualTo(JournalHash.RESULTS);
        final VerifyReport report = JournalVerifier.verify(directory, (index, count, events) -> { });
        assertThat(report.ok()).as(report.verdict()).isTrue();
        assertThat(report.lastStateHash()).isEqualTo(workload.recordedHash()).isNotEqualTo(workload.ledger().stateHash());
        assertThat(LedgerRecovery.recover(directory).ledger().stateHash()).isEqualTo(workload.ledger().stateHash());
    }

    @Test
    void aResultsChainJournalShouldFindAWrongChainAndTakeARecordedRefusalForLackOfRoomAsGiven()
    {
        final JournaledWorkload workload = new JournaledWorkload(36, 3000).recordResultsChain();
        final UnsafeBuffer events = new UnsafeBuffer(new byte[LedgerLimits.RECORD_LENGTH]);
        final UnsafeBuffer results = new UnsafeBuffer(new byte[LedgerLimits.RESULT_LENGTH]);
        try (Journal journal = Journal.open(context(workload).stateHash(JournalHash.RESULTS)))
        {
            for (int i = 0; i < 10; i++)
            {
                workload.step(journal);
            }
            // A sharded node refused this batch because one shard was full; one ledger would have applied it.
            final long position = workload.logPosition() + 1;
            workload.resumeAfter(position);
            final long chain = ResultsChain.mix(workload.recordedHash(), BatchStatus.TRANSFERS_FULL,
                results, 0);
            journal.appendCreate(EntryKind.CREATE_TRANSFERS, position, 2_000_000_000_000_000_000L, events, 0, 1,
                BatchStatus.TRANSFERS_FULL, results, 0, chain);
            journal.appendExpiry(position + 1, 2_000_000_000_000_000_001L, 0, chain + 1);
            journal.commit();
        }
        final VerifyReport report = JournalVerifier.verify(directory, (index, count, events1) -> { });
        assertThat(report.problemIndex()).as(report.verdict()).isEqualTo(11);
        assertThat(report.problem()).startsWith("replay diverges: state hash recorded");
        assertThatThrownBy(() -> Journal.open(context(workload))).isInstanceOf(JournalException.class)
            .hasMessageContaining("records the results state hash, not the ledger one");
    }

    private JournalContext context(final JournaledWorkload workload)
    {
        return new JournalContext().directory(directory).ledgerConfig(workload.config()).durability(Durability.OS);
    }

    /**
     * Journals {@code entries} steps of the workload; at {@code falsified} (if not -1) the journal records a state
     * hash, or a first result code, that the ledger did not produce, in an entry with a sound checksum.
     */
    private void write(final JournaledWorkload workload, final int entries, final int falsified,
        final boolean falsifyResult)
    {
        final UnsafeBuffer events = new UnsafeBuffer(new byte[LedgerLimits.RECORD_LENGTH]);
        final UnsafeBuffer results = new UnsafeBuffer(new byte[LedgerLimits.RESULT_LENGTH]);
        try (Journal journal = Journal.open(context(workload)))
        {
            for (int i = 0; i < entries; i++)
            {
                if (i == falsified)
                {
                    // An account with id 0: the ledger answers id_must_not_be_zero, never ok.
                    final long position = workload.logPosition() + 1;
                    workload.resumeAfter(position);
                    final int status = workload.ledger().createAccounts(2_000_000_000_000_000_000L, events, 0, 1,
                        results, 0);
                    assertThat(status).isEqualTo(BatchStatus.OK);
                    final long hash = workload.ledger().stateHash();
                    if (falsifyResult)
                    {
                        results.putInt(0, 0);
                    }
                    journal.appendCreate(EntryKind.CREATE_ACCOUNTS, position, 2_000_000_000_000_000_000L, events, 0, 1,
                        status, results, 0, falsifyResult ? hash : hash + 1);
                }
                else
                {
                    workload.step(journal);
                }
                journal.commit();
            }
        }
    }
}
