package org.sleepdelta.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExitWhenStdinClosesTest {

    @TempDir
    Path dir;

    @Test
    void childJvmExitsNormallyOnceItsStdinCloses() throws IOException {
        Path log = dir.resolve("child.log");
        Process child =
                new ChildJvm(List.of("-Xmx32m"), List.of()).start(log, WaitForeverMain.class.getName(), List.of());
        try {
            await("child to start")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> Files.exists(log) && Files.readString(log).contains("waiting"));
            assertThat(child.isAlive()).isTrue();

            // What the operating system does when the parent JVM dies, however it dies.
            child.getOutputStream().close();

            await("child to exit").atMost(Duration.ofSeconds(30)).until(() -> !child.isAlive());
            assertThat(child.exitValue()).isZero();
        } finally {
            child.destroyForcibly();
        }
    }
}
