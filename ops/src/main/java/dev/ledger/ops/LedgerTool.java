package dev.ledger.ops;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ledger} command: the entry point of the operator's tools. Run {@code ledger --help} for the list.
 * <p>
 * Exit codes: {@link #EXIT_OK} when everything worked and verified, {@link #EXIT_PROBLEM} when a command found a
 * problem in what it read (a corrupt or diverging journal, an unknown account), {@link #EXIT_USAGE} for bad
 * arguments and input that cannot be read at all. Errors are one line on stderr, never a stack trace (set the
 * system property {@code ledger.debug=true} to get one).
 */
@Command(
    name = "ledger",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersion.class,
    description = "Operator tools for a Ledger node.",
    subcommands = { JournalCommand.class },
    footer = { "", "Exit codes: 0 ok, 1 a problem was found, 2 bad usage or unreadable input." })
public final class LedgerTool
{
    /** Everything worked and verified. */
    public static final int EXIT_OK = 0;
    /** The command ran and found a problem: a corrupt or diverging journal, an account that does not exist. */
    public static final int EXIT_PROBLEM = 1;
    /** Bad arguments, or input that is not readable as a journal at all. */
    public static final int EXIT_USAGE = 2;

    /**
     * Runs the tool and exits with its exit code.
     *
     * @param args the command line.
     */
    public static void main(final String[] args)
    {
        // Exit explicitly: Chronicle may leave non-daemon threads behind.
        System.exit(commandLine().execute(args));
    }

    /**
     * The tool's command line with its error handling installed: bad usage and failures become one line on
     * stderr and an exit code. Tests call {@code commandLine().setOut(..).setErr(..).execute(args)}.
     *
     * @return a new command line for a new {@link LedgerTool}.
     */
    public static CommandLine commandLine()
    {
        final ErrorReporter reporter = new ErrorReporter();
        return new CommandLine(new LedgerTool())
            .setParameterExceptionHandler(reporter)
            .setExecutionExceptionHandler(reporter)
            .setCaseInsensitiveEnumValuesAllowed(true);
    }
}
