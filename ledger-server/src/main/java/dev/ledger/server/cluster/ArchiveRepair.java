package dev.ledger.server.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

import org.agrona.BitUtil;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one archive repair a node makes by itself at start. After a SIGKILL, Aeron checks the last fragment of
 * every recording cut short and refuses to start when that fragment straddles a page and looks torn: the kill
 * interrupted the write that held it. Such a fragment never counted as recorded (the archive advances a
 * recording's position after the write), so it was never committed, applied or answered. Here it is cut off, as
 * {@code ArchiveTool verify} would do with the truncation confirmed, but only when its CRC32C ({@link
 * FrameChecksum}, recorded in its session id field) proves it torn; anything else is left to an operator.
 */
final class ArchiveRepair
{
    static final String TORN = "Found potentially incomplete last fragment straddling page boundary in file: ";
    static final Logger LOG = LoggerFactory.getLogger(ArchiveRepair.class);
    /** The smallest length of the archive's file reads and writes (its minimum term length). */
    static final int FILE_IO_LENGTH_MIN = 64 * 1024;
    private static final int PAGE = 4096;
    private static final int HEADER = 32;
    private static final int SESSION_ID = 12;

    private ArchiveRepair()
    {
    }

    /**
     * Whether the archive failed to start on a bug of Aeron 1.51.0 rather than on anything in its files: recovering
     * the stop position of a recording cut short, {@code Catalog.recoverStopOffset} scans the last segment in reads
     * of {@code fileIoMaxLength} bytes, and when the last fragment straddles a page and ends exactly where a read
     * ends, it checks that fragment at a negative offset in its buffer (bufferOffset 0 minus its length), which
     * throws {@link IndexOutOfBoundsException}. Reads of another length end elsewhere.
     *
     * @param failure what the archive's start threw.
     * @return whether it is that bug.
     */
    static boolean isChunkBoundaryRecoveryBug(final IndexOutOfBoundsException failure)
    {
        for (final StackTraceElement frame : failure.getStackTrace())
        {
            if ("io.aeron.archive.Catalog".equals(frame.getClassName()) && "recoverStopOffset".equals(frame.getMethodName()))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @param complaint the message of the archive's refusal.
     * @return whether it was a torn last fragment, now cut off (the archive may be started again).
     */
    static boolean repairTornTail(final String complaint)
    {
        final int at = complaint == null ? -1 : complaint.indexOf(TORN);
        if (at < 0)
        {
            return false;
        }
        final int end = complaint.indexOf('\n', at);
        final File file = new File(complaint.substring(at + TORN.length(), end < 0 ? complaint.length() : end).trim());
        final long torn = tornTailOffset(file);
        if (torn < 0)
        {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final long length = channel.size();
            channel.truncate(torn);
            // Back to its length: segment files keep theirs, as Aeron's own repair leaves them.
            channel.write(ByteBuffer.wrap(new byte[1]), length - 1);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        LOG.warn("archive: cut off a fragment torn by the last stop at offset {} of {} (never recorded, so never " +
            "committed)", torn, file);
        return true;
    }

    /**
     * @param file a segment file whose frames start at its offset 0.
     * @return the offset of its last fragment when that straddles a page and fails its checksum, else -1.
     */
    static long tornTailOffset(final File file)
    {
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(file, FileChannel.MapMode.READ_ONLY, "segment");
        try
        {
            final UnsafeBuffer frames = new UnsafeBuffer(mapped);
            final int limit = frames.capacity();
            int offset = 0;
            int last = -1;
            int lastLength = 0;
            while (offset + HEADER <= limit)
            {
                final int frameLength = frames.getInt(offset, ByteOrder.LITTLE_ENDIAN);
                if (frameLength <= 0)
                {
                    break;
                }
                final int aligned = BitUtil.align(frameLength, HEADER);
                if (aligned > limit - offset)
                {
                    return -1; // not a sequence of frames from offset 0: not ours to judge
                }
                last = offset;
                lastLength = aligned;
                offset += aligned;
            }
            if (last < 0 || last / PAGE == (last + lastLength - 1) / PAGE)
            {
                return -1;
            }
            final int recorded = frames.getInt(last + SESSION_ID, ByteOrder.LITTLE_ENDIAN);
            final int computed =
                new FrameChecksum().compute(frames.addressOffset(), last + HEADER, lastLength - HEADER);
            return recorded == computed ? -1 : last;
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
    }
}
