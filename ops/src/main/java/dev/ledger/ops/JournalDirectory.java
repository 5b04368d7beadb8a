package dev.ledger.ops;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.ledger.journal.JournalException;
import dev.ledger.journal.JournalMetadata;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code DIR} argument every journal command takes, checked before any work starts so that a wrong path is
 * a usage error (exit 2), not a finding about a journal.
 */
final class JournalDirectory
{
    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Parameters(
        index = "0",
        paramLabel = "DIR",
        description = "The journal directory (it holds journal.properties and queue/).")
    private Path directory;

    /**
     * @return the directory, once it is known to hold a readable journal.
     * @throws ParameterException when it does not.
     */
    Path checked()
    {
        if (!Files.exists(directory))
        {
            throw usage("no such directory: " + directory);
        }
        if (!Files.isDirectory(directory))
        {
            throw usage("not a directory: " + directory);
        }
        if (!Files.isReadable(directory))
        {
            throw usage("cannot read directory: " + directory);
        }
        try
        {
            JournalMetadata.read(directory);
        }
        catch (final JournalException ex)
        {
            throw usage(ex.getMessage());
        }
        final Path queue = JournalMetadata.queueDirectory(directory);
        if (!Files.isDirectory(queue) || !Files.isReadable(queue))
        {
            throw usage("journal " + directory + " has no readable entries directory " + queue);
        }
        return directory;
    }

    private ParameterException usage(final String message)
    {
        return new ParameterException(command.commandLine(), message);
    }
}
