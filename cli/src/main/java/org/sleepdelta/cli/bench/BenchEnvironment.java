package org.sleepdelta.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The facts a reader needs to compare a run with another: cores, JVM, heaps, OS. Nothing from git. */
public final class BenchEnvironment {
    private BenchEnvironment() {}

    public static Map<String, String> facts() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        facts.put(
                "jvm",
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.runtime.version"));
        facts.put("max heap", Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
        facts.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        return facts;
    }

    /**
     * The broker's heap, collector and JIT options, read from its JVM's command line, so the figure is what ran
     * rather than what a constant says. Linux's /proc first: there the JDK's {@code ProcessHandle.Info} often leaves
     * the arguments out.
     */
    public static String brokerJvm(Optional<ProcessHandle> broker) {
        String options = broker.map(BenchEnvironment::arguments).orElse(List.of()).stream()
                .filter(arg -> arg.startsWith("-Xm")
                        || arg.matches("-XX:[+]Use\\w+GC")
                        || arg.startsWith("-XX:TieredStopAtLevel"))
                .collect(java.util.stream.Collectors.joining(" "));
        return options.isEmpty() ? "unknown (the broker's command line is not readable here)" : options;
    }

    private static List<String> arguments(ProcessHandle process) {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            return List.of(new String(cmdline, StandardCharsets.UTF_8).split("\u0000"));
        } catch (IOException | RuntimeException notLinux) {
            return process.info().arguments().map(List::of).orElse(List.of());
        }
    }
}
