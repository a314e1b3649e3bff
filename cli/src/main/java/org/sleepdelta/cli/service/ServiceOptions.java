package org.sleepdelta.cli.service;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.sleepdelta.platform.config.ConfigLoader;
import org.sleepdelta.platform.config.Configuration;
import org.sleepdelta.platform.config.Setting;
import picocli.CommandLine.Option;

/** What every long-running service command shares: its configuration options, and running until stopped. */
public final class ServiceOptions {
    @Option(names = "--config", description = "Properties file with settings (docs/configuration.md).")
    Optional<Path> configFile;

    @Option(
            names = "--print-config",
            description = "Print the effective configuration with each value's origin and exit.")
    boolean printConfig;

    /**
     * Loads the service's settings (defaults &lt; --config file &lt; SLEEPDELTA_* environment).
     *
     * @return empty when --print-config asked only to print them, which this has done
     */
    public Optional<Configuration> load(List<Setting<?>> settings, PrintWriter out) {
        Configuration config = ConfigLoader.of(settings).file(configFile).load();
        if (printConfig) {
            out.println(config.describe());
            return Optional.empty();
        }
        return Optional.of(config);
    }

    /** Blocks until the JVM is asked to stop (SIGTERM, Ctrl-C), then runs {@code stop} before it exits. */
    static void runUntilStopped(String name, Runnable stop) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stop.run();
                            stopped.countDown();
                        },
                        name + "-shutdown"));
        stopped.await();
    }
}
