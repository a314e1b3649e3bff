package org.sleepdelta.cli.service;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.sleepdelta.ingest.http.IngestConfiguration;
import org.sleepdelta.ingest.http.IngestService;
import org.sleepdelta.platform.config.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description =
                "Runs the clinic HTTP ingest service (canonical records and wearable vendor payloads) until stopped. "
                        + "Configuration: defaults < --config file < SLEEPDELTA_* environment variables.")
public final class IngestCommand implements Callable<Integer> {
    @Mixin
    ServiceOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Optional<Configuration> config =
                options.load(IngestConfiguration.ALL, spec.commandLine().getOut());
        if (config.isEmpty()) {
            return 0;
        }
        try (IngestService service = new IngestService(config.get())) {
            service.start();
            spec.commandLine().getErr().println("sleepdelta ingest listening on port " + service.port());
            ServiceOptions.runUntilStopped("ingest", service::close);
        }
        return 0;
    }
}
