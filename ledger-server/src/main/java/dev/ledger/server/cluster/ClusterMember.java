package dev.ledger.server.cluster;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpLock;

import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.archive.client.ArchiveException;
import io.aeron.cluster.ClusterControl;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.NanosecondClusterClock;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;

/**
 * One Aeron Cluster member in this process: media driver, archive and consensus module
 * ({@link ClusteredMediaDriver}) plus the container of the clustered service, sharing one Aeron directory
 * and the node's data directory ({@code cluster/}, {@code archive/}).
 * <p>
 * Ports of member i: base + 100*i + 1 archive control, +2 ingress, +3 consensus, +4 log, +5 catch-up, +6 log
 * control. Every agent uses the configured idle strategy; the driver runs its agents on one thread.
 * The cluster clock counts nanoseconds, the unit of ledger timestamps.
 */
public final class ClusterMember implements AutoCloseable
{
    private static final int ARCHIVE_CONTROL = 1;
    private static final int INGRESS = 2;
    private static final int CONSENSUS = 3;
    private static final int LOG = 4;
    private static final int CATCHUP = 5;
    private static final int LOG_CONTROL = 6;

    private final ClusteredMediaDriver driver;
    private final ClusteredServiceContainer container;
    private final String aeronDirectory;
    private final String ingressEndpoints;
    private final int memberCount;

    private ClusterMember(final ClusteredMediaDriver driver, final ClusteredServiceContainer container,
        final String aeronDirectory, final String ingressEndpoints, final int memberCount)
    {
        this.driver = driver;
        this.container = container;
        this.aeronDirectory = aeronDirectory;
        this.ingressEndpoints = ingressEndpoints;
        this.memberCount = memberCount;
    }

    /**
     * Launches member {@code memberId} of a cluster whose member i runs at {@code hosts.get(i)} (one host: the
     * embedded single-member cluster). Every member must be given the same hosts and port base.
     *
     * @param lock             proof that this process owns the data directory.
     * @param dataDirectory    the node's data directory.
     * @param aeronDirectory   the media driver's directory.
     * @param hosts            every member's address, by member id.
     * @param memberId         this member's id, an index into {@code hosts}.
     * @param portBase         the port plan's base.
     * @param archiveSyncLevel 0, 1 or 2 (Aeron's archive file sync level).
     * @param idle             the agents' idle strategy.
     * @param service          the clustered service.
     * @param errors           where agents report errors.
     * @param onTermination    run when the cluster or the service terminates.
     * @return the running member.
     */
    public static ClusterMember launch(
        final NodeLock lock,
        final Path dataDirectory,
        final String aeronDirectory,
        final List<String> hosts,
        final int memberId,
        final int portBase,
        final int archiveSyncLevel,
        final Supplier<IdleStrategy> idle,
        final ClusteredService service,
        final ErrorHandler errors,
        final Runnable onTermination)
    {
        if (archiveSyncLevel < 0 || archiveSyncLevel > 2)
        {
            throw new IllegalArgumentException("archive-sync-level must be 0, 1 or 2: " + archiveSyncLevel);
        }
        if (memberId < 0 || memberId >= hosts.size())
        {
            throw new IllegalArgumentException("member-id must be 0.." + (hosts.size() - 1) + " for " + hosts.size() +
                " members: " + memberId);
        }
        final Plan plan = new Plan(lock, dataDirectory, aeronDirectory, hosts, memberId, portBase, archiveSyncLevel, idle,
            service, errors, onTermination);
        int fileIoLength = Archive.Configuration.FILE_IO_MAX_LENGTH_DEFAULT;
        while (true)
        {
            try
            {
                return start(plan, fileIoLength);
            }
            catch (final ArchiveException ex)
            {
                // A write cut short by a kill and proven torn (never recorded, so never committed) is cut off, and
                // the start tried again; a repaired file is not torn any more, so this ends.
                if (!ArchiveRepair.repairTornTail(ex.getMessage()))
                {
                    throw ex;
                }
            }
            catch (final IndexOutOfBoundsException ex)
            {
                // Aeron 1.51.0's recovery of a recording cut short reads its last fragment at a negative offset
                // when that fragment ends where one of its reads of fileIoLength bytes ends: reads of another
                // length end elsewhere. Nothing in the files is wrong, nothing is changed.
                if (!ArchiveRepair.isChunkBoundaryRecoveryBug(ex) || fileIoLength <= ArchiveRepair.FILE_IO_LENGTH_MIN)
                {
                    throw ex;
                }
                fileIoLength /= 2;
                ArchiveRepair.LOG.warn("the archive's recovery of a recording cut short failed on a fragment at the " +
                    "end of one of its reads (a bug of Aeron 1.51.0); starting it again with reads of {} bytes",
                    fileIoLength);
            }
        }
    }

