package dev.ledger.ops;

import java.util.concurrent.Callable;

import dev.ledger.journal.verify.JournalVerifier;
import dev.ledger.journal.verify.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ledger journal verify DIR}: the checksum chain of every entry and a replay that must reproduce every
 * recorded result and state hash; one verdict line on stdout.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersion.class,
    description = {
        "Verify a journal: the checksum chain of every entry, and a replay into a fresh ledger that must",
        "reproduce every recorded batch status, result code and state hash. Prints one verdict line on stdout",
        "(OK ... or FAILED at index N: ...); a progress bar goes to stderr when it is a terminal." },
    footer = { "", "Exit codes: 0 everything verified, 1 a problem was found (the verdict names its index),",
        "2 bad usage or not a readable journal." })
final class VerifyCommand implements Callable<Integer>
{
    /** Set by bin/ledger when stderr is a terminal: Java itself cannot tell for stderr alone. */
    static final String STDERR_TERMINAL_PROPERTY = "ledger.stderr.terminal";

    @Spec
    private CommandSpec spec;

    @Mixin
    private JournalDirectory journal;

    @Option(
        names = "--progress",
        negatable = true,
        description = "Show a progress bar on stderr (default: only when stderr is a terminal).")
    private Boolean progress;

    @Override
    public Integer call()
    {
        final boolean showProgress = progress != null ? progress : Boolean.getBoolean(STDERR_TERMINAL_PROPERTY);
        final ProgressBar bar = showProgress ? new ProgressBar(spec.commandLine().getErr()) : null;
        final VerifyReport report;
        try
        {
            report = JournalVerifier.verify(journal.checked(), bar != null ? bar : (index, count, events) -> { });
        }
        finally
        {
            if (bar != null)
            {
                bar.finish();
            }
        }
        spec.commandLine().getOut().println(report.verdict());
        spec.commandLine().getOut().flush();
        return report.ok() ? LedgerTool.EXIT_OK : LedgerTool.EXIT_PROBLEM;
    }
}
