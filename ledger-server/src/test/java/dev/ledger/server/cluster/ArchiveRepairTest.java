package dev.ledger.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A segment file of two frames whose second straddles a page: left alone while its checksum holds (even with
 * zeros past the page boundary, which is what a snapshot's zero-filled indexes look like), cut off when the kill
 * left it torn, and only on the archive's own complaint.
 */
class ArchiveRepairTest
{
    private static final int FILE_LENGTH = 64 * 1024;
    private static final int FIRST = 3000;
    private static final int SECOND = 2000;
    private static final int SECOND_AT = 3008;

    @TempDir
    Path directory;

    @Test
    void cutsOffOnlyALastFragmentProvenTorn() throws IOException
    {
        final Path file = directory.resolve("0-0.rec");
        final byte[] bytes = segment(false);
        Files.write(file, bytes);
        final String complaint = "ERROR - " + ArchiveRepair.TORN + file +
            "\nRun `ArchiveTool verify` for corrective action!";

        assertThat(ArchiveRepair.tornTailOffset(file.toFile())).as("intact, zeros past the boundary").isEqualTo(-1);
        assertThat(ArchiveRepair.repairTornTail(complaint)).isFalse();
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);

        // The kill interrupted the write at the page boundary: what follows it never reached the file.
        final byte[] torn = segment(true);
        for (int i = 4096; i < SECOND_AT + SECOND; i++)
        {
            torn[i] = 0;
        }
        Files.write(file, torn);
        assertThat(ArchiveRepair.repairTornTail("some other archive error " + file)).isFalse();
        assertThat(ArchiveRepair.repairTornTail(complaint)).isTrue();
        final byte[] repaired = Files.readAllBytes(file);
        assertThat(repaired).hasSize(FILE_LENGTH);
        assertThat(ByteBuffer.wrap(repaired, 0, SECOND_AT)).isEqualTo(ByteBuffer.wrap(torn, 0, SECOND_AT));
        for (int i = SECOND_AT; i < FILE_LENGTH; i++)
        {
            assertThat(repaired[i]).as("byte %d", i).isZero();
        }
        assertThat(ArchiveRepair.tornTailOffset(file.toFile())).as("the first frame ends the file now").isEqualTo(-1);
    }

    /** Two data frames with their checksums; the second's payload is zero past the page boundary if asked. */
    private static byte[] segment(final boolean randomTail)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(FILE_LENGTH));
        final SplittableRandom random = new SplittableRandom(3);
        for (int i = 32; i < SECOND_AT + SECOND; i++)
        {
            buffer.putByte(i, (byte)(i >= 4096 && !randomTail ? 0 : 1 + random.nextInt(255)));
        }
        frame(buffer, 0, FIRST);
        frame(buffer, SECOND_AT, SECOND);
        final byte[] bytes = new byte[FILE_LENGTH];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    private static void frame(final UnsafeBuffer buffer, final int offset, final int length)
    {
        final int aligned = (length + 31) & ~31;
        buffer.putInt(offset, length, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(offset + 12, new FrameChecksum().compute(buffer.addressOffset(), offset + 32, aligned - 32),
            ByteOrder.LITTLE_ENDIAN);
    }
}
