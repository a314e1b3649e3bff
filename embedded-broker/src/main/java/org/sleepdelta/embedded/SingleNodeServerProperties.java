package org.sleepdelta.embedded;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code server.properties} of a combined broker+controller that is the whole cluster, on loopback only.
 *
 * <p>Kafka's defaults assume three or more brokers; every internal topic below is shrunk to one replica (or the
 * coordinator that needs it never becomes available) and to few partitions (each is a log to create at first use).
 */
final class SingleNodeServerProperties {

    /** Keys that decide where the broker listens and stores data; overriding them would break {@code bootstrapServers()}. */
    static final Set<String> MANAGED_KEYS = Set.of(
            "process.roles",
            "node.id",
            "controller.quorum.voters",
            "listeners",
            "advertised.listeners",
            "controller.listener.names",
            "inter.broker.listener.name",
            "listener.security.protocol.map",
            "log.dirs");

    private SingleNodeServerProperties() {}

    static Map<String, String> of(BrokerPorts ports, Path logDir, Map<String, String> overrides) {
        return of(ports, logDir, BrokerSecurity.plaintext(), overrides);
    }

    static Map<String, String> of(
            BrokerPorts ports, Path logDir, BrokerSecurity security, Map<String, String> overrides) {
        Map<String, String> properties = new TreeMap<>();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", "1");
        properties.put("controller.quorum.voters", "1@127.0.0.1:" + ports.controller());
        // Listeners, and for a secured broker TLS, SASL and the authorizer.
        properties.putAll(security.serverProperties(ports));
        properties.put("log.dirs", logDir.toAbsolutePath().toString());

        // Consumer groups (offsets) and exactly-once (transactions) on one node.
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("offsets.topic.num.partitions", "3");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("transaction.state.log.num.partitions", "3");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        properties.put("share.coordinator.state.topic.num.partitions", "1");
        // Nobody else will join: start the first rebalance at once instead of after 3 s.
        properties.put("group.initial.rebalance.delay.ms", "0");

        // Topics exist only when someone creates them on purpose, so a typo fails instead of creating a topic.
        properties.put("auto.create.topics.enable", "false");
        properties.put("num.partitions", "1");
        properties.put("default.replication.factor", "1");
        properties.put("min.insync.replicas", "1");
        // Replays write records with old timestamps: time-based retention would delete them minutes later.
        properties.put("log.retention.ms", "-1");
        // The log cleaner preallocates this buffer on the heap at startup; 128 MB by default is far more than
        // compacted test and demo topics need.
        properties.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));

        properties.putAll(overrides);
        return properties;
    }

    static void write(Map<String, String> properties, Path file) throws IOException {
        // java.util.Properties does the escaping Kafka's reader expects (e.g. backslashes in Windows paths).
        Properties escaped = new Properties();
        escaped.putAll(properties);
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            escaped.store(writer, "Written by EmbeddedKafkaBroker; rewritten on every start");
        }
    }
}