    /** What {@link #launch} was given, for each attempt. */
    private record Plan(
        NodeLock lock,
        Path dataDirectory,
        String aeronDirectory,
        List<String> hosts,
        int memberId,
        int portBase,
        int archiveSyncLevel,
        Supplier<IdleStrategy> idle,
        ClusteredService service,
        ErrorHandler errors,
        Runnable onTermination)
    {
    }

    /** One attempt: the member with its archive reading and writing files {@code fileIoLength} bytes at a time. */
    private static ClusterMember start(final Plan plan, final int fileIoLength)
    {
        final List<String> hosts = plan.hosts();
        final int memberId = plan.memberId();
        final int portBase = plan.portBase();
        final String aeronDirectory = plan.aeronDirectory();
        final Supplier<IdleStrategy> idle = plan.idle();
        final ErrorHandler errors = plan.errors();
        final Runnable onTermination = plan.onTermination();
        final String host = hosts.get(memberId);
        final int base = portBase + 100 * memberId;
        final File clusterDirectory = plan.dataDirectory().resolve("cluster").toFile();
        final File archiveDirectory = plan.dataDirectory().resolve("archive").toFile();
        MarkFiles.releaseDeadOwner(plan.lock(), clusterDirectory, archiveDirectory);
        final StringBuilder members = new StringBuilder();
        final StringBuilder ingress = new StringBuilder();
        for (int i = 0; i < hosts.size(); i++)
        {
            final String h = hosts.get(i);
            final int b = portBase + 100 * i;
            members.append(i == 0 ? "" : "|").append(i).append(',').append(endpoint(h, b, INGRESS)).append(',')
                .append(endpoint(h, b, CONSENSUS)).append(',').append(endpoint(h, b, LOG)).append(',')
                .append(endpoint(h, b, CATCHUP)).append(',').append(endpoint(h, b, ARCHIVE_CONTROL));
            ingress.append(i == 0 ? "" : ",").append(i).append('=').append(endpoint(h, b, INGRESS));
        }

        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .aeronDirectoryName(aeronDirectory)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(idle.get())
            .termBufferSparseFile(true)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .errorHandler(errors)
            .terminationHook(onTermination);
        final Archive.Context archiveContext = new Archive.Context()
            .aeronDirectoryName(aeronDirectory)
            .archiveDir(archiveDirectory)
            .controlChannel("aeron:udp?endpoint=" + endpoint(host, base, ARCHIVE_CONTROL))
            .localControlChannel("aeron:ipc?term-length=64k")
            .replicationChannel("aeron:udp?endpoint=" + host + ":0")
            .archiveClientContext(new AeronArchive.Context().controlResponseChannel("aeron:udp?endpoint=" + host + ":0"))
            .recordingEventsEnabled(false)
            .threadingMode(ArchiveThreadingMode.SHARED)
            .idleStrategySupplier(idle::get)
            .fileSyncLevel(plan.archiveSyncLevel())
            .catalogFileSyncLevel(plan.archiveSyncLevel())
            .fileIoMaxLength(fileIoLength)
            // A recording cut short by SIGKILL is checked at the next start: its last fragment, if it straddles a
            // page, is taken as torn when the part past the page boundary is all zeros, and the archive refuses
            // to start. A snapshot's id-index slots are mostly zeros, so a kill during a snapshot tripped this
            // (NodeCrashTest, 1 in ~10 runs). With a checksum in every recorded frame the check has proof instead.
            .recordChecksum(new FrameChecksum())
            .errorHandler(errors);
        final AeronArchive.Context archiveClient = new AeronArchive.Context()
            .lock(NoOpLock.INSTANCE)
            .controlRequestChannel(archiveContext.localControlChannel())
            .controlRequestStreamId(archiveContext.localControlStreamId())
            .controlResponseChannel(archiveContext.localControlChannel())
            .aeronDirectoryName(aeronDirectory);
        final ConsensusModule.Context consensusContext = new ConsensusModule.Context()
            .clusterMemberId(memberId)
            .clusterMembers(members.toString())
            .clusterDir(clusterDirectory)
            .ingressChannel("aeron:udp")
            .isIpcIngressAllowed(true)
            .logChannel("aeron:udp?term-length=16m|control-mode=manual|control=" + endpoint(host, base, LOG_CONTROL))
            .replicationChannel("aeron:udp?endpoint=" + host + ":0")
            .archiveContext(archiveClient.clone())
            .clusterClock(new NanosecondClusterClock())
            .idleStrategySupplier(idle::get)
            .fileSyncLevel(plan.archiveSyncLevel())
            .errorHandler(errors)
            .terminationHook(onTermination);
        final ClusteredServiceContainer.Context serviceContext = new ClusteredServiceContainer.Context()
            .aeronDirectoryName(aeronDirectory)
            .archiveContext(archiveClient.clone())
            .clusterDir(clusterDirectory)
            .clusteredService(plan.service())
            .idleStrategySupplier(idle::get)
            .errorHandler(errors)
            .terminationHook(onTermination);

        ClusteredMediaDriver driver = null;
        try
        {
            driver = ClusteredMediaDriver.launch(driverContext, archiveContext, consensusContext);
            final ClusteredServiceContainer container = ClusteredServiceContainer.launch(serviceContext);
            return new ClusterMember(driver, container, aeronDirectory, ingress.toString(), hosts.size());
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(driver);
            throw ex;
        }
    }

