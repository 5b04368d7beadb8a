package dev.ledger.server.node;

import org.junit.jupiter.api.BeforeAll;

/** The HTTP contract against a node whose ledger runs on the service thread (the default). */
class HttpContractTest extends HttpContract
{
    @BeforeAll
    static void startNode() throws Exception
    {
        start();
    }
}
