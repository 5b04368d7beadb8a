package dev.ledger.server.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ledger.client.AccountBatch;
import dev.ledger.client.CreateResults;
import dev.ledger.client.LedgerClient;
import dev.ledger.client.LedgerException;
import dev.ledger.client.TransferBatch;
import dev.ledger.core.CreateTransferResult;
import dev.ledger.server.LedgerNode;

/**
 * One client across a node restart: while the node is down its requests fail with an outcome the caller can
 * act on, and once the node is back the same client has a new session by itself.
 */
class ReconnectTest
{
    @TempDir
    Path data;

    @Test
    void theSameClientCarriesOnAfterTheNodeRestarts() throws Exception
    {
        final int portBase = NodeFixture.freePortBase();
        LedgerNode node = LedgerNode.start(NodeFixture.config(data, portBase), (what, cause) -> { });
        try (LedgerClient client = LedgerClient.connect(new LedgerClient.Context()
            .ingressEndpoints(node.ingressEndpoints())
            .requestTimeoutNs(TimeUnit.SECONDS.toNanos(2))))
        {
            final AccountBatch accounts = new AccountBatch(2);
            accounts.add().id(1, 0).ledger(1).code(1);
            accounts.add().id(2, 0).ledger(1).code(1);
            assertThat(client.createAccounts(accounts).allOk()).isTrue();
            assertThat(client.createTransfers(transfer(10)).allOk()).isTrue();

            node.close();
            try
            {
                client.createTransfers(transfer(11));
                throw new AssertionError("a request to a stopped node was answered");
            }
            catch (final LedgerException expected)
            {
                assertThat(expected.kind()).isIn(LedgerException.Kind.CONNECTION_LOST,
                    LedgerException.Kind.TIMEOUT, LedgerException.Kind.BUSY);
            }

            node = LedgerNode.start(NodeFixture.config(data, portBase), (what, cause) -> { });
            // Aeron alone takes ~30 s to give up a session the restarted cluster no longer serves; the client
            // notices the silence after one request timeout (2 s here) and opens a new session.
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            CreateResults results = null;
            while (results == null && System.nanoTime() < deadline)
            {
                try
                {
                    // The same ids again: applied once whatever happened to the earlier attempt.
                    results = client.createTransfers(transfer(11));
                }
                catch (final LedgerException notYet)
                {
                    Thread.sleep(100);
                }
            }
            assertThat(results).as("answered within 15 s of the restart").isNotNull();
            assertThat(results.transferResult(0)).isIn(CreateTransferResult.OK, CreateTransferResult.EXISTS);
            assertThat(client.isConnected()).isTrue();
            assertThat(client.createTransfers(transfer(10)).transferResult(0)).isEqualTo(CreateTransferResult.EXISTS);
        }
        finally
        {
            node.close();
        }
    }

    private static TransferBatch transfer(final long id)
    {
        final TransferBatch batch = new TransferBatch(1);
        batch.add().id(id, 0).debitAccountId(1, 0).creditAccountId(2, 0).amount(1, 0).ledger(1).code(1);
        return batch;
    }
}
