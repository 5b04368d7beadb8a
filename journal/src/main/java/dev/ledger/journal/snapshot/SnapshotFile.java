package dev.ledger.journal.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;


import dev.ledger.core.Ledger;
import dev.ledger.core.LedgerConfig;

/**
 * One snapshot file: the complete ledger state after a journal entry, with the entry's index, log position,
 * checksum and state hash, and a CRC32C over the whole file.
 *
 * <pre>
 *   0 int  magic 'LJSN'      16 long log position        40 ledger snapshot bytes (ledger-core format)
 *   4 int  format version 1  24 long entry checksum      then long ledger bytes length, long CRC32C of all before
 *   8 long journal index     32 long state hash
 * </pre>
 *
 * Written to a temporary file, forced to disk, then renamed into place, so a crash leaves either the old set
 * of snapshots or the new one, never a half-written file under a snapshot's name.
 */
public final class SnapshotFile
{
    static final int MAGIC = 0x4E534A4C;
    static final int FORMAT_VERSION = 1;
    static final int HEADER_LENGTH = 40;
    static final int TRAILER_LENGTH = 16;
    private static final int CHUNK = 1 << 20;

    private SnapshotFile()
    {
    }

    /** What a snapshot covers, from its header. */
    public record Header(long index, long logPosition, long entryChecksum, long stateHash)
    {
    }

    /** A snapshot read back: the ledger and what it covers. */
    public record Loaded(Ledger ledger, Header header)
    {
    }

    /**
     * Writes a snapshot file atomically.
     *
     * @param file   the final path.
     * @param ledger the ledger, between batches.
     * @param header what it covers.
     * @return the file's length in bytes.
     */
    public static long write(final Path file, final Ledger ledger, final Header header)
    {
        final Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        final ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        final CRC32C crc = new CRC32C();
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
        {
            chunk.putInt(MAGIC).putInt(FORMAT_VERSION).putLong(header.index()).putLong(header.logPosition())
                .putLong(header.entryChecksum()).putLong(header.stateHash());
            writeChunk(channel, chunk, crc);
            final long ledgerLength = ledger.writeSnapshot((buffer, offset, length) ->
            {
                chunk.clear();
                buffer.getBytes(offset, chunk, length);
                chunk.position(length);
                writeChunk(channel, chunk, crc);
            });
            chunk.clear();
            chunk.putLong(ledgerLength);
            chunk.flip();
            crc.update(chunk.duplicate());
            chunk.limit(TRAILER_LENGTH).position(Long.BYTES);
            chunk.putLong(crc.getValue());
            chunk.flip();
            while (chunk.hasRemaining())
            {
                channel.write(chunk);
            }
            channel.force(true);
            final long size = channel.size();
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory(file.getParent());
            return size;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write snapshot " + file, ex);
        }
    }

    private static void writeChunk(final FileChannel channel, final ByteBuffer chunk, final CRC32C crc)
    {
        chunk.flip();
        crc.update(chunk.duplicate());
        try
        {
            while (chunk.hasRemaining())
            {
                channel.write(chunk);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        chunk.clear();
    }

    private static void forceDirectory(final Path directory) throws IOException
    {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ))
        {
            channel.force(true);
        }
    }

    /**
     * Reads a snapshot's header only.
     *
     * @param file the snapshot.
     * @return its header.
     * @throws IllegalArgumentException when it is not a snapshot of a readable version.
     */
    public static Header readHeader(final Path file)
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, header);
            return decodeHeader(header.flip(), file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read snapshot " + file, ex);
        }
    }

    private static Header decodeHeader(final ByteBuffer header, final Path file)
    {
        if (header.getInt() != MAGIC)
        {
            throw new IllegalArgumentException(file + " is not a ledger snapshot (bad magic)");
        }
        final int version = header.getInt();
        if (version != FORMAT_VERSION)
        {
            throw new IllegalArgumentException(file + ": snapshot format version " + version + " is not readable");
        }
        return new Header(header.getLong(), header.getLong(), header.getLong(), header.getLong());
    }

    /**
     * Reads a snapshot and checks its CRC and its ledger's state hash.
     *
     * @param file   the snapshot.
     * @param config the ledger capacities (equal to the writer's).
     * @return the restored ledger and its header.
     * @throws IllegalArgumentException or {@link IllegalStateException} when the file is not a sound snapshot.
     */
    public static Loaded read(final Path file, final LedgerConfig config)
    {
        final CRC32C crc = new CRC32C();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (size < HEADER_LENGTH + TRAILER_LENGTH)
            {
                throw new IllegalArgumentException(file + " is too short for a snapshot (" + size + " bytes)");
            }
            final ByteBuffer headerBytes = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, headerBytes);
            headerBytes.flip();
            crc.update(headerBytes.duplicate());
            final Header header = decodeHeader(headerBytes, file);
            final Ledger ledger;
            final boolean exact;
            final long consumed;
            try (ReadAheadSource source = new ReadAheadSource(channel, crc, HEADER_LENGTH, size - TRAILER_LENGTH))
            {
                ledger = Ledger.readSnapshot(config, source);
                exact = source.finish();
                consumed = source.consumed();
            }
            final ByteBuffer trailer = ByteBuffer.allocate(TRAILER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            while (trailer.hasRemaining())
            {
                if (channel.read(trailer, size - TRAILER_LENGTH + trailer.position()) < 0)
                {
                    throw new IllegalStateException(file + ": snapshot ends early");
                }
            }
            trailer.flip();
            crc.update(trailer.duplicate().limit(Long.BYTES));
            final long ledgerLength = trailer.getLong();
            final long storedCrc = trailer.getLong();
            if (!exact || ledgerLength != consumed)
            {
                throw new IllegalStateException(file + ": ledger state of " + consumed +
                    " bytes where the trailer says " + ledgerLength + " and the file has " + size);
            }
            if (storedCrc != crc.getValue())
            {
                throw new IllegalStateException(file + ": checksum mismatch (stored " + Long.toHexString(storedCrc) +
                    ", computed " + Long.toHexString(crc.getValue()) + ")");
            }
            if (ledger.stateHash() != header.stateHash())
            {
                throw new IllegalStateException(file + ": restored state hash " + Long.toHexString(ledger.stateHash()) +
                    " differs from the recorded " + Long.toHexString(header.stateHash()));
            }
            return new Loaded(ledger, header);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read snapshot " + file, ex);
        }
    }

    private static void readFully(final FileChannel channel, final ByteBuffer target) throws IOException
    {
        while (target.hasRemaining())
        {
            if (channel.read(target) < 0)
            {
                throw new IllegalStateException("snapshot ends early");
            }
        }
    }
}
