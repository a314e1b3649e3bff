package org.sleepdelta.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleNodeServerPropertiesTest {

    @TempDir
    Path dir;

    @Test
    void listensOnLoopbackPortsAndIsItsOwnControllerQuorum() {
        Map<String, String> properties =
                SingleNodeServerProperties.of(new BrokerPorts(9092, 9093, 9094), dir, Map.of());

        assertThat(properties)
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9092")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:9093")
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("log.dirs", dir.toAbsolutePath().toString())
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("auto.create.topics.enable", "false");
    }

    @Test
    void callerOverridesWin() {
        Map<String, String> properties = SingleNodeServerProperties.of(
                new BrokerPorts(9092, 9093, 9094),
                dir,
                Map.of("auto.create.topics.enable", "true", "log.retention.ms", "60000"));

        assertThat(properties)
                .containsEntry("auto.create.topics.enable", "true")
                .containsEntry("log.retention.ms", "60000");
    }

    @Test
    void writtenFileReadsBackIdenticallyEvenWithBackslashes() throws IOException {
        Map<String, String> properties = Map.of("log.dirs", "C:\\kafka\\logs", "listeners", "PLAINTEXT://127.0.0.1:1");
        Path file = dir.resolve("server.properties");

        SingleNodeServerProperties.write(properties, file);

        Properties read = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            read.load(reader);
        }
        assertThat(read).containsExactlyInAnyOrderEntriesOf(properties);
    }

    @Test
    void listenerAndStorageSettingsCannotBeOverridden() {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().brokerProperty("listeners", "PLAINTEXT://0.0.0.0:9092"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'listeners' is managed by EmbeddedKafkaBroker");
    }
}
