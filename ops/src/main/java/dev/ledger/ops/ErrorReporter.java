package dev.ledger.ops;

import java.io.PrintWriter;

import dev.ledger.journal.JournalException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on stderr, {@code ledger: <what went wrong>}, and an exit code: operators
 * read the line, scripts read the code, and nobody has to read a stack trace.
 */
final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler
{
    /** Set to {@code true} to also print the stack trace of a failure. */
    static final String DEBUG_PROPERTY = "ledger.debug";

    @Override
    public int handleParseException(final ParameterException ex, final String[] args)
    {
        final CommandLine command = ex.getCommandLine();
        final PrintWriter err = command.getErr();
        err.println("ledger: " + oneLine(ex.getMessage()) +
            " (see '" + command.getCommandSpec().qualifiedName() + " --help')");
        printStackTraceWhenDebugging(ex, err);
        err.flush();
        return LedgerTool.EXIT_USAGE;
    }

    @Override
    public int handleExecutionException(final Exception ex, final CommandLine command, final ParseResult parseResult)
    {
        final PrintWriter err = command.getErr();
        err.println("ledger: " + describe(ex));
        printStackTraceWhenDebugging(ex, err);
        err.flush();
        // A problem at a journal index is a finding about the record; anything else means the input could not
        // be read as a journal at all.
        return ex instanceof JournalException && ((JournalException)ex).index() >= 0 ?
            LedgerTool.EXIT_PROBLEM : LedgerTool.EXIT_USAGE;
    }

    static String describe(final Throwable ex)
    {
        final String message = ex.getMessage();
        if (message == null || message.isBlank())
        {
            return ex.getClass().getSimpleName() + (ex.getCause() != null ? ": " + describe(ex.getCause()) : "");
        }
        return oneLine(message);
    }

    static String oneLine(final String message)
    {
        return message == null ? "" : message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    private static void printStackTraceWhenDebugging(final Exception ex, final PrintWriter err)
    {
        if (Boolean.getBoolean(DEBUG_PROPERTY))
        {
            ex.printStackTrace(err);
        }
    }
}
