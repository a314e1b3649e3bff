package org.sleepdelta.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmTest {

    @TempDir
    Path dir;

    @Test
    void childGetsThisClasspathFollowedByTheExtraEntries() {
        List<String> command = new ChildJvm(List.of("-Xmx32m"), List.of("/opt/broker-lib/*"))
                .command("example.Main", List.of("argument"));

        int classpath = command.indexOf("-cp") + 1;
        assertThat(command.get(classpath))
                .isEqualTo(System.getProperty("java.class.path") + File.pathSeparator + "/opt/broker-lib/*");
        assertThat(command.subList(classpath + 1, command.size())).containsExactly("example.Main", "argument");
        assertThat(command).contains("-Xmx32m");
    }

    @Test
    void withoutExtraEntriesTheClasspathIsThisOne() {
        List<String> command = new ChildJvm(List.of(), List.of()).command("example.Main", List.of());

        assertThat(command.get(command.indexOf("-cp") + 1)).isEqualTo(System.getProperty("java.class.path"));
    }

    @Test
    void brokerJarsMustBeAnExistingDirectory() {
        Path missing = dir.resolve("broker-lib");

        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().brokerJars(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("brokerJars: " + missing + " is not a directory");
    }
}
