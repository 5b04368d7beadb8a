package dev.ledger.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.ledger.core.BatchStatus;
import dev.ledger.core.Codec;
import dev.ledger.core.CreateTransferResult;
import dev.ledger.core.Ledger;
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.TransferFlags;
import dev.ledger.core.UInt128;
import dev.ledger.core.Wire;
import dev.ledger.journal.EntryKind;
import dev.ledger.journal.JournalEntry;
import dev.ledger.journal.JournalHash;
import dev.ledger.journal.JournalReader;
import dev.ledger.journal.JournaledWorkload;
import dev.ledger.journal.PointInTime;

class LedgerToolTest
{
    private static final long SEED = 20261129L;
    private static final int STEPS = 120;

    @TempDir
    static Path temporary;

    private static Path journal;
    private static JournaledWorkload workload;
    /** What the journal holds, read back with the journal's own reader: one row per entry. */
    private static final List<Map<String, Object>> ENTRIES = new ArrayList<>();
    /** The first create_transfers entry with a transfer that applied (ok), that transfer and the results. */
    private static long transferEntryIndex = -1;
    private static int transferEventIndex;
    private static Map<String, Object> journaledTransfer;
    private static List<String> journaledResults;

    @BeforeAll
    static void writeJournal()
    {
        journal = temporary.resolve("journal");
        workload = JournalFixture.writeJournal(journal, SEED, STEPS);
        final JournalEntry entry = new JournalEntry();
        try (JournalReader reader = JournalReader.open(journal))
        {
            while (reader.next(entry))
            {
                final Map<String, Object> row = new LinkedHashMap<>();
                row.put("index", entry.index());
                row.put("kind", EntryKind.name(entry.kind()));
                row.put("cluster_time_ns", entry.clusterTimeNs());
                row.put("state_hash", Long.toHexString(entry.stateHash()));
                row.put("checksum", Long.toHexString(entry.checksum()));
                row.put("event_count", entry.eventCount());
                ENTRIES.add(row);
                if (transferEntryIndex < 0 && entry.kind() == EntryKind.CREATE_TRANSFERS &&
                    entry.batchStatus() == BatchStatus.OK)
                {
                    rememberFirstAppliedTransfer(entry);
                }
            }
        }
        assertThat(ENTRIES).hasSize(STEPS);
        assertThat(transferEntryIndex).isNotNegative();
    }

    private static void rememberFirstAppliedTransfer(final JournalEntry entry)
    {
        for (int i = 0; i < entry.eventCount(); i++)
        {
            if (entry.result(i) == CreateTransferResult.OK.code())
            {
                transferEntryIndex = entry.index();
                transferEventIndex = i;
                final UnsafeBuffer events =
                    new UnsafeBuffer(new byte[entry.eventCount() * LedgerLimits.RECORD_LENGTH]);
                assertThat(entry.copyEvents(events, 0)).isTrue();
                journaledTransfer = decodeTransfer(events, i * LedgerLimits.RECORD_LENGTH);
                journaledResults = new ArrayList<>();
                for (int j = 0; j < entry.eventCount(); j++)
                {
                    journaledResults.add(CreateTransferResult.of(entry.result(j)).wireName());
                }
                return;
            }
        }
    }

    private static Map<String, Object> decodeTransfer(final DirectBuffer buffer, final int offset)
    {
        final Map<String, Object> transfer = new LinkedHashMap<>();
        transfer.put("id", Codec.getU128(buffer, offset + Wire.ID).toString());
        transfer.put("debit_account_id", Codec.getU128(buffer, offset + Wire.TRANSFER_DEBIT_ACCOUNT_ID).toString());
        transfer.put("credit_account_id", Codec.getU128(buffer, offset + Wire.TRANSFER_CREDIT_ACCOUNT_ID).toString());
        transfer.put("amount", Codec.getU128(buffer, offset + Wire.TRANSFER_AMOUNT).toString());
        transfer.put("pending_id", Codec.getU128(buffer, offset + Wire.TRANSFER_PENDING_ID).toString());
        transfer.put("user_data_128", Codec.getU128(buffer, offset + Wire.USER_DATA_128).toString());
        transfer.put("user_data_64", Long.toUnsignedString(buffer.getLong(offset + Wire.USER_DATA_64, Wire.ORDER)));
        transfer.put("user_data_32", Integer.toUnsignedLong(buffer.getInt(offset + Wire.USER_DATA_32, Wire.ORDER)));
        transfer.put("timeout", Integer.toUnsignedLong(buffer.getInt(offset + Wire.TRANSFER_TIMEOUT, Wire.ORDER)));
        transfer.put("ledger", Integer.toUnsignedLong(buffer.getInt(offset + Wire.LEDGER, Wire.ORDER)));
        transfer.put("code", (long)(buffer.getShort(offset + Wire.CODE, Wire.ORDER) & 0xFFFF));
        final int flags = buffer.getShort(offset + Wire.FLAGS, Wire.ORDER) & 0xFFFF;
        final List<Object> names = new ArrayList<>();
        for (int bit = 0; bit < 16; bit++)
        {
            if ((flags & (1 << bit)) != 0)
            {
                names.add(TransferFlags.name(bit) != null ? TransferFlags.name(bit) : "bit_" + bit);
            }
        }
        transfer.put("flags", names);
        transfer.put("timestamp", Long.toUnsignedString(buffer.getLong(offset + Wire.TIMESTAMP, Wire.ORDER)));
        return transfer;
    }

