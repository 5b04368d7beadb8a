package dev.ledger.journal;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM for crash tests: this JVM's java, the JVM flags of shared/STACK.md it was
 * started with (exports, opens, native access, Chronicle properties, -ea), its class path, then the caller's
 * JVM options, main class and arguments.
 */
public final class ChildJvm
{
    private ChildJvm()
    {
    }

    /**
     * @param jvmOptions extra JVM options (heap, GC).
     * @param mainClass  the class to run.
     * @param arguments  its arguments.
     * @return the command.
     */
    public static List<String> command(final List<String> jvmOptions, final Class<?> mainClass,
        final List<String> arguments)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-exports") || argument.startsWith("--add-opens") ||
                argument.startsWith("--enable-native-access") || argument.startsWith("--sun-misc-unsafe") ||
                argument.startsWith("-Dchronicle.") || argument.equals("-ea"))
            {
                command.add(argument);
            }
        }
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(arguments);
        return command;
    }
}
