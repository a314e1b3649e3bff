package org.sleepdelta.cli.service;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.sleepdelta.ingest.http.IngestConfiguration;
import org.sleepdelta.ingest.http.IngestService;
import org.sleepdelta.platform.config.ConfigLoader;
import org.sleepdelta.platform.config.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Runs the clinic HTTP ingest service (canonical records and wearable vendor payloads) until stopped. "
                + "Configuration: defaults < --config file < SLEEPDELTA_* environment variables.")
public final class IngestCommand implements Callable<Integer> {
    @Option(names = "--config", description = "Properties file with settings (see README: Clinic ingest over HTTP).")
    Optional<Path> configFile;

    @Option(names = "--print-config", description = "Print the effective configuration with each value's origin and exit.")
    boolean printConfig;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Configuration config = ConfigLoader.of(IngestConfiguration.ALL).file(configFile).load();
        if (printConfig) {
            spec.commandLine().getOut().println(config.describe());
            return 0;
        }
        CountDownLatch stop = new CountDownLatch(1);
        try (IngestService service = new IngestService(config)) {
            service.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                service.close();
                stop.countDown();
            }, "ingest-shutdown"));
            spec.commandLine().getErr().println("sleepdelta ingest listening on port " + service.port());
            stop.await();
        }
        return 0;
    }
}
