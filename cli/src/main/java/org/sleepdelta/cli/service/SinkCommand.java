package org.sleepdelta.cli.service;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.sleepdelta.dashboard.sink.SinkConfiguration;
import org.sleepdelta.dashboard.sink.SinkService;
import org.sleepdelta.platform.config.ConfigLoader;
import org.sleepdelta.platform.config.Configuration;
import org.sleepdelta.platform.metrics.Health;
import org.sleepdelta.platform.metrics.OpsAddress;
import org.sleepdelta.platform.metrics.OpsHttpServer;
import org.sleepdelta.platform.metrics.ServiceMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sink", mixinStandardHelpOptions = true,
        description = "Runs the PostgreSQL sink until stopped: the dashboard topics into the tables Grafana reads, "
                + "with /metrics and /health on metrics-host:metrics-port. "
                + "Configuration: defaults < --config file < SLEEPDELTA_* environment variables.")
public final class SinkCommand implements Callable<Integer> {
    @Option(names = "--config", description = "Properties file with settings (see README: PostgreSQL sink).")
    Optional<Path> configFile;

    @Option(names = "--print-config", description = "Print the effective configuration with each value's origin and exit.")
    boolean printConfig;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Configuration config = ConfigLoader.of(SinkConfiguration.ALL).file(configFile).load();
        if (printConfig) {
            spec.commandLine().getOut().println(config.describe());
            return 0;
        }
        CountDownLatch stop = new CountDownLatch(1);
        try (ServiceMetrics metrics = ServiceMetrics.create("sink");
             SinkService sink = new SinkService(config, metrics.registry())) {
            sink.start();
            try (OpsHttpServer ops = OpsHttpServer.start(new OpsAddress(config.get(SinkConfiguration.METRICS_HOST),
                    config.get(SinkConfiguration.METRICS_PORT)), metrics, Health.of(() -> sink.status().ready()))) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    sink.close();
                    stop.countDown();
                }, "sink-shutdown"));
                spec.commandLine().getErr().println("sleepdelta sink running; metrics on port " + ops.port());
                stop.await();
            }
        }
        return 0;
    }
}
