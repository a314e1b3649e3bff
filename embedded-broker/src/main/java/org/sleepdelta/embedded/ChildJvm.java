package org.sleepdelta.embedded;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a main class in a separate JVM that has the same Java runtime and classpath as this one.
 *
 * <p>{@code java.class.path} is the right classpath in every way we run: under Surefire/Failsafe it is the test
 * classpath (or a manifest-only booter jar, which {@code -cp} follows just the same), and from the executable jar it
 * is that jar, whose manifest lists {@code lib/*.jar}. The child's stdout and stderr are appended to a log file so
 * they neither reach our console nor fill an unread pipe and stall the child. Its stdin stays a pipe that we never
 * write to: see {@link ExitWhenStdinCloses}.
 */
final class ChildJvm {

    private final List<String> jvmOptions;

    ChildJvm(List<String> jvmOptions) {
        this.jvmOptions = List.copyOf(jvmOptions);
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
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }

    private static Path javaExecutable() {
        boolean windows = System.getProperty("os.name").startsWith("Windows");
        return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
    }
}
