package dev.ledger.server.node;

import org.junit.jupiter.api.BeforeAll;

/**
 * The whole HTTP contract again against a node whose ledger is split into three account shards on their own
 * threads: every answer must be the same as one ledger's (the accounts and transfers of each test spread over
 * the shards, so lookups, listings, queries and expiries cross them).
 */
class ShardedHttpContractTest extends HttpContract
{
    @BeforeAll
    static void startNode() throws Exception
    {
        start("--shards", "3");
    }
}
