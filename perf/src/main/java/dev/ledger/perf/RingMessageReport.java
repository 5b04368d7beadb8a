package dev.ledger.perf;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * What a message between two threads costs on the machine at hand, over Agrona's bounded single-producer
 * ring: the round trip of one small message (the latency a shard waits for at a cross-shard event), and the
 * per-message cost of a stream of 128-byte messages (an event each, the throughput of shard-to-shard traffic),
 * with a busy-spinning and a backing-off consumer. Numbers for the shard design (docs/sharding.md); bounded in
 * count and time.
 */
public final class RingMessageReport
{
    private static final int RING_BYTES = 1 << 20;
    private static final int ROUND_TRIPS = 200_000;
    private static final int STREAMED = 20_000_000;
    private static final int EVENT_BYTES = 128;

    private RingMessageReport()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        RunEnvironment.print(System.out);
        for (int run = 1; run <= 3; run++)
        {
            System.out.printf(Locale.ROOT, "run %d: round trip busy-spin %s | backoff %s; stream of %d-byte " +
                "messages busy-spin %.1f ns/message, backoff %.1f ns/message%n", run,
                roundTrips(new BusySpinIdleStrategy()), roundTrips(backoff()), EVENT_BYTES,
                stream(new BusySpinIdleStrategy()), stream(backoff()));
        }
    }

    private static IdleStrategy backoff()
    {
        return new BackoffIdleStrategy(10, 10, 1_000, 100_000);
    }

    private static OneToOneRingBuffer ring()
    {
        return new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    /** @return median and 99th percentile of the round trip in ns. */
    private static String roundTrips(final IdleStrategy echoIdle) throws InterruptedException
    {
        final OneToOneRingBuffer there = ring();
        final OneToOneRingBuffer back = ring();
        final UnsafeBuffer message = new UnsafeBuffer(new byte[64]);
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread echo = new Thread(() ->
        {
            final UnsafeBuffer reply = new UnsafeBuffer(new byte[64]);
            final org.agrona.concurrent.MessageHandler handler = (type, buffer, index, length) ->
            {
                reply.putLong(0, buffer.getLong(index));
                while (!back.write(1, reply, 0, 64))
                {
                    Thread.onSpinWait();
                }
            };
            while (running.get())
            {
                echoIdle.idle(there.read(handler));
            }
        }, "echo");
        echo.start();
        final long[] samples = new long[ROUND_TRIPS];
        final Counter answer = new Counter();
        final long deadline = System.nanoTime() + 20_000_000_000L;
        int done = 0;
        for (; done < ROUND_TRIPS && System.nanoTime() < deadline; done++)
        {
            message.putLong(0, done);
            final long start = System.nanoTime();
            while (!there.write(1, message, 0, 64))
            {
                Thread.onSpinWait();
            }
            answer.last = -1;
            while (answer.last != done)
            {
                back.read(answer);
            }
            samples[done] = System.nanoTime() - start;
        }
        running.set(false);
        echo.join();
        final long[] measured = Arrays.copyOfRange(samples, done / 10, done);
        Arrays.sort(measured);
        return String.format(Locale.ROOT, "p50 %d ns, p99 %d ns", measured[measured.length / 2],
            measured[measured.length * 99 / 100]);
    }

    /** @return ns per message of a one-way stream, the consumer idling with the given strategy when empty. */
    private static double stream(final IdleStrategy consumerIdle) throws InterruptedException
    {
        final OneToOneRingBuffer ring = ring();
        final long[] consumed = new long[1];
        final Thread consumer = new Thread(() ->
        {
            final Counter counter = new Counter();
            while (counter.count < STREAMED)
            {
                consumerIdle.idle(ring.read(counter, 256));
            }
            consumed[0] = counter.sum;
        }, "consumer");
        final UnsafeBuffer event = new UnsafeBuffer(new byte[EVENT_BYTES]);
        final long start = System.nanoTime();
        consumer.start();
        for (int i = 0; i < STREAMED; i++)
        {
            event.putLong(0, i);
            while (!ring.write(1, event, 0, EVENT_BYTES))
            {
                Thread.onSpinWait();
            }
        }
        consumer.join();
        return (System.nanoTime() - start) / (double)STREAMED;
    }

    /** Reads messages without allocating: the last value, their sum and count. */
    private static final class Counter implements org.agrona.concurrent.MessageHandler
    {
        long last;
        long sum;
        long count;

        @Override
        public void onMessage(final int type, final org.agrona.MutableDirectBuffer buffer, final int index,
            final int length)
        {
            last = buffer.getLong(index);
            sum += last;
            count++;
        }
    }
}
