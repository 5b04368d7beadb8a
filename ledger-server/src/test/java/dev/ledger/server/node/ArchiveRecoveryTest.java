package dev.ledger.server.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ledger.journal.ChildJvm;
import dev.ledger.server.LedgerNode;
import dev.ledger.server.cluster.CutShortRecording;

/**
 * A node starts on an archive whose recording, cut short by SIGKILL, Aeron 1.51.0 fails to recover with its
 * default reads of 1 MiB (an {@link IndexOutOfBoundsException} in its catalog's recovery, seen once in CI after
 * a kill during a snapshot): it starts the archive again with reads of 512 KiB, which end elsewhere.
 */
class ArchiveRecoveryTest
{
    @TempDir
    Path data;

    @Test
    void startsOnARecordingCutShortAtTheEndOfAnArchiveRead() throws Exception
    {
        final Path recorderLog = data.resolve("recorder.log");
        final Process recorder = new ProcessBuilder(
            ChildJvm.command(List.of("-Xmx256m"), CutShortRecording.class, List.of(data.toString())))
            .redirectOutput(recorderLog.toFile())
            .redirectErrorStream(true)
            .start();
        try
        {
            NodeFixture.awaitLogLine(recorderLog, CutShortRecording.RECORDED, 60);
        }
        finally
        {
            recorder.destroyForcibly().waitFor();
        }

        final Path nodeLog = data.resolve("node.log");
        final Process node = new ProcessBuilder(ChildJvm.command(List.of("-Xmx512m"), LedgerNode.class,
            List.of(NodeFixture.flags(data, NodeFixture.freePortBase(), "--accounts-max", "1000",
            "--transfers-max", "10000", "--history-max", "16378"))))
            .redirectOutput(nodeLog.toFile())
            .redirectErrorStream(true)
            .start();
        try
        {
            NodeFixture.awaitLogLine(nodeLog, "Ledger node up", 90);
            assertThat(Files.readString(nodeLog))
                .as("the first start met the bug")
                .contains("starting it again with reads of 524288 bytes")
                .doesNotContain("IndexOutOfBoundsException");
        }
        finally
        {
            node.destroyForcibly().waitFor();
        }
    }
}
