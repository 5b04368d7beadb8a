package dev.ledger.ops;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.time.Instant;
import java.util.concurrent.Callable;

import org.agrona.concurrent.UnsafeBuffer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;

import dev.ledger.core.Ledger;
import dev.ledger.core.LedgerLimits;
import dev.ledger.core.UInt128;
import dev.ledger.core.Wire;
import dev.ledger.journal.LedgerRecovery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ledger journal balance DIR --account ID [--at TIMESTAMP]}: an account's balances as of a cluster time,
 * from a checked replay of the journal up to that time.
 */
@Command(
    name = "balance",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersion.class,
    description = {
        "Print an account's balances as of a cluster time, by replaying the journal (checked) up to and including",
        "every entry sequenced at or before that time." },
    footer = { "", "Exit codes: 0 printed, 1 no such account at that time or a corrupt journal,",
        "2 bad usage or not a readable journal." })
final class BalanceCommand implements Callable<Integer>
{
    /** The output formats. */
    enum Format
    {
        text, json
    }

    /** Closing the generator must leave stdout open. */
    private static final JsonFactory JSON = JsonFactory.builder()
        .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
        .build();
    private static final String[] BALANCES = { "debits_pending", "debits_posted", "credits_pending", "credits_posted" };
    private static final int[] BALANCE_OFFSETS = {
        Wire.ACCOUNT_DEBITS_PENDING, Wire.ACCOUNT_DEBITS_POSTED, Wire.ACCOUNT_CREDITS_PENDING,
        Wire.ACCOUNT_CREDITS_POSTED };

    @Spec
    private CommandSpec spec;

    @Mixin
    private JournalDirectory journal;

    @Option(names = "--account", required = true, paramLabel = "ID", converter = Arguments.Id.class,
        description = "The account id, in decimal.")
    private BigInteger account;

    @Option(names = "--at", paramLabel = "TIMESTAMP", converter = Arguments.ClusterTime.class,
        description = {
            "Cluster time: nanoseconds since the epoch, or an ISO-8601 instant like 2026-11-29T12:00:00Z",
            "(default: the end of the journal)." })
    private Long atNs;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
        description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private Format format;

    /** The last journal entry the balances include, -1 for none. */
    private long lastIndex;

    @Override
    public Integer call() throws IOException
    {
        final LedgerRecovery.Recovered point =
            LedgerRecovery.recover(journal.checked(), Long.MAX_VALUE, atNs != null ? atNs : Long.MAX_VALUE);
        final Ledger ledger = point.ledger();
        lastIndex = point.lastIndex();
        final UnsafeBuffer id = new UnsafeBuffer(new byte[LedgerLimits.ID_LENGTH]);
        id.putLong(0, UInt128.lo(account), Wire.ORDER);
        id.putLong(Long.BYTES, UInt128.hi(account), Wire.ORDER);
        final UnsafeBuffer record = new UnsafeBuffer(new byte[LedgerLimits.RECORD_LENGTH]);
        if (ledger.lookupAccounts(id, 0, 1, record, 0) == 0)
        {
            spec.commandLine().getErr().println("ledger: account " + account + " does not exist " + describeTime());
            spec.commandLine().getErr().flush();
            return LedgerTool.EXIT_PROBLEM;
        }
        final PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json)
        {
            writeJson(out, record);
        }
        else
        {
            writeText(out, record);
        }
        out.flush();
        return LedgerTool.EXIT_OK;
    }

    private String describeTime()
    {
        return atNs == null ? "at the end of the journal" :
            "at cluster time " + atNs + " (" + Instant.ofEpochSecond(0, atNs) + ")";
    }

    private static String u128(final UnsafeBuffer record, final int offset)
    {
        return UInt128.toString(record.getLong(offset, Wire.ORDER), record.getLong(offset + Long.BYTES, Wire.ORDER));
    }

    private void writeText(final PrintWriter out, final UnsafeBuffer record)
    {
        final String format = "%-16s %s%n";
        out.printf(format, "account", account);
        out.printf(format, "as_of",
            atNs == null ? "end of journal" : atNs + " (" + Instant.ofEpochSecond(0, atNs) + ")");
        out.printf(format, "journal_index", lastIndex + " (the last entry included)");
        out.printf(format, "ledger", Integer.toUnsignedString(record.getInt(Wire.LEDGER, Wire.ORDER)));
        out.printf(format, "code", record.getShort(Wire.CODE, Wire.ORDER) & 0xFFFF);
        for (int i = 0; i < BALANCES.length; i++)
        {
            out.printf(format, BALANCES[i], u128(record, BALANCE_OFFSETS[i]));
        }
    }

    private void writeJson(final PrintWriter out, final UnsafeBuffer record) throws IOException
    {
        try (JsonGenerator json = JSON.createGenerator(out))
        {
            json.writeStartObject();
            json.writeStringField("id", account.toString());
            if (atNs != null)
            {
                json.writeStringField("as_of_ns", Long.toString(atNs));
            }
            else
            {
                json.writeNullField("as_of_ns");
            }
            json.writeNumberField("journal_index", lastIndex);
            json.writeNumberField("ledger", Integer.toUnsignedLong(record.getInt(Wire.LEDGER, Wire.ORDER)));
            json.writeNumberField("code", record.getShort(Wire.CODE, Wire.ORDER) & 0xFFFF);
            for (int i = 0; i < BALANCES.length; i++)
            {
                json.writeStringField(BALANCES[i], u128(record, BALANCE_OFFSETS[i]));
            }
            json.writeEndObject();
        }
        out.println();
    }
}
