package dev.ledger.server.shard;

/**
 * Which shard owns an account: a well-mixed hash of the full 128-bit id, reduced to {@code [0, shards)} by a
 * multiply-high (no modulo bias worth the name, no power-of-two restriction). It mixes differently from the
 * id index inside a shard, so that the accounts of one shard do not crowd a part of its index.
 */
public final class ShardHash
{
    private ShardHash()
    {
    }

    /**
     * @param idLo   the id's low 64 bits.
     * @param idHi   the id's high 64 bits.
     * @param shards the number of shards, at least 1.
     * @return the owning shard.
     */
    public static int shardOf(final long idLo, final long idHi, final int shards)
    {
        long h = idLo ^ Long.rotateLeft(idHi, 29) ^ 0x6A09E667F3BCC909L;
        h = (h ^ (h >>> 33)) * 0xFF51AFD7ED558CCDL;
        h = (h ^ (h >>> 33)) * 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return (int)Math.multiplyHigh(h >>> 1, (long)shards << 1);
    }
}
