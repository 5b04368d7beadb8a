package dev.ledger.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The id index against a {@link HashMap}, with the id patterns that stress its block placement: runs of
 * consecutive ids from many starting points (runs overlap other runs' blocks), ids sharing their offset in a
 * block, ids differing only in their high half, random ids and the edge values; then the newest-first undo.
 */
class IdIndexTest
{
    private static final int CAPACITY = 1 << 14;

    /** An index over ids kept in two arrays, as the stores keep them in their records. */
    private static final class Index extends IdIndex
    {
        final long[] los;
        final long[] his;
        int count;

        Index()
        {
            this(CAPACITY);
        }

        Index(final int capacity)
        {
            super(capacity);
            // Room for as many ids as the index has slots, for the tests that fill it beyond its capacity.
            los = new long[4 * capacity];
            his = new long[4 * capacity];
        }

        @Override
        boolean keyEquals(final int reference, final long idLo, final long idHi)
        {
            return los[reference] == idLo && his[reference] == idHi;
        }

        void add(final long lo, final long hi)
        {
            los[count] = lo;
            his[count] = hi;
            insert(lo, hi, count++);
        }
    }

    private record Id(long lo, long hi)
    {
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 20_261_129})
    void shouldFindWhatWasInsertedAndNothingElse(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final Index index = new Index();
        final Map<Id, Integer> model = new HashMap<>();
        while (index.count < CAPACITY)
        {
            final long lo = nextLo(random);
            final long hi = random.nextInt(4) == 0 ? random.nextLong() : random.nextInt(3);
            final int run = random.nextInt(3) == 0 ? 1 + random.nextInt(200) : 1;
            for (int i = 0; i < run && index.count < CAPACITY; i++)
            {
                final Id id = new Id(lo + i, hi);
                if ((id.lo != 0 || id.hi != 0) && !model.containsKey(id))
                {
                    assertThat(index.find(id.lo, id.hi)).isEqualTo(IdIndex.NONE);
                    model.put(id, index.count);
                    index.add(id.lo, id.hi);
                }
            }
        }

        model.forEach((id, reference) -> assertThat(index.find(id.lo, id.hi)).as("%s", id).isEqualTo(reference));
        for (int i = 0; i < 20_000; i++)
        {
            final Id id = new Id(nextLo(random), random.nextInt(4));
            final int found = index.find(id.lo, id.hi);
            assertThat(found).as("%s", id).isEqualTo(model.getOrDefault(id, IdIndex.NONE));
            final int home = index.slotReference(index.homeIndex(IdIndex.hash(id.lo, id.hi), id.lo));
            assertThat(home).isBetween(IdIndex.NONE, CAPACITY - 1);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {4, 5, 6})
    void shouldUndoTheNewestInsertsNewestFirst(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final Index index = new Index();
        final long base = random.nextLong() & ~7L;
        final int kept = CAPACITY / 2;
        for (int i = 0; i < kept; i++)
        {
            // Half the ids in one long run, half scattered: undone ids sit inside and after runs of kept ones.
            index.add(i % 2 == 0 ? base + i : random.nextLong(), 1);
        }
        final int undone = CAPACITY / 4;
        for (int i = 0; i < undone; i++)
        {
            index.add(i % 3 == 0 ? base + kept + i : random.nextLong() | 1, 1);
        }

        for (int r = index.count - 1; r >= kept; r--)
        {
            index.removeNewest(index.los[r], index.his[r], r);
        }

        for (int r = 0; r < index.count; r++)
        {
            final int expected = r < kept ? r : IdIndex.NONE;
            assertThat(index.find(index.los[r], index.his[r])).as("reference %d", r).isEqualTo(expected);
        }
    }

    /**
     * A find that misses remembers where its probe stopped, and the insert of that id takes the slot; an undo in
     * between may empty a slot of that probe, and the id must then still be found. A tiny index (2 runs of 16
     * slots) over a few blocks makes every probe cross other ids' slots.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void shouldFindAnIdWhoseInsertFollowedAnUndoAfterItsMiss(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < 2_000; round++)
        {
            final Index index = new Index(16);
            final Map<Id, Integer> model = new HashMap<>();
            while (index.count < 16)
            {
                final Id id = new Id(1 + random.nextInt(160), 0);
                if (model.containsKey(id))
                {
                    continue;
                }
                assertThat(index.find(id.lo, id.hi)).isEqualTo(IdIndex.NONE);
                if (index.count > 0 && random.nextBoolean())
                {
                    final int newest = --index.count;
                    index.removeNewest(index.los[newest], index.his[newest], newest);
                    model.remove(new Id(index.los[newest], index.his[newest]));
                }
                model.put(id, index.count);
                index.add(id.lo, id.hi);
                for (final Map.Entry<Id, Integer> known : model.entrySet())
                {
                    assertThat(index.find(known.getKey().lo, known.getKey().hi)).as("%s in round %d", known, round)
                        .isEqualTo(known.getValue());
                }
            }
        }
    }

    /**
     * A probe reaches every slot: an index filled to its last empty slot with ids that all share their offset in
     * a block (multiples of 16, every one in a block of its own) or that fill whole blocks still finds each of
     * them, answers a missing id, and places one more id in that last slot. Then the index is full, which the
     * stores' capacities rule out, and a probe that visits every slot in vain says so instead of looping.
     */
    @ParameterizedTest
    @ValueSource(longs = {IdIndex.BLOCK_SLOTS, 1})
    void shouldReachEverySlot(final long stride)
    {
        final Index index = new Index(64);
        final int ids = (int)(index.indexFootprintBytes() / Long.BYTES);
        assertThat(ids).isEqualTo(128);
        for (int i = 1; i < ids; i++)
        {
            index.add(i * stride, 7);
        }
        for (int i = 1; i < ids; i++)
        {
            assertThat(index.find(i * stride, 7)).as("id %d", i * stride).isEqualTo(i - 1);
        }
        assertThat(index.find(ids * stride, 8)).isEqualTo(IdIndex.NONE);

        index.add(ids * stride, 8);

        assertThat(index.find(ids * stride, 8)).isEqualTo(ids - 1);
        assertThatThrownBy(() -> index.find(ids * stride, 9))
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("id index full: a probe visited every slot");
    }

    private static long nextLo(final SplittableRandom random)
    {
        return switch (random.nextInt(5))
        {
            case 0 -> random.nextLong();
            case 1 -> random.nextInt(1 << 16) * 8L;
            case 2 -> -1L - random.nextInt(64);
            case 3 -> random.nextInt(1 << 12);
            default -> random.nextInt(1 << 20);
        };
    }
}
