package dev.ledger.perf.load;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a node's CPU time went, from a JFR recording's execution samples: per thread, its share of all samples
 * and its hottest methods (the sampled top frame). Prints Markdown lines prefixed {@code PROFILE }, which
 * {@link ComparisonReport} puts in its report.
 */
public final class JfrSummary
{
    private static final int THREADS = 8;
    private static final int METHODS = 4;

    private JfrSummary()
    {
    }

    /**
     * @param args the recording's path, then a caption.
     * @throws IOException when it cannot be read.
     */
    public static void main(final String[] args) throws IOException
    {
        final Map<String, Map<String, Integer>> byThread = new HashMap<>();
        int total = 0;
        for (final RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0])))
        {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample"))
            {
                continue;
            }
            final RecordedStackTrace stack = event.getStackTrace();
            final String thread = event.getThread("sampledThread") == null ? "?" :
                event.getThread("sampledThread").getJavaName();
            final String method = stack == null || stack.getFrames().isEmpty() ? "?" : name(stack.getFrames().get(0));
            byThread.computeIfAbsent(thread == null ? "?" : thread, k -> new HashMap<>()).merge(method, 1, Integer::sum);
            total++;
        }
        System.out.println("PROFILE " + (args.length > 1 ? args[1] : "") + " JFR execution samples of the node: " +
            total + " in all (threads that ran Java code; time in the kernel and in native code is not sampled).");
        System.out.println("PROFILE");
        System.out.println("PROFILE | thread | share of samples | hottest methods, 1% or more (share of all samples) |");
        System.out.println("PROFILE |---|---:|---|");
        final int all = Math.max(1, total);
        final List<Map.Entry<String, Map<String, Integer>>> threads = byThread.entrySet().stream()
            .sorted(Comparator.comparingInt((Map.Entry<String, Map<String, Integer>> e) -> sum(e.getValue())).reversed())
            .limit(THREADS).toList();
        for (final Map.Entry<String, Map<String, Integer>> thread : threads)
        {
            final StringBuilder methods = new StringBuilder();
            thread.getValue().entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .filter(method -> method.getValue() * 100L >= all).limit(METHODS).forEach(method -> methods.append(methods.length() == 0 ? "" : ", ")
                    .append('`').append(method.getKey()).append("` ")
                    .append(String.format(Locale.ROOT, "%.0f%%", 100.0 * method.getValue() / all)));
            System.out.println(String.format(Locale.ROOT, "PROFILE | %s | %.0f%% | %s |", thread.getKey(),
                100.0 * sum(thread.getValue()) / all, methods));
        }
    }

    private static String name(final RecordedFrame frame)
    {
        final String type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
    }

    private static int sum(final Map<String, Integer> counts)
    {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
