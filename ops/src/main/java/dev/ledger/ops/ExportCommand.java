package dev.ledger.ops;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.ledger.journal.JournalEntry;
import dev.ledger.journal.JournalException;
import dev.ledger.journal.JournalReader;
import dev.ledger.journal.export.EntryJsonWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ledger journal export DIR --format ndjson}: every entry, checked as it is read, as one JSON object per
 * line on stdout, in constant memory.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersion.class,
    description = {
        "Export journal entries as NDJSON on stdout, one object per entry, each checked (checksum chain) as it",
        "is read. Fields: index, log_position (numbers), cluster_time_ns (decimal string), kind",
        "(create_accounts, create_transfers, expire_pending_transfers), batch_status, state_hash (hex); for create",
        "kinds 'events' and 'results' (result code names, one per event; empty when the batch was refused), for",
        "expiries 'expired' (how many pending transfers expired); last checksum (the entry's CRC32C, hex, chained",
        "to the entry before). The node's GET /v1/journal answers the same lines.",
        "Events carry the API.md field names: 128- and 64-bit values as decimal strings, ledger, code,",
        "user_data_32 and timeout as numbers, flags as an array of names. They are the events as the client sent",
        "them: the ledger assigns timestamps when it applies an event, so an event's timestamp is the client's",
        "(0 unless imported), not the one the ledger stored." },
    footer = { "", "Exit codes: 0 exported, 1 a corrupt entry was reached (entries before it were written),",
        "2 bad usage or not a readable journal." })
final class ExportCommand implements Callable<Integer>
{
    /** The output formats; one for now. */
    enum Format
    {
        ndjson
    }

    /** How often to ask whether stdout is still open: a closed pipe ({@code | head}) should stop the export. */
    private static final int OUTPUT_CHECK_EVERY = 1024;

    @Spec
    private CommandSpec spec;

    @Mixin
    private JournalDirectory journal;

    @Option(names = "--format", defaultValue = "ndjson", paramLabel = "FORMAT",
        description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private Format format;

    @Option(names = "--from", defaultValue = "0", paramLabel = "INDEX",
        description = "First journal index to export (default: ${DEFAULT-VALUE}).")
    private long fromIndex;

    @Option(names = "--to", paramLabel = "INDEX", description = "Last journal index to export (default: the end).")
    private Long toIndex;

    @Override
    public Integer call() throws IOException
    {
        final long lastIndex = toIndex != null ? toIndex : Long.MAX_VALUE;
        if (fromIndex < 0 || lastIndex < 0)
        {
            throw new ParameterException(spec.commandLine(), "--from and --to must not be negative");
        }
        if (fromIndex > lastIndex)
        {
            throw new ParameterException(spec.commandLine(),
                "--from " + fromIndex + " is after --to " + lastIndex);
        }
        final Path directory = journal.checked();
        final PrintWriter out = spec.commandLine().getOut();
        final JournalEntry entry = new JournalEntry();
        try (JournalReader reader = JournalReader.open(directory);
            EntryJsonWriter writer = new EntryJsonWriter(out))
        {
            if (fromIndex > 0 && fromIndex >= reader.count())
            {
                throw new ParameterException(spec.commandLine(),
                    "--from " + fromIndex + " is past the end of the journal (" + reader.count() + " entries)");
            }
            reader.seek(fromIndex);
            long written = 0;
            try
            {
                while (reader.next(entry) && entry.index() <= lastIndex)
                {
                    writer.write(entry);
                    if (++written % OUTPUT_CHECK_EVERY == 0)
                    {
                        writer.flush();
                        if (out.checkError())
                        {
                            return LedgerTool.EXIT_PROBLEM;
                        }
                    }
                }
            }
            catch (final JournalException ex)
            {
                // Keep what was exported before the corrupt entry, then report it.
                writer.flush();
                out.flush();
                throw ex;
            }
        }
        out.flush();
        return out.checkError() ? LedgerTool.EXIT_PROBLEM : LedgerTool.EXIT_OK;
    }
}
