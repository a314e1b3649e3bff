package org.sleepdelta.cli.imports;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Counts a file's non-blank lines up front, so a long import can show how far it has come. */
final class LineCounts {
    private LineCounts() {}

    static long dataLines(Path file, boolean hasHeader) throws IOException {
        long count = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    count++;
                }
            }
        }
        return hasHeader ? Math.max(0, count - 1) : count;
    }
}