    @Test
    void shouldVerifyASoundJournal()
    {
        final JournalFixture.Run run = JournalFixture.run("journal", "verify", journal.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.outLines()).hasSize(1);
        assertThat(run.out()).startsWith("OK").contains(STEPS + " entries").contains("entries/s")
            .contains(Long.toHexString(workload.ledger().stateHash()));
        assertThat(run.err()).as("no progress bar when stderr is not a terminal").isEmpty();
    }

    @Test
    void shouldVerifyAndReadBalancesFromAShardedNodesJournal()
    {
        final Path sharded = temporary.resolve("sharded-journal");
        final JournaledWorkload chained = JournalFixture.writeJournal(sharded, SEED + 1, 60, JournalHash.RESULTS);

        final JournalFixture.Run verify = JournalFixture.run("journal", "verify", sharded.toString());
        assertThat(verify.exitCode()).as(verify.err()).isEqualTo(0);
        assertThat(verify.out()).startsWith("OK").contains("60 entries")
            .contains(Long.toHexString(chained.recordedHash()));

        final UnsafeBuffer ids = new UnsafeBuffer(new byte[LedgerLimits.ID_LENGTH]);
        final UnsafeBuffer record = new UnsafeBuffer(new byte[LedgerLimits.RECORD_LENGTH]);
        BigInteger account = BigInteger.ONE;
        Codec.putU128(ids, 0, account);
        while (chained.ledger().lookupAccounts(ids, 0, 1, record, 0) == 0 ||
            u128(record, Wire.ACCOUNT_DEBITS_POSTED).equals("0"))
        {
            account = account.add(BigInteger.ONE);
            Codec.putU128(ids, 0, account);
            assertThat(account).as("an account with debits").isLessThan(BigInteger.valueOf(100_000));
        }
        final JournalFixture.Run balance = JournalFixture.run("journal", "balance", sharded.toString(),
            "--account", account.toString(), "--format", "json");
        assertThat(balance.exitCode()).as(balance.err()).isEqualTo(0);
        assertThat(Json.object(balance.out().strip()).get("debits_posted"))
            .isEqualTo(u128(record, Wire.ACCOUNT_DEBITS_POSTED));
    }

    @Test
    void shouldDrawAProgressBarOnStderrWhenAsked()
    {
        final JournalFixture.Run run = JournalFixture.run("journal", "verify", "--progress", journal.toString());

        assertThat(run.exitCode()).isEqualTo(0);
        assertThat(run.err()).contains("[").contains(STEPS + "/" + STEPS + " entries").contains("entries/s");
        assertThat(run.outLines()).hasSize(1);
    }

    @Test
    void shouldFailVerificationAtTheIndexOfACorruptedEntry() throws Exception
    {
        final Path copy = temporary.resolve("corrupted");
        JournalFixture.copyTree(journal, copy);
        final long corrupted = STEPS / 2;
        JournalFixture.flipByteInEntry(copy, corrupted, 20);

        final JournalFixture.Run run = JournalFixture.run("journal", "verify", copy.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.outLines()).hasSize(1);
        assertThat(run.out()).startsWith("FAILED at index " + corrupted + ":")
            .contains(corrupted + " entries verified before it");

        final JournalFixture.Run export = JournalFixture.run("journal", "export", copy.toString());
        assertThat(export.exitCode()).isEqualTo(1);
        assertThat(export.outLines()).hasSize((int)corrupted);
        assertThat(export.errLines()).singleElement().asString().startsWith("ledger: journal index " + corrupted);
    }