    /** @return the media driver's directory, for clients in this process. */
    public String aeronDirectory()
    {
        return aeronDirectory;
    }

    /** @return every member's ingress endpoint in the client's form, {@code 0=host:port,1=host:port,...}. */
    public String ingressEndpoints()
    {
        return ingressEndpoints;
    }

    /** @return how many members the cluster has. */
    public int memberCount()
    {
        return memberCount;
    }

    /**
     * Asks the consensus module to take a snapshot (through the log, on every member).
     *
     * @return whether the request was accepted (false while another control action is under way).
     */
    public boolean requestSnapshot()
    {
        return ClusterControl.ToggleState.SNAPSHOT.toggle(controlToggle());
    }

    /**
     * Asks the cluster to take a snapshot and then stop: the clean way to shut down; the termination hook runs
     * when it is done.
     *
     * @return whether the request was accepted.
     */
    public boolean requestShutdown()
    {
        return ClusterControl.ToggleState.SHUTDOWN.toggle(controlToggle());
    }

    private AtomicCounter controlToggle()
    {
        final AtomicCounter toggle = ClusterControl.findControlToggle(
            driver.mediaDriver().context().countersManager(), driver.consensusModule().context().clusterId());
        if (toggle == null)
        {
            throw new IllegalStateException("the cluster's control toggle is not there (not started yet?)");
        }
        return toggle;
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(container, driver);
    }

    private static String endpoint(final String host, final int base, final int offset)
    {
        return host + ":" + (base + offset);
    }
}
