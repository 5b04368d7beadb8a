package dev.ledger.perf;

import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The facts a measurement depends on, printed at the top of every report: JDK, JVM flags, collector,
 * processors and heap.
 */
final class RunEnvironment
{
    private RunEnvironment()
    {
    }

    /**
     * Prints the JDK, the JVM's flags, its collectors, the processors and the maximum heap.
     *
     * @param out where to print.
     */
    static void print(final PrintStream out)
    {
        final List<String> collectors = new ArrayList<>();
        for (final GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans())
        {
            collectors.add(bean.getName());
        }
        out.println("JDK:        " + System.getProperty("java.vm.name") + " " +
            System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + ")");
        out.println("JVM flags:  " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        out.println("Collectors: " + String.join(", ", collectors));
        out.println("Processors: " + Runtime.getRuntime().availableProcessors() + "; max heap " +
            (Runtime.getRuntime().maxMemory() >> 20) + " MiB; os " + System.getProperty("os.name") + " " +
            System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    }

    /**
     * Heap in use after full collections, as {@code totalMemory - freeMemory}.
     *
     * @return bytes.
     */
    static long usedHeapAfterGc()
    {
        long used = Long.MAX_VALUE;
        // A few rounds, until nothing more is freed: one System.gc() may leave finalizable or soft garbage.
        for (int round = 0; round < 4; round++)
        {
            System.gc();
            final Runtime runtime = Runtime.getRuntime();
            final long now = runtime.totalMemory() - runtime.freeMemory();
            if (now >= used)
            {
                break;
            }
            used = now;
        }
        return used;
    }
}
