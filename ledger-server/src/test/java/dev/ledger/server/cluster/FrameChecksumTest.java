package dev.ledger.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class FrameChecksumTest
{
    @Test
    void isTheCrc32cOfTheBytesAtTheAddressFromTheOffset()
    {
        final ByteBuffer direct = BufferUtil.allocateDirectAligned(256 * 1024, 64);
        final UnsafeBuffer memory = new UnsafeBuffer(direct);
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < memory.capacity(); i++)
        {
            memory.putByte(i, (byte)random.nextInt());
        }
        final FrameChecksum checksum = new FrameChecksum();
        // Small, odd-sized and larger than the initial scratch space (64 KiB).
        for (final int[] frame : new int[][] {{32, 0}, {32, 1}, {0, 1408}, {100, 4096 + 17}, {64, 200_000}})
        {
            final byte[] expected = new byte[frame[1]];
            memory.getBytes(frame[0], expected);
            final CRC32C crc = new CRC32C();
            crc.update(expected);
            assertThat(checksum.compute(memory.addressOffset(), frame[0], frame[1]))
                .as("offset %d, length %d", frame[0], frame[1]).isEqualTo((int)crc.getValue());
        }
        final int before = checksum.compute(memory.addressOffset(), 32, 1408);
        memory.putByte(32 + 700, (byte)(memory.getByte(32 + 700) ^ 1));
        assertThat(checksum.compute(memory.addressOffset(), 32, 1408)).isNotEqualTo(before);
    }

    @Test
    void refusesAFrameAtANegativeOffsetWithoutReadingIt()
    {
        final ByteBuffer direct = BufferUtil.allocateDirectAligned(4096, 64);
        final long address = new UnsafeBuffer(direct).addressOffset();
        final FrameChecksum checksum = new FrameChecksum();
        // What Aeron 1.51.0's recovery asks for when a last fragment ends where one of its reads ends.
        assertThatThrownBy(() -> checksum.compute(address, -8192, 8192 - 32))
            .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> checksum.compute(address, 0, -1))
            .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
