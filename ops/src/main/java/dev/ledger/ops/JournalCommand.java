package dev.ledger.ops;

import picocli.CommandLine.Command;

/**
 * {@code ledger journal}: commands that read a journal directory. They never write to it and may run beside a
 * live node.
 */
@Command(
    name = "journal",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersion.class,
    description = "Read a journal directory: verify it, export it, read balances from it.",
    subcommands = { VerifyCommand.class, ExportCommand.class, BalanceCommand.class })
final class JournalCommand
{
}
