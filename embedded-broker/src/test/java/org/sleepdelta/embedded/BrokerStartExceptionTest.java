package org.sleepdelta.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerStartExceptionTest {

    @TempDir
    Path dir;

    @Test
    void messageEndsWithTheBrokerLog() throws IOException {
        Path log = Files.writeString(dir.resolve("broker.log"), "ERROR something specific went wrong\n");

        assertThat(BrokerStartException.explainedByLog("Kafka broker exited during startup (exit code 1)", log))
                .hasMessage("Kafka broker exited during startup (exit code 1). Last lines of " + log + ":\n"
                        + "ERROR something specific went wrong");
    }

    @Test
    void missingKafkaClassesGetAHintAboutTheClasspath() throws IOException {
        Path log = Files.writeString(
                dir.resolve("broker.log"), "Error: Could not find or load main class kafka.tools.StorageTool\n");

        assertThat(BrokerStartException.explainedByLog("formatting Kafka storage failed (exit code 1)", log))
                .hasMessageContaining("must list Kafka's jars");
    }
}
