package org.sleepdelta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.cli.run.PreferredPort;

/** An operator starting the sink against a database that never comes gets one readable line and exit status 1. */
class SinkCommandIT {
    @Test
    void aDatabaseThatNeverAnswersEndsTheSinkWithOneReadableMessage(@TempDir Path dir) throws Exception {
        int closedPort = PreferredPort.anyFree();
        Path config = Files.writeString(
                dir.resolve("sink.properties"),
                String.join(
                        "\n",
                        "jdbc-url=jdbc:postgresql://127.0.0.1:" + closedPort + "/sleepdelta",
                        "jdbc-user=sleepdelta_sink",
                        "jdbc-password=not-to-be-printed",
                        "database-wait=2s",
                        "metrics-port=0",
                        ""));

        CliRun run = CliRun.of("sink", "--config", config.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err())
                .contains("sleepdelta sink: the dashboard database at", "did not accept a connection within")
                .doesNotContain("not-to-be-printed")
                .doesNotContain("\tat ");
    }
}
