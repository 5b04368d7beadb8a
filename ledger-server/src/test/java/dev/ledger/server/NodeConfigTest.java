package dev.ledger.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where each setting comes from (flags, then environment, then the file, then the default) and its checks. */
class NodeConfigTest
{
    @TempDir
    Path directory;

    @Test
    void flagsBeatTheEnvironmentWhichBeatsTheFileWhichBeatsTheDefault() throws Exception
    {
        final Path file = directory.resolve("node.properties");
        Files.writeString(file, "shards=4\nhistory-max=20000\naccounts-max=3000\n");
        final NodeConfig config = NodeConfig.parse(new String[] {"--config", file.toString(), "--shards", "2"},
            Map.of("LEDGER_SHARDS", "3", "LEDGER_HISTORY_MAX", "30000"));
        assertThat(config.getInt("shards", 1, 32)).isEqualTo(2);
        assertThat(config.getInt("history-max")).isEqualTo(30000);
        assertThat(config.getInt("accounts-max")).isEqualTo(3000);
        assertThat(config.getInt("transfers-max")).isEqualTo(10_000_000);
        assertThat(config.describe()).contains("shards", "(flag)", "(env LEDGER_HISTORY_MAX)", "(file " + file);
    }

    @Test
    void aShardCountOutsideItsRangeIsRefusedNamingTheOptionAndWhereItCameFrom()
    {
        assertThatThrownBy(() -> NodeConfig.parse(new String[] {"--shards", "0"}, Map.of()).getInt("shards", 1, 32))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("shards must be in 1..32 (flag): 0");
        assertThatThrownBy(() -> NodeConfig.parse(new String[0], Map.of("LEDGER_SHARDS", "33")).getInt("shards", 1, 32))
            .hasMessage("shards must be in 1..32 (env LEDGER_SHARDS): 33");
        assertThatThrownBy(() -> LedgerNode.start(NodeConfig.parse(new String[] {"--shards", "40", "--data-dir",
            directory.resolve("data").toString()}, Map.of()), (what, cause) -> { }))
            .hasMessageContaining("shards must be in 1..32");
        assertThat(directory.resolve("data")).doesNotExist();
    }

    @Test
    void aNegativeSnapshotIntervalIsRefusedBeforeAnythingIsCreated()
    {
        assertThatThrownBy(() -> LedgerNode.start(NodeConfig.parse(new String[] {"--snapshot-interval-s", "-1",
            "--data-dir", directory.resolve("data").toString()}, Map.of()), (what, cause) -> { }))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("snapshot-interval-s must be in 0.." + Integer.MAX_VALUE + " (flag): -1");
        assertThat(directory.resolve("data")).doesNotExist();
    }

    @Test
    void aMemberIdOutsideTheMemberListOrAnEmptyMemberIsRefusedBeforeAnythingIsCreated()
    {
        final String data = directory.resolve("data").toString();
        assertThatThrownBy(() -> LedgerNode.start(NodeConfig.parse(new String[] {"--cluster-members",
            "127.0.0.1,127.0.0.1,127.0.0.1", "--member-id", "3", "--data-dir", data}, Map.of()), (what, cause) -> { }))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("member-id must be in 0..2 (flag): 3");
        assertThatThrownBy(() -> LedgerNode.start(NodeConfig.parse(new String[] {"--member-id", "1", "--data-dir",
            data}, Map.of()), (what, cause) -> { }))
            .hasMessage("member-id must be in 0..0 (flag): 1");
        assertThatThrownBy(() -> LedgerNode.start(NodeConfig.parse(new String[] {"--cluster-members",
            "127.0.0.1,,127.0.0.1", "--data-dir", data}, Map.of()), (what, cause) -> { }))
            .hasMessageContaining("cluster-members must be host names or IPv4 addresses without ports");
        assertThatThrownBy(() -> LedgerNode.start(NodeConfig.parse(new String[] {"--cluster-members",
            "127.0.0.1:9000,127.0.0.1", "--data-dir", data}, Map.of()), (what, cause) -> { }))
            .hasMessageContaining("without ports");
        assertThatThrownBy(() -> LedgerNode.start(NodeConfig.parse(new String[] {"--cluster-members",
            "127.0.0.1,127.0.0.1,127.0.0.1", "--cluster-port-base", "65400", "--data-dir", data}, Map.of()),
            (what, cause) -> { }))
            .hasMessage("cluster-port-base must be in 1..65329 (flag): 65400");
        assertThat(directory.resolve("data")).doesNotExist();
    }

    @Test
    void shardCapacitiesBeyondOneLedgersLargestAreRefusedNamingTheProduct()
    {
        assertThatThrownBy(() -> LedgerNode.start(NodeConfig.parse(new String[] {"--shards", "2", "--transfers-max",
            "300000000", "--data-dir", directory.resolve("data").toString()}, Map.of()), (what, cause) -> { }))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("transfers-max 300000000 x 2 = 600000000, above the largest capacity");
        assertThat(directory.resolve("data")).doesNotExist();
    }
}