    @Test
    void shouldExportEveryEntryAsOneJsonObjectPerLine()
    {
        final JournalFixture.Run run =
            JournalFixture.run("journal", "export", journal.toString(), "--format", "ndjson");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.err()).isEmpty();
        final List<String> lines = run.outLines();
        assertThat(lines).hasSize(STEPS);
        for (int i = 0; i < lines.size(); i++)
        {
            final Map<String, Object> line = Json.object(lines.get(i));
            final Map<String, Object> expected = ENTRIES.get(i);
            assertThat(line.get("index")).isEqualTo((long)i);
            assertThat(line.get("kind")).isEqualTo(expected.get("kind"));
            assertThat(line.get("cluster_time_ns")).isEqualTo(expected.get("cluster_time_ns").toString());
            assertThat(line.get("state_hash")).isEqualTo(expected.get("state_hash"));
            assertThat(line.get("checksum")).isEqualTo(expected.get("checksum"));
            assertThat(line).containsKeys("log_position", "batch_status");
            if (EntryKind.name(EntryKind.EXPIRE_PENDING_TRANSFERS).equals(expected.get("kind")))
            {
                assertThat(line).containsKey("expired").doesNotContainKey("events");
            }
            else
            {
                assertThat((List<?>)line.get("events")).hasSize((int)expected.get("event_count"));
                assertThat(line).containsKey("results");
            }
        }
        final Map<String, Object> transfers = Json.object(lines.get((int)transferEntryIndex));
        assertThat(transfers.get("kind")).isEqualTo("create_transfers");
        assertThat(transfers.get("batch_status")).isEqualTo("ok");
        assertThat(((List<?>)transfers.get("events")).get(transferEventIndex)).isEqualTo(journaledTransfer);
        assertThat(transfers.get("results")).isEqualTo(journaledResults);
    }

    @Test
    void shouldExportOnlyTheEntriesBetweenFromAndTo()
    {
        final JournalFixture.Run run =
            JournalFixture.run("journal", "export", journal.toString(), "--from", "10", "--to", "20");

        assertThat(run.exitCode()).isEqualTo(0);
        assertThat(run.outLines()).hasSize(11);
        for (int i = 0; i < 11; i++)
        {
            assertThat(Json.object(run.outLines().get(i)).get("index")).isEqualTo(10L + i);
        }
        final JournalFixture.Run tail = JournalFixture.run("journal", "export", journal.toString(),
            "--from", Integer.toString(STEPS - 1), "--to", Integer.toString(STEPS + 100));
        assertThat(tail.outLines()).hasSize(1);
    }

    @Test
    void shouldPrintTheBalancesOfAnAccountAsTheReplayedLedgerHadThem()
    {
        final long entryTime = (long)ENTRIES.get((int)transferEntryIndex).get("cluster_time_ns");
        final long nextTime = (long)ENTRIES.get((int)transferEntryIndex + 1).get("cluster_time_ns");
        assertThat(nextTime).isGreaterThan(entryTime);
        final long at = entryTime + (nextTime - entryTime) / 2;
        final String account = (String)journaledTransfer.get("debit_account_id");

        final Ledger expected = PointInTime.atTime(journal, at);
        final UnsafeBuffer id = new UnsafeBuffer(new byte[LedgerLimits.ID_LENGTH]);
        Codec.putU128(id, 0, new BigInteger(account));
        final UnsafeBuffer record = new UnsafeBuffer(new byte[LedgerLimits.RECORD_LENGTH]);
        assertThat(expected.lookupAccounts(id, 0, 1, record, 0)).isEqualTo(1);

        final JournalFixture.Run run = JournalFixture.run("journal", "balance", journal.toString(),
            "--account", account, "--at", Long.toString(at), "--format", "json");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        final Map<String, Object> balance = Json.object(run.out().strip());
        assertThat(balance.get("id")).isEqualTo(account);
        assertThat(balance.get("as_of_ns")).isEqualTo(Long.toString(at));
        assertThat(((Number)balance.get("journal_index")).longValue()).isEqualTo(transferEntryIndex);
        assertThat(balance.get("debits_pending")).isEqualTo(u128(record, Wire.ACCOUNT_DEBITS_PENDING));
        assertThat(balance.get("debits_posted")).isEqualTo(u128(record, Wire.ACCOUNT_DEBITS_POSTED));
        assertThat(balance.get("credits_pending")).isEqualTo(u128(record, Wire.ACCOUNT_CREDITS_PENDING));
        assertThat(balance.get("credits_posted")).isEqualTo(u128(record, Wire.ACCOUNT_CREDITS_POSTED));

        final String iso = Instant.ofEpochSecond(0, at).toString();
        final JournalFixture.Run text = JournalFixture.run("journal", "balance", journal.toString(),
            "--account", account, "--at", iso);
        assertThat(text.exitCode()).isEqualTo(0);
        assertThat(text.out()).containsPattern("(?m)^debits_posted +" + u128(record, Wire.ACCOUNT_DEBITS_POSTED) + "$")
            .containsPattern("(?m)^credits_posted +" + u128(record, Wire.ACCOUNT_CREDITS_POSTED) + "$")
            .containsPattern("(?m)^journal_index +" + transferEntryIndex + " ");
    }

    @Test
    void shouldPrintTheLatestBalancesWithoutAt()
    {
        final String account = (String)journaledTransfer.get("debit_account_id");
        final UnsafeBuffer id = new UnsafeBuffer(new byte[LedgerLimits.ID_LENGTH]);
        Codec.putU128(id, 0, new BigInteger(account));
        final UnsafeBuffer record = new UnsafeBuffer(new byte[LedgerLimits.RECORD_LENGTH]);
        assertThat(workload.ledger().lookupAccounts(id, 0, 1, record, 0)).isEqualTo(1);

        final JournalFixture.Run run = JournalFixture.run("journal", "balance", journal.toString(),
            "--account", account, "--format", "json");

        assertThat(run.exitCode()).isEqualTo(0);
        assertThat(Json.object(run.out().strip()).get("debits_posted"))
            .isEqualTo(u128(record, Wire.ACCOUNT_DEBITS_POSTED));
    }

    @Test
    void shouldSayClearlyWhenTheAccountDoesNotExist()
    {
        final JournalFixture.Run run = JournalFixture.run("journal", "balance", journal.toString(),
            "--account", "340282366920938463463374607431768211454", "--at", "1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).singleElement().asString()
            .startsWith("ledger: account 340282366920938463463374607431768211454 does not exist at cluster time 1");
    }

    static Stream<Arguments> badUsages()
    {
        final String dir = journal.toString();
        final String notJournal = temporary.toString();
        return Stream.of(
            Arguments.of("missing DIR", List.of("journal", "verify")),
            Arguments.of("nonexistent DIR", List.of("journal", "verify", temporary.resolve("nope").toString())),
            Arguments.of("a file, not a directory", List.of("journal", "export",
                journal.resolve("journal.properties").toString())),
            Arguments.of("not a journal", List.of("journal", "verify", notJournal)),
            Arguments.of("not a journal (balance)", List.of("journal", "balance", notJournal, "--account", "1")),
            Arguments.of("unknown format", List.of("journal", "export", dir, "--format", "csv")),
            Arguments.of("from after to", List.of("journal", "export", dir, "--from", "5", "--to", "2")),
            Arguments.of("from past the end", List.of("journal", "export", dir, "--from", "100000")),
            Arguments.of("negative from", List.of("journal", "export", dir, "--from", "-1")),
            Arguments.of("malformed from", List.of("journal", "export", dir, "--from", "ten")),
            Arguments.of("missing account", List.of("journal", "balance", dir)),
            Arguments.of("malformed account", List.of("journal", "balance", dir, "--account", "abc")),
            Arguments.of("account 0", List.of("journal", "balance", dir, "--account", "0")),
            Arguments.of("account too large", List.of("journal", "balance", dir, "--account",
                UInt128.MAX.add(BigInteger.ONE).toString())),
            Arguments.of("malformed at", List.of("journal", "balance", dir, "--account", "1", "--at", "yesterday")),
            Arguments.of("unknown subcommand", List.of("journal", "frobnicate", dir)),
            Arguments.of("unknown option", List.of("journal", "verify", "--fast", dir)),
            Arguments.of("no subcommand", List.of("journal")),
            Arguments.of("nothing", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUsages")
    void shouldRejectBadUsageWithOneLineAndExitCode2(final String name, final List<String> args)
    {
        final JournalFixture.Run run = JournalFixture.run(args.toArray(new String[0]));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.errLines()).as(run.err()).singleElement().asString().startsWith("ledger: ");
        assertThat(run.out() + run.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(run.out()).isEmpty();
    }

    private static String u128(final DirectBuffer record, final int offset)
    {
        return Codec.getU128(record, offset).toString();
    }
}
