package dev.ledger.core;

import org.agrona.DirectBuffer;

/**
 * The combined state hash of a sharded ledger, defined so that it does not depend on the number of shards: a
 * running hash over every batch's status and result codes, in log order, mixed with the sum of the shards'
 * content digests ({@code Ledger.contentDigest()}). One plain {@code Ledger} fed the same batches gives the
 * same value with {@link #mix} over its results and {@link #combine} with its own content digest.
 * <p>
 * The chain alone is what the journal of a sharded node records after each entry (its content digest would
 * cost a pass over the whole state): a step that only expires pending transfers mixes as an OK batch of no
 * events when it expired any, and not at all when it expired none.
 */
public final class ResultsChain
{
    public static final long SEED = 0x5851F42D4C957F2DL;

    private ResultsChain()
    {
    }

    /** Adds one batch: its status and, when applied, its {@code count} result codes. */
    public static long mix(final long chain, final int status, final DirectBuffer results, final int count)
    {
        long value = step(chain, ((long)status << 32) | count);
        for (int i = 0; i < count; i++)
        {
            final int code = results.getInt(i * LedgerLimits.RESULT_LENGTH, Wire.ORDER);
            if (code != 0)
            {
                value = step(value, ((long)i << 32) | code);
            }
        }
        return value;
    }

    /** The combined state hash: the results chain and the content digest of the whole ledger. */
    public static long combine(final long chain, final long contentDigest)
    {
        return step(step(chain, contentDigest), 0x9E3779B97F4A7C15L);
    }

    private static long step(final long value, final long input)
    {
        return Long.rotateLeft(value ^ (input * 0xC2B2AE3D27D4EB4FL), 31) * 0x9E3779B185EBCA87L;
    }
}
