package org.sleepdelta.cli.imports;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.sleepdelta.ingest.http.IngestConfiguration;
import org.sleepdelta.ingest.importer.ImportTarget;
import org.sleepdelta.ingest.kafka.CanonicalProducer;
import org.sleepdelta.ingest.kafka.MasterKeySettings;
import org.sleepdelta.ingest.rules.RetentionWindow;
import org.sleepdelta.platform.config.ConfigLoader;
import org.sleepdelta.platform.config.Configuration;
import org.sleepdelta.platform.config.HostPort;
import org.sleepdelta.platform.config.KafkaClientProperties;
import org.sleepdelta.streams.app.StreamsConfiguration;
import picocli.CommandLine.Option;

/** Where an import writes, shared by the import commands: Kafka (per --config) or, with --dry-run, stdout. */
final class ImportOutput implements AutoCloseable {
    @Option(names = "--dry-run", description = "Print the canonical JSON Lines to stdout instead of producing.")
    boolean dryRun;

    @Option(
            names = "--config",
            description =
                    "Properties file (bootstrap-servers, retention-days, future-tolerance, master-keys-file, kafka.*).")
    Optional<Path> configFile;

    private CanonicalProducer producer;

    /**
     * Opens the target; closing this (after the target) closes the producer behind it. Records older than the
     * retention go to the rejection topic as TOO_LATE, by the rule of the HTTP API, with the streams service's
     * {@code retention-days} and ingest's {@code future-tolerance}.
     */
    ImportTarget open(PrintWriter out, PrintWriter err) {
        Configuration config = ConfigLoader.of(List.of(
                        StreamsConfiguration.BOOTSTRAP_SERVERS,
                        StreamsConfiguration.RETENTION_DAYS,
                        IngestConfiguration.FUTURE_TOLERANCE,
                        KafkaClientProperties.SETTING,
                        MasterKeySettings.MASTER_KEYS_FILE,
                        MasterKeySettings.MASTER_KEYS))
                .file(configFile)
                .load();
        RetentionWindow retention = new RetentionWindow(
                Clock.systemUTC(),
                config.get(StreamsConfiguration.RETENTION_DAYS),
                config.get(IngestConfiguration.FUTURE_TOLERANCE));
        if (dryRun) {
            return ImportTarget.dryRun(out, err, retention);
        }
        String bootstrap = HostPort.commaSeparated(config.get(StreamsConfiguration.BOOTSTRAP_SERVERS));
        // Encrypted like the HTTP API's records: without master keys nothing is written.
        producer = new CanonicalProducer(
                bootstrap, config.get(KafkaClientProperties.SETTING), MasterKeySettings.required(config));
        return ImportTarget.kafka(producer, err, retention);
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
