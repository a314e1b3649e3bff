package org.sleepdelta.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.stream.Stream;

/** The last lines of a log file, for error messages that must explain a failure without sending people digging. */
final class LogTail {

    private LogTail() {}

    static String lastLines(Path logFile, int maxLines) {
        if (!Files.exists(logFile)) {
            return "(" + logFile + " does not exist)";
        }
        Deque<String> tail = new ArrayDeque<>(maxLines);
        // InputStreamReader replaces undecodable bytes instead of failing: a log cut off mid-character must not
        // hide the rest of the explanation.
        try (Stream<String> lines = new BufferedReader(
                        new InputStreamReader(Files.newInputStream(logFile), StandardCharsets.UTF_8))
                .lines()) {
            lines.forEach(line -> {
                if (tail.size() == maxLines) {
                    tail.removeFirst();
                }
                tail.addLast(line);
            });
        } catch (IOException | UncheckedIOException e) {
            return "(could not read " + logFile + ": " + e.getMessage() + ")";
        }
        return tail.isEmpty() ? "(" + logFile + " is empty)" : String.join(System.lineSeparator(), tail);
    }

    /** Everything written to the file after it had {@code byteOffset} bytes; empty if it cannot be read. */
    static String textAfter(Path logFile, long byteOffset) {
        try (SeekableByteChannel channel = Files.newByteChannel(logFile)) {
            channel.position(byteOffset);
            return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    static long size(Path logFile) {
        try {
            return Files.exists(logFile) ? Files.size(logFile) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
