package dev.ledger.server.shard;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransferDirectoryTest
{
    @Test
    void everyIdFindsAtLeastEveryShardItWasGiven()
    {
        final SplittableRandom random = new SplittableRandom(3);
        final int ids = 200_000;
        final TransferDirectory directory = new TransferDirectory(ids);
        final Map<Long, Long> given = new HashMap<>();
        for (int i = 0; i < 3 * ids; i++)
        {
            // Sequential and random ids, each given one to three times a random set of shards.
            final long id = random.nextBoolean() ? 1 + random.nextInt(ids / 2) : random.nextLong() | 1L << 62;
            if (!given.containsKey(id) && given.size() == ids)
            {
                continue;
            }
            final long mask = 1L << random.nextInt(TransferDirectory.SHARDS_MAX);
            directory.add(id, 7, mask);
            given.merge(id, mask, (a, b) -> a | b);
        }
        given.forEach((id, mask) -> assertThat(directory.shards(id, 7) & mask).as("id %d", id).isEqualTo(mask));
        assertThat(directory.size()).isLessThanOrEqualTo(given.size());
        assertThat(directory.shards(-5, -5)).isZero();
    }

    @Test
    void refusesIdsBeyondItsCapacity()
    {
        final TransferDirectory directory = new TransferDirectory(2);
        directory.add(1, 0, 1);
        directory.add(2, 0, 2);
        directory.add(1, 0, 4);
        assertThat(directory.hasRoom(1)).isFalse();
        assertThat(directory.shards(1, 0)).isEqualTo(5);
        assertThatThrownBy(() -> directory.add(3, 0, 1)).isInstanceOf(IllegalStateException.class);
    }
}
