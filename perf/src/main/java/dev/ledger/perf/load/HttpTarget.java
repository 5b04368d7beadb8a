package dev.ledger.perf.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

import org.agrona.collections.LongArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;

import dev.ledger.core.LedgerLimits;

/**
 * Sends {@code POST /v1/transfers} over a fixed set of keep-alive HTTP/1.1 connections, one request at a time
 * on each (no pipelining), from one thread with a selector: a lean client, so that the measurement is of the
 * server rather than of a general-purpose HTTP library. A request meant to be sent while every connection is
 * busy waits in a bounded queue, and its wait counts in its latency.
 */
final class HttpTarget implements LoadTarget
{
    static final int QUEUE_MAX = 1 << 20;
    private static final byte[] OK = "\"result\":\"ok\"".getBytes(StandardCharsets.US_ASCII);
    private static final long SPIN_LIMIT_NS = 50_000;

    private final InetSocketAddress address;
    private final LoadWorkload workload;
    private final LoadStats stats;
    private final int batchEvents;
    private final byte[] head;
    private final Selector selector;
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private final LongArrayQueue queued = new LongArrayQueue(1024, Long.MIN_VALUE);
    private final UnsafeBuffer records;
    private final JsonTransfers json = new JsonTransfers();
    private long inFlight;

