package org.sleepdelta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --print-config of a service shows its kafka.* properties with passwords and keys masked; bad ones stop it. */
class PrintConfigKafkaPropertiesTest {
    @TempDir
    Path dir;

    @Test
    void secretsAreMaskedAndTheRestShown() throws Exception {
        Path config = Files.writeString(dir.resolve("sink.properties"), """
                kafka.security.protocol=SSL
                kafka.ssl.keystore.location=/etc/sleepdelta/sink.p12
                kafka.ssl.keystore.password=keystore-secret
                kafka.ssl.key.password=key-secret
                kafka.consumer.fetch.max.wait.ms=200
                """);

        CliRun run = CliRun.of("sink", "--config", config.toString(), "--print-config");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains(
                        "kafka.security.protocol",
                        "SSL",
                        "/etc/sleepdelta/sink.p12",
                        "kafka.consumer.fetch.max.wait.ms")
                .containsPattern("kafka\\.ssl\\.keystore\\.password += <secret> ")
                .doesNotContain("keystore-secret", "key-secret");
    }

    @Test
    void aReservedOrMisspelledPropertyStopsTheServiceWithAReadableMessage() throws Exception {
        Path config = Files.writeString(
                dir.resolve("streams.properties"), "kafka.bootstrap.servers=b:9092\nkafka.securty.protocol=SSL\n");

        CliRun run = CliRun.of("streams", "--config", config.toString(), "--print-config");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("kafka.bootstrap.servers (in file ")
                .contains("set bootstrap-servers instead")
                .contains("did you mean kafka.security.protocol?");
    }
}
