package dev.ledger.core;

/**
 * A running, order-sensitive 64-bit hash of everything the state machine decided: each created record, each
 * balance it changed, each expiry and each batch's result codes. Two replicas that applied the same log have
 * the same value; the first divergence changes it for good. Cheap: a multiply and a rotate per long.
 * <p>
 * It is a checksum against bugs and non-determinism, not a cryptographic commitment.
 */
final class StateHash
{
    private static final long PRIME_1 = 0x9E3779B185EBCA87L;
    private static final long PRIME_2 = 0xC2B2AE3D27D4EB4FL;

    static final long SEED = 0x27D4EB2F165667C5L;

    private long value = SEED;

    long value()
    {
        return value;
    }

    void restore(final long value)
    {
        this.value = value;
    }

    void mix(final long input)
    {
        value = step(value, input);
    }

    static long step(final long value, final long input)
    {
        return Long.rotateLeft(value ^ (input * PRIME_2), 31) * PRIME_1;
    }

    void mix(final long a, final long b)
    {
        mix(a);
        mix(b);
    }
}
