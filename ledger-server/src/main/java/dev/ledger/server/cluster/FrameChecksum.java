package dev.ledger.server.cluster;

import java.util.zip.CRC32C;

import org.agrona.concurrent.UnsafeBuffer;

import io.aeron.archive.checksum.Checksum;

/**
 * The CRC32C the archive records in every frame (see {@link ClusterMember}), computed by the JDK's intrinsic
 * over a copy of the frame: Aeron's own checksums reach into {@code java.util.zip} by reflection, which would
 * need an {@code --add-opens} on every JVM that runs a node. The copy costs less than the CRC itself; the
 * scratch space is per thread (the recorder, and the catalog check at start).
 */
final class FrameChecksum implements Checksum
{
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    @Override
    public int compute(final long address, final int offset, final int length)
    {
        if (offset < 0 || length < 0)
        {
            // Aeron 1.51.0's recovery of a recording cut short can ask for a fragment at a negative offset
            // (ArchiveRepair.isChunkBoundaryRecoveryBug): refused before reading memory outside the buffer,
            // which crashed the JVM, so that ClusterMember can start the archive again.
            throw new IndexOutOfBoundsException("frame at offset " + offset + ", length " + length);
        }
        final Scratch own = scratch.get();
        if (own.bytes.length < length)
        {
            own.bytes = new byte[Math.max(length, 2 * own.bytes.length)];
        }
        own.view.wrap(address + offset, length);
        own.view.getBytes(0, own.bytes, 0, length);
        own.crc.reset();
        own.crc.update(own.bytes, 0, length);
        return (int)own.crc.getValue();
    }

    private static final class Scratch
    {
        private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        private final CRC32C crc = new CRC32C();
        private byte[] bytes = new byte[64 * 1024];
    }
}
