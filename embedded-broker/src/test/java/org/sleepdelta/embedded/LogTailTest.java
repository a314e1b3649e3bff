package org.sleepdelta.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

    @TempDir
    Path dir;

    @Test
    void keepsOnlyTheLastLines() throws IOException {
        Path log = Files.writeString(
                dir.resolve("broker.log"),
                IntStream.rangeClosed(1, 100).mapToObj(i -> "line " + i).collect(Collectors.joining("\n")));

        assertThat(LogTail.lastLines(log, 3).lines()).containsExactly("line 98", "line 99", "line 100");
    }

    @Test
    void survivesBytesThatAreNotUtf8() throws IOException {
        Path log = Files.write(dir.resolve("broker.log"), new byte[] {'o', 'k', '\n', (byte) 0xC3});

        assertThat(LogTail.lastLines(log, 5)).startsWith("ok");
    }

    @Test
    void saysSoWhenThereIsNoLog() {
        assertThat(LogTail.lastLines(dir.resolve("missing.log"), 5)).contains("does not exist");
    }

    @Test
    void textAfterAnOffsetIsWhatWasAppendedSince() throws IOException {
        Path log = Files.writeString(dir.resolve("broker.log"), "first run\n");
        long offset = LogTail.size(log);
        Files.writeString(log, "first run\nsecond run\n");

        assertThat(LogTail.textAfter(log, offset)).isEqualTo("second run\n");
    }
}
