package org.sleepdelta.cli.imports;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sleepdelta.ingest.importer.ImportTarget;
import org.sleepdelta.ingest.kafka.CanonicalProducer;
import org.sleepdelta.platform.config.ConfigLoader;
import org.sleepdelta.platform.config.HostPort;
import org.sleepdelta.streams.app.StreamsConfiguration;
import picocli.CommandLine.Option;

/** Where an import writes, shared by the import commands: Kafka (per --config) or, with --dry-run, stdout. */
final class ImportOutput implements AutoCloseable {
    @Option(names = "--dry-run", description = "Print the canonical JSON Lines to stdout instead of producing.")
    boolean dryRun;

    @Option(names = "--config", description = "Properties file (bootstrap-servers).")
    Optional<Path> configFile;

    private CanonicalProducer producer;

    /** Opens the target; closing this (after the target) closes the producer behind it. */
    ImportTarget open(PrintWriter out, PrintWriter err) {
        if (dryRun) {
            return ImportTarget.dryRun(out, err);
        }
        String bootstrap = HostPort.commaSeparated(ConfigLoader.of(List.of(StreamsConfiguration.BOOTSTRAP_SERVERS))
                .file(configFile).load().get(StreamsConfiguration.BOOTSTRAP_SERVERS));
        producer = new CanonicalProducer(bootstrap, Map.of());
        return ImportTarget.kafka(producer, err);
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
