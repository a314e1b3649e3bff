package org.sleepdelta.embedded;

import java.util.List;
import org.slf4j.event.Level;

/**
 * JVM options for the broker's child JVMs, chosen for quick start on small (2-core) machines.
 *
 * <p>Measured on 2 cores with other builds running: C1-only JIT plus the serial collector started the broker in
 * 3.4-4.9 s where the JVM defaults (G1, tiered C2) took 4.8-7.7 s. Test and demo loads are light: C1's code is
 * fast enough, and C2's compiler threads would compete with the tests for the two cores.
 */
final class BrokerJvmOptions {

    private BrokerJvmOptions() {}

    static List<String> of(Level logLevel) {
        return List.of(
                "-Xms64m",
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                // No hsperfdata file in /tmp: nobody attaches jstat to a test broker.
                "-XX:-UsePerfData",
                "-Djava.awt.headless=true",
                "-Dslf4j.provider=" + ChildProcessLogProvider.class.getName(),
                // Without this SLF4J announces the explicitly chosen provider on every start.
                "-Dslf4j.internal.verbosity=WARN",
                "-D" + ChildProcessLogProvider.LEVEL_PROPERTY + "=" + logLevel);
    }
}
