package org.sleepdelta.cli.service;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.sleepdelta.cli.run.ServedSink;
import org.sleepdelta.dashboard.sink.SinkConfiguration;
import org.sleepdelta.dashboard.sink.SinkStartException;
import org.sleepdelta.platform.config.Configuration;
import org.sleepdelta.platform.metrics.OpsAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "sink",
        mixinStandardHelpOptions = true,
        description = "Runs the PostgreSQL sink until stopped: the dashboard topics into the tables Grafana reads, "
                + "with /metrics and /health on metrics-host:metrics-port. "
                + "Configuration: defaults < --config file < SLEEPDELTA_* environment variables.")
public final class SinkCommand implements Callable<Integer> {
    @Mixin
    ServiceOptions options;

    @Option(
            names = "--rebuild",
            description =
                    "Before consuming, empty the tables of the compacted topics (sleep_change, nightly_sleep) and "
                            + "read the topics again from their beginning: after a sink outage longer than their "
                            + "delete.retention.ms, when deleted rows may remain. Stop every other sink instance first.")
    boolean rebuild;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Optional<Configuration> loaded =
                options.load(SinkConfiguration.ALL, spec.commandLine().getOut());
        if (loaded.isEmpty()) {
            return 0;
        }
        Configuration config = loaded.get();
        ServedSink sink;
        try {
            sink = ServedSink.start(
                    config,
                    new OpsAddress(
                            config.get(SinkConfiguration.METRICS_HOST), config.get(SinkConfiguration.METRICS_PORT)),
                    rebuild);
        } catch (SinkStartException e) {
            spec.commandLine().getErr().println("sleepdelta sink: " + e.getMessage());
            return 1;
        }
        try (sink) {
            spec.commandLine().getErr().println("sleepdelta sink running; metrics on port " + sink.metricsPort());
            ServiceOptions.runUntilStopped("sink", sink::stop);
        }
        return 0;
    }
}
