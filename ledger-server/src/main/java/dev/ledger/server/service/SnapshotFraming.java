package dev.ledger.server.service;

/**
 * The messages of a node snapshot in Aeron Cluster's snapshot stream: each starts with a 4-byte type.
 * {@link #HEADER} carries {@link #MAGIC}; each {@link #CHUNK} the next bytes of the ledger's own snapshot
 * stream ({@code Ledger.writeSnapshot}); the {@link #TRAILER} the stream's length and CRC32C, both 8 bytes.
 */
final class SnapshotFraming
{
    static final int HEADER = 1;
    static final int CHUNK = 2;
    static final int TRAILER = 3;
    static final int TYPE_LENGTH = Integer.BYTES;
    /** "LDGRSNP1", little-endian: the framing's version is its last byte. */
    static final long MAGIC = 0x31504E535247444CL;
    /** The largest message written (larger ones are fragmented by Aeron and reassembled by the loader). */
    static final int MESSAGE_LENGTH_MAX = 64 * 1024;

    private SnapshotFraming()
    {
    }
}
