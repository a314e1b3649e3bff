package org.sleepdelta.schemas.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.sleepdelta.schemas.validation.Violation;

/**
 * Reads a JSON Lines file of canonical records one line at a time (files of any size), handing each valid
 * record to {@code onRecord} and each bad line, with its 1-based line number and reasons, to {@code onBadLine}.
 * A bad line never stops the file; blank lines are skipped.
 */
public final class JsonLines {
    public interface BadLineHandler {
        void badLine(Path file, long line, String text, List<Violation> violations);
    }

    public interface RecordHandler<T> {
        void record(Path file, long line, T record);
    }

    private JsonLines() {}

    /** @return the number of non-blank lines read */
    public static <T> long read(
            Path file, Function<JsonNode, Parsed<T>> parser, RecordHandler<T> onRecord, BadLineHandler onBadLine)
            throws IOException {
        long count = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long lineNumber = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                count++;
                Parsed<T> parsed;
                try {
                    parsed = parser.apply(CanonicalJson.MAPPER.readTree(line));
                } catch (JsonProcessingException e) {
                    parsed = CanonicalJson.unreadable(e);
                }
                if (parsed.isValid()) {
                    onRecord.record(file, lineNumber, parsed.value());
                } else {
                    onBadLine.badLine(file, lineNumber, line, parsed.violations());
                }
            }
        }
        return count;
    }
}