    /**
     * Opens the connections.
     *
     * @param address     the HTTP API.
     * @param connections how many.
     * @param workload    the transfers.
     * @param stats       where answers are counted.
     * @param batchEvents events per request.
     */
    HttpTarget(final InetSocketAddress address, final int connections, final LoadWorkload workload,
        final LoadStats stats, final int batchEvents)
    {
        this.address = address;
        this.workload = workload;
        this.stats = stats;
        this.batchEvents = batchEvents;
        this.records = new UnsafeBuffer(new byte[batchEvents * LedgerLimits.RECORD_LENGTH]);
        this.head = ("POST /v1/transfers HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort() +
            "\r\nContent-Type: application/json\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
        try
        {
            selector = Selector.open();
            for (int i = 0; i < connections; i++)
            {
                idle.add(new Connection());
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot connect to " + address, ex);
        }
    }

    @Override
    public void submit(final long intendedNs)
    {
        if (queued.size() >= QUEUE_MAX)
        {
            stats.completed(intendedNs, batchEvents, 0, "client_queue_full");
            return;
        }
        queued.addLong(intendedNs);
        inFlight++;
        dispatch();
    }

    private void dispatch()
    {
        while (!queued.isEmpty() && !idle.isEmpty())
        {
            final Connection connection = idle.poll();
            final long intendedNs = queued.pollLong();
            workload.next(records, batchEvents);
            final int length = json.encode(records, batchEvents);
            connection.send(intendedNs, json.body(), length);
        }
    }

    @Override
    public void poll(final long deadlineNs)
    {
        try
        {
            final long wait = deadlineNs - System.nanoTime();
            final int ready = wait >= 1_000_000 ? selector.select(wait / 1_000_000) : selector.selectNow();
            if (ready == 0 && wait > 0 && wait < 1_000_000)
            {
                LockSupport.parkNanos(Math.min(wait, SPIN_LIMIT_NS));
            }
            for (final SelectionKey key : selector.selectedKeys())
            {
                ((Connection)key.attachment()).onReady(key);
            }
            selector.selectedKeys().clear();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        dispatch();
    }

    @Override
    public long outstanding()
    {
        return inFlight;
    }

    @Override
    public void close()
    {
        try
        {
            for (final SelectionKey key : selector.keys())
            {
                key.channel().close();
            }
            selector.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** One keep-alive connection: idle, writing a request, or reading its answer. */
    private final class Connection
    {
        private SocketChannel channel;
        private SelectionKey key;
        private ByteBuffer out = ByteBuffer.allocateDirect(64 * 1024);
        private byte[] in = new byte[64 * 1024];
        private int received;
        private long intendedNs;
        private boolean busy;

        Connection() throws IOException
        {
            open();
        }

        private void open() throws IOException
        {
            channel = SocketChannel.open(address);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            key = channel.register(selector, 0, this);
        }

        void send(final long intendedNs, final byte[] body, final int length)
        {
            this.intendedNs = intendedNs;
            this.busy = true;
            final byte[] contentLength = (length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            final int total = head.length + contentLength.length + length;
            if (out.capacity() < total)
            {
                out = ByteBuffer.allocateDirect(Integer.highestOneBit(total) << 1);
            }
            out.clear();
            out.put(head).put(contentLength).put(body, 0, length).flip();
            received = 0;
            try
            {
                channel.write(out);
                key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            }
            catch (final IOException ex)
            {
                fail(ex);
            }
        }

        void onReady(final SelectionKey ready)
        {
            try
            {
                if (ready.isWritable())
                {
                    channel.write(out);
                    key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
                }
                else if (ready.isReadable())
                {
                    read();
                }
            }
            catch (final IOException ex)
            {
                fail(ex);
            }
        }

        private void read() throws IOException
        {
            if (received == in.length)
            {
                in = Arrays.copyOf(in, in.length * 2);
            }
            final int read = channel.read(ByteBuffer.wrap(in, received, in.length - received));
            if (read < 0)
            {
                throw new IOException("the server closed the connection");
            }
            received += read;
            final int headerEnd = indexOf(in, 0, received, HEADER_END);
            if (headerEnd < 0)
            {
                return;
            }
            final int contentLength = contentLength(headerEnd);
            final int total = headerEnd + HEADER_END.length + contentLength;
            if (received < total)
            {
                return;
            }
            final int status = (in[9] - '0') * 100 + (in[10] - '0') * 10 + (in[11] - '0');
            final boolean close = indexOfIgnoreCase(in, headerEnd, "connection: close") >= 0;
            final int ok = status == 200 ? count(in, headerEnd, total, OK) : 0;
            key.interestOps(0);
            finished(status == 200 ? null : "http_" + status, ok);
            if (close)
            {
                reopen();
            }
            idle.add(this);
        }

        private int contentLength(final int headerEnd) throws IOException
        {
            final int at = indexOfIgnoreCase(in, headerEnd, "content-length:");
            if (at < 0)
            {
                throw new IOException("an answer without Content-Length");
            }
            int value = 0;
            for (int i = at + "content-length:".length(); in[i] != '\r'; i++)
            {
                value = in[i] == ' ' ? value : value * 10 + (in[i] - '0');
            }
            return value;
        }

        private void finished(final String failure, final int ok)
        {
            busy = false;
            inFlight--;
            stats.completed(intendedNs, batchEvents, ok, failure);
        }

        private void fail(final IOException ex)
        {
            if (busy)
            {
                finished("io_error", 0);
            }
            try
            {
                reopen();
                if (!idle.contains(this))
                {
                    idle.add(this);
                }
            }
            catch (final IOException reconnect)
            {
                throw new UncheckedIOException("cannot reconnect to " + address + " after " + ex, reconnect);
            }
        }

        private void reopen() throws IOException
        {
            key.cancel();
            channel.close();
            open();
        }
    }

    private static final byte[] HEADER_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    static int indexOf(final byte[] bytes, final int from, final int to, final byte[] pattern)
    {
        outer:
        for (int i = from; i <= to - pattern.length; i++)
        {
            for (int j = 0; j < pattern.length; j++)
            {
                if (bytes[i + j] != pattern[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int indexOfIgnoreCase(final byte[] bytes, final int to, final String lowerCase)
    {
        outer:
        for (int i = 0; i <= to - lowerCase.length(); i++)
        {
            for (int j = 0; j < lowerCase.length(); j++)
            {
                if (Character.toLowerCase(bytes[i + j]) != lowerCase.charAt(j))
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static int count(final byte[] bytes, final int from, final int to, final byte[] pattern)
    {
        int count = 0;
        int at = indexOf(bytes, from, to, pattern);
        while (at >= 0)
        {
            count++;
            at = indexOf(bytes, at + pattern.length, to, pattern);
        }
        return count;
    }
}
