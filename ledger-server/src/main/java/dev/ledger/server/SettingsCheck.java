package dev.ledger.server;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ledger.client.LedgerClient;
import dev.ledger.client.MemberSettings;
import dev.ledger.server.service.FatalHandler;

/**
 * A member of several checks, once, that it runs the settings the leader runs: it sends its own through the log
 * (every member logs a difference) until the leader answers, and stops the node through the fatal handler when
 * they differ, so that a member with other capacities never answers a client. Tried again every second until
 * there is a leader to answer. A misconfigured leader agrees with itself; then every other member stops, and
 * with them the quorum: the cluster stops rather than diverge.
 */
final class SettingsCheck implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(SettingsCheck.class);
    private static final long RETRY_MS = 1_000;

    private final LedgerClient gateway;
    private final MemberSettings mine;
    private final FatalHandler fatal;
    private final Thread thread;
    private volatile boolean closed;

    private SettingsCheck(final LedgerClient gateway, final MemberSettings mine, final FatalHandler fatal)
    {
        this.gateway = gateway;
        this.mine = mine;
        this.fatal = fatal;
        this.thread = new Thread(this::run, "ledger-settings-check");
        thread.setDaemon(true);
    }

    static SettingsCheck start(final LedgerClient gateway, final MemberSettings mine, final FatalHandler fatal)
    {
        final SettingsCheck check = new SettingsCheck(gateway, mine, fatal);
        check.thread.start();
        return check;
    }

    private void run()
    {
        while (!closed)
        {
            try
            {
                final MemberSettings leader =
                    gateway.checkSettingsAsync(mine).get(RETRY_MS * 30, TimeUnit.MILLISECONDS);
                if (leader.agreesWith(mine))
                {
                    LOG.info("settings agree with the leader's (member {}): {}", leader.memberId(), mine.describe());
                }
                else
                {
                    fatal.onFatal("this member's settings differ from the leader's (member " + leader.memberId() +
                        "): " + mine.describe() + " here, " + leader.describe() + " there; every member must run " +
                        "the same", null);
                }
                return;
            }
            catch (final ExecutionException | TimeoutException ex)
            {
                // No leader yet, or the answer timed out: ask again.
                sleep();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void sleep()
    {
        try
        {
            Thread.sleep(RETRY_MS);
        }
        catch (final InterruptedException ex)
        {
            closed = true;
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close()
    {
        closed = true;
        thread.interrupt();
    }
}
