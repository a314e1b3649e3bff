package org.sleepdelta.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerJarsTest {

    @TempDir
    Path dir;

    @Test
    void classesDirectoriesNeedNoBrokerJars() {
        assertThat(BrokerJars.besideCode(dir)).isEmpty();
    }

    @Test
    void theJarFindsBrokerLibBesideIt() throws IOException {
        Path jar = Files.createFile(dir.resolve("sleepdelta.jar"));
        Path brokerLib = Files.createDirectory(dir.resolve("broker-lib"));
        Files.createFile(brokerLib.resolve("kafka_2.13-4.2.0.jar"));

        assertThat(BrokerJars.besideCode(jar)).contains(brokerLib);
    }

    @Test
    void aJarWithoutBrokerLibSaysWhereItShouldBe() throws IOException {
        Path jar = Files.createFile(dir.resolve("sleepdelta.jar"));

        assertThatThrownBy(() -> BrokerJars.besideCode(jar))
                .isInstanceOf(BrokerJarsMissingException.class)
                .hasMessageStartingWith("demo and replay start a Kafka broker whose jars belong in "
                        + dir.resolve("broker-lib") + ", which is missing or empty.");
    }

    @Test
    void anEmptyBrokerLibCountsAsMissing() throws IOException {
        Path jar = Files.createFile(dir.resolve("sleepdelta.jar"));
        Files.createDirectory(dir.resolve("broker-lib"));

        assertThatThrownBy(() -> BrokerJars.besideCode(jar)).isInstanceOf(BrokerJarsMissingException.class);
    }
}
