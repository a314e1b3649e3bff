package org.sleepdelta.cli.bench;

import java.util.LinkedHashMap;
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
     * The embedded broker's -Xmx, read from its child JVM's command line (the broker is this JVM's only Java child),
     * so the figure is what ran rather than what a constant says.
     */
    public static String brokerHeap() {
        return ProcessHandle.current()
                .descendants()
                .flatMap(p -> p.info().arguments().stream().flatMap(java.util.Arrays::stream))
                .filter(arg -> arg.startsWith("-Xmx"))
                .findFirst()
                .map(arg -> arg.substring("-Xmx".length()))
                .or(() -> Optional.of("unknown (broker's command line not readable)"))
                .get();
    }
}
