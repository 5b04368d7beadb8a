package dev.ledger.journal;

/**
 * What a committed journal entry survives. An entry is committed when {@link Journal#commit()} returns; only
 * then may the results it records be acknowledged.
 */
public enum Durability
{
    /**
     * Entries are in the operating system's page cache: they survive a crash or SIGKILL of the process, not a
     * power loss or kernel crash (the tail written since the last writeback may be lost or torn; the journal
     * detects and cuts a torn tail when it opens).
     */
    OS,
    /**
     * Every commit forces the written range to the disk ({@code msync(MS_SYNC)}) before it returns: committed
     * entries survive power loss. Many entries share one sync (group commit).
     */
    SYNC;

    /**
     * @param name {@code os} or {@code sync}, any case.
     * @return the mode.
     */
    public static Durability parse(final String name)
    {
        switch (name.toLowerCase(java.util.Locale.ROOT))
        {
            case "os":
                return OS;
            case "sync":
                return SYNC;
            default:
                throw new IllegalArgumentException("journal durability must be os or sync: " + name);
        }
    }
}
