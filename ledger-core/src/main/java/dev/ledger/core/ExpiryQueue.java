package dev.ledger.core;

/**
 * Pending transfers with a timeout, ordered by expiry deadline and then by transfer reference (creation
 * order), in a preallocated binary min-heap. Posted or voided transfers are not removed: they are skipped
 * when they reach the top, which keeps posting O(1).
 */
final class ExpiryQueue
{
    private final long[] deadlines;
    private final int[] references;
    private int size;

    ExpiryQueue(final int capacity)
    {
        deadlines = new long[capacity];
        references = new int[capacity];
    }

    int size()
    {
        return size;
    }

    boolean isEmpty()
    {
        return size == 0;
    }

    long peekDeadline()
    {
        return deadlines[0];
    }

    int peekReference()
    {
        return references[0];
    }

    void add(final long deadline, final int reference)
    {
        if (size == deadlines.length)
        {
            throw new IllegalStateException("expiry queue full: more pending transfers than transfer capacity");
        }
        int child = size++;
        while (child > 0)
        {
            final int parent = (child - 1) >>> 1;
            if (!before(deadline, reference, deadlines[parent], references[parent]))
            {
                break;
            }
            deadlines[child] = deadlines[parent];
            references[child] = references[parent];
            child = parent;
        }
        deadlines[child] = deadline;
        references[child] = reference;
    }

    void removeTop()
    {
        final int last = --size;
        final long deadline = deadlines[last];
        final int reference = references[last];
        int parent = 0;
        while (true)
        {
            int child = 2 * parent + 1;
            if (child >= last)
            {
                break;
            }
            if (child + 1 < last && before(deadlines[child + 1], references[child + 1], deadlines[child], references[child]))
            {
                child++;
            }
            if (!before(deadlines[child], references[child], deadline, reference))
            {
                break;
            }
            deadlines[parent] = deadlines[child];
            references[parent] = references[child];
            parent = child;
        }
        deadlines[parent] = deadline;
        references[parent] = reference;
    }

    private static boolean before(final long deadlineA, final int referenceA, final long deadlineB, final int referenceB)
    {
        return deadlineA < deadlineB || (deadlineA == deadlineB && referenceA < referenceB);
    }

    /**
     * Snapshot: the heap arrays exactly as laid out, not re-sorted, so that a restored queue breaks ties and
     * skips settled transfers in the same order.
     */
    void writeSnapshot(final SnapshotEncoder encoder)
    {
        encoder.putLongs(deadlines, 0, size);
        encoder.putInts(references, 0, size);
    }

    /**
     * Restore into a new queue; {@code size} is already checked against the capacity.
     *
     * @param transferCount transfers restored: every reference must name one of them.
     */
    void readSnapshot(final SnapshotDecoder decoder, final int size, final int transferCount)
    {
        decoder.getLongs(deadlines, 0, size);
        decoder.getInts(references, 0, size);
        for (int i = 0; i < size; i++)
        {
            if (references[i] < 0 || references[i] >= transferCount)
            {
                throw new IllegalArgumentException("snapshot expiry entry " + i + " names transfer " + references[i] +
                    " of " + transferCount);
            }
        }
        this.size = size;
    }

    long footprintBytes()
    {
        return (long)deadlines.length * (Long.BYTES + Integer.BYTES);
    }
}
