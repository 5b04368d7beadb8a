package dev.ledger.server.cluster;

import java.nio.file.Path;

import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.archive.codecs.SourceLocation;
import io.aeron.archive.status.RecordingPos;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;

/**
 * Run in a child JVM and killed with SIGKILL: leaves in {@code <data>/archive} a recording cut short that Aeron
 * 1.51.0 cannot recover with its default reads of 1 MiB ({@link ArchiveRepair#isChunkBoundaryRecoveryBug}).
 * <p>
 * The recording starts at term offset {@link #START} and holds exactly 1 MiB of frames. Its last frame (4 KiB)
 * straddles a page, and it ends where the recovery's first 1 MiB read ends. A frame of 6 KiB first and one of
 * 2 KiB later put no frame boundary at 512 KiB, so reads of 512 KiB end elsewhere. The archive records a
 * CRC32C per frame, as a node's does. Prints {@link #RECORDED} once all of it is recorded, then waits.
 */
public final class CutShortRecording
{
    public static final String RECORDED = "cut-short recording written";
    static final int START = 2048;
    private static final int STREAM = 1001;
    private static final String CONTROL = "aeron:ipc?term-length=64k";

    private CutShortRecording()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path data = Path.of(args[0]);
        final String aeronDirectory = data.resolve("aeron-recorder").toString();
        final MediaDriver driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(aeronDirectory)
            .dirDeleteOnStart(true)
            .threadingMode(ThreadingMode.SHARED));
        final Archive archive = Archive.launch(new Archive.Context()
            .aeronDirectoryName(aeronDirectory)
            .archiveDir(data.resolve("archive").toFile())
            .controlChannelEnabled(false)
            .localControlChannel(CONTROL)
            .replicationChannel("aeron:udp?endpoint=localhost:0")
            .archiveClientContext(new AeronArchive.Context().controlResponseChannel("aeron:udp?endpoint=localhost:0"))
            .recordingEventsEnabled(false)
            .threadingMode(ArchiveThreadingMode.SHARED)
            .recordChecksum(new FrameChecksum()));
        try (AeronArchive client = AeronArchive.connect(new AeronArchive.Context()
                .aeronDirectoryName(aeronDirectory)
                .controlRequestChannel(CONTROL)
                .controlResponseChannel(CONTROL)))
        {
            final String channel = "aeron:ipc?term-length=4m|mtu=8192|init-term-id=0|term-id=0|term-offset=" + START;
            client.startRecording(channel, STREAM, SourceLocation.LOCAL);
            final Aeron aeron = client.context().aeron();
            try (ExclusivePublication publication = aeron.addExclusivePublication(channel, STREAM))
            {
                final CountersReader counters = aeron.countersReader();
                int counter;
                while ((counter = RecordingPos.findCounterIdBySession(counters, publication.sessionId(),
                    client.archiveId())) == Aeron.NULL_VALUE)
                {
                    Thread.sleep(1);
                }
                // Frames: 6 KiB, 150 x 4 KiB, 2 KiB, 104 x 4 KiB = 1 MiB (a frame is its payload plus 32 bytes).
                long end = offer(publication, 6144 - 32);
                for (int i = 0; i < 150; i++)
                {
                    end = offer(publication, 4096 - 32);
                }
                end = offer(publication, 2048 - 32);
                for (int i = 0; i < 104; i++)
                {
                    end = offer(publication, 4096 - 32);
                }
                if (end != START + (1 << 20))
                {
                    throw new IllegalStateException("the recording ends at " + end);
                }
                while (counters.getCounterValue(counter) < end)
                {
                    Thread.sleep(1);
                }
                System.out.println(RECORDED);
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
        }
        finally
        {
            CloseHelper.closeAll(archive, driver);
        }
    }

    private static long offer(final ExclusivePublication publication, final int length) throws InterruptedException
    {
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[length]);
        for (int i = 0; i < length; i++)
        {
            payload.putByte(i, (byte)(1 + i % 251));
        }
        long position;
        while ((position = publication.offer(payload, 0, length)) < 0)
        {
            if (position == ExclusivePublication.CLOSED || position == ExclusivePublication.MAX_POSITION_EXCEEDED)
            {
                throw new IllegalStateException("offer failed: " + position);
            }
            Thread.sleep(1);
        }
        return position;
    }
}
