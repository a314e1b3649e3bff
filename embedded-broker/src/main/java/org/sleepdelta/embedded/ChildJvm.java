package org.sleepdelta.embedded;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a main class in a separate JVM that has the same Java runtime and classpath as this one, plus extra entries.
 *
 * <p>{@code java.class.path} carries our own classes in every way we run: under Surefire/Failsafe it is the test
 * classpath (or a manifest-only booter jar, which {@code -cp} follows just the same), and from the executable jar it
 * is that jar, whose manifest lists {@code lib/*.jar}. The extra entries add what only the child needs: the
 * executable jar's {@code lib/} leaves Kafka's broker out on purpose, so services never carry it. The child's stdout
 * and stderr are appended to a log file so they neither reach our console nor fill an unread pipe and stall the
 * child. Its stdin stays a pipe that we never write to: see {@link ExitWhenStdinCloses}.
 */
final class ChildJvm {

    private final List<String> jvmOptions;
    private final List<String> extraClasspath;

    ChildJvm(List<String> jvmOptions, List<String> extraClasspath) {
        this.jvmOptions = List.copyOf(jvmOptions);
        this.extraClasspath = List.copyOf(extraClasspath);
    }

    Process start(Path logFile, String mainClass, List<String> arguments) throws IOException {
        return new ProcessBuilder(command(mainClass, arguments))
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(logFile.toFile()))
                .start();
    }

    List<String> command(String mainClass, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable().toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath());
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }

    private String classpath() {
        List<String> entries = new ArrayList<>();
        entries.add(System.getProperty("java.class.path"));
        entries.addAll(extraClasspath);
        return String.join(File.pathSeparator, entries);
    }

    private static Path javaExecutable() {
        boolean windows = System.getProperty("os.name").startsWith("Windows");
        return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
    }
}
