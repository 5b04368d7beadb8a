package dev.ledger.server.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.ledger.server.NodeConfig;

/** Settings for test nodes on 127.0.0.1: a private data directory and a free block of ports. */
final class NodeFixture
{
    private NodeFixture()
    {
    }

    /**
     * @param data  the node's data directory.
     * @param extra more flags, name then value; they replace the defaults of the same name.
     * @return the flags of a small node on 127.0.0.1 with its own ports.
     */
    static String[] flags(final Path data, final int portBase, final String... extra)
    {
        final Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--data-dir", data.toString());
        flags.put("--http-host", "127.0.0.1");
        flags.put("--http-port", "0");
        flags.put("--cluster-host", "localhost");
        flags.put("--cluster-port-base", Integer.toString(portBase));
        flags.put("--accounts-max", "100000");
        flags.put("--transfers-max", "1000000");
        flags.put("--history-max", "100000");
        flags.put("--aeron-dir", data.resolve("aeron").toString());
        for (int i = 0; i + 1 < extra.length; i += 2)
        {
            flags.put(extra[i], extra[i + 1]);
        }
        final List<String> list = new ArrayList<>();
        flags.forEach((name, value) ->
        {
            list.add(name);
            list.add(value);
        });
        return list.toArray(new String[0]);
    }

    static NodeConfig config(final Path data, final int portBase, final String... extra)
    {
        return NodeConfig.parse(flags(data, portBase, extra), Map.of());
    }

    /** @return a port base whose ports +1..+6 were free a moment ago (UDP ports are not checked). */
    static int freePortBase()
    {
        return freePortBase(1);
    }

    /**
     * @return a port base whose ports +1..+6 of each of {@code members} blocks (100 apart) were free, TCP and
     *         UDP, a moment ago; below Linux's ephemeral range (32768-), where the OS does not hand them out.
     */
    static int freePortBase(final int members)
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            final int base = 12000 + (int)(Math.random() * (200 - members)) * 100;
            boolean free = true;
            for (int port = 1; port <= 6 && free; port++)
            {
                for (int m = 0; m < members && free; m++)
                {
                    free = free(base + 100 * m + port);
                }
            }
            if (free)
            {
                return base;
            }
        }
        throw new IllegalStateException("no free port block found");
    }

    private static boolean free(final int port)
    {
        try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.0.1"));
            java.net.DatagramSocket datagram =
                new java.net.DatagramSocket(port, java.net.InetAddress.getByName("127.0.0.1")))
        {
            return socket.getLocalPort() == port && datagram.getLocalPort() == port;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /** Waits until the log file holds {@code text}, failing after {@code timeoutS} seconds. */
    static void awaitLogLine(final Path log, final String text, final long timeoutS) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        while (!Files.exists(log) || !Files.readString(log).contains(text))
        {
            assertThat(System.nanoTime()).as("%s holds \"%s\" within %d s", log.getFileName(), text, timeoutS)
                .isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
