package dev.ledger.journal.verify;

/**
 * The outcome of verifying a journal.
 *
 * @param entries        sound entries checked (cuts and void entries not counted).
 * @param events         events in them.
 * @param voidEntries    entries declared void by cuts of torn tails.
 * @param lastIndex      index of the last entry examined, or -1.
 * @param lastStateHash  state hash after the last sound entry replayed.
 * @param problemIndex   index of the first problem, or -1 when everything verified.
 * @param problem        what is wrong there, or null.
 * @param elapsedNs      how long it took.
 */
public record VerifyReport(
    long entries,
    long events,
    long voidEntries,
    long lastIndex,
    long lastStateHash,
    long problemIndex,
    String problem,
    long elapsedNs)
{
    /** @return whether the checksum chain and every replayed result and state hash agree with the record. */
    public boolean ok()
    {
        return problem == null;
    }

    /** @return one line: the verdict. */
    public String verdict()
    {
        final double seconds = elapsedNs / 1e9;
        final String rate = String.format(java.util.Locale.ROOT, "%.0f entries/s, %.0f events/s",
            entries / Math.max(seconds, 1e-9), events / Math.max(seconds, 1e-9));
        if (ok())
        {
            return "OK: " + entries + " entries, " + events + " events verified (chain and replay)" +
                (voidEntries > 0 ? ", " + voidEntries + " torn entries cut" : "") + ", state hash " +
                Long.toHexString(lastStateHash) + ", " + String.format(java.util.Locale.ROOT, "%.2f s", seconds) +
                ", " + rate;
        }
        return "FAILED at index " + problemIndex + ": " + problem + " (" + entries + " entries verified before it)";
    }
}
