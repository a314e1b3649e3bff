package org.sleepdelta.embedded;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.event.Level;

/** JVM options for the broker's child JVMs, by {@link BrokerJvm} profile. */
final class BrokerJvmOptions {

    private BrokerJvmOptions() {}

    static List<String> of(BrokerJvm profile, Level logLevel) {
        List<String> options = new ArrayList<>(
                switch (profile) {
                    // Measured on 2 cores with other builds running: C1-only JIT plus the serial collector started
                    // the broker in 3.4-4.9 s where the JVM defaults (G1, tiered C2) took 4.8-7.7 s. Test and demo
                    // loads are light: C1's code is fast enough, and C2's compiler threads would compete with the
                    // tests for the two cores.
                    case QUICK_START -> List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
                    // A benchmark measures the application against a broker, so the broker runs as Kafka's own
                    // start script runs it (kafka-server-start.sh: a 1 GB heap, G1 with 20 ms pause target), with
                    // C2: C1-compiled code would make the broker, not the application, the limit.
                    case THROUGHPUT ->
                        List.of(
                                "-Xms1g",
                                "-Xmx1g",
                                "-XX:+UseG1GC",
                                "-XX:MaxGCPauseMillis=20",
                                "-XX:InitiatingHeapOccupancyPercent=35");
                });
        options.addAll(List.of(
                // No hsperfdata file in /tmp: nobody attaches jstat to a test broker.
                "-XX:-UsePerfData",
                "-Djava.awt.headless=true",
                "-Dslf4j.provider=" + ChildProcessLogProvider.class.getName(),
                // Without this SLF4J announces the explicitly chosen provider on every start.
                "-Dslf4j.internal.verbosity=WARN",
                "-D" + ChildProcessLogProvider.LEVEL_PROPERTY + "=" + logLevel));
        return options;
    }
}
