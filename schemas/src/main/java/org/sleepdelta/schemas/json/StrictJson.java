package org.sleepdelta.schemas.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place where JSON from outside (canonical records, vendor payloads, replay files) is read: every
 * {@link ObjectMapper} and parser that reads untrusted input comes from here, so all of them refuse a key that appears
 * twice in one object (the contract would judge one value while a rejection kept both) and all share the limits
 * below. {@link #problem} says what was wrong in the client's terms, without quoting the input.
 */
public final class StrictJson {
    /** Deepest nesting of arrays and objects: 64. Canonical records are flat; vendor payloads nest at most 6 deep. */
    public static final int MAX_NESTING_DEPTH = 64;

    /** Longest number, in characters: 100. A double needs at most 24; a 100,000-digit number is refused unparsed. */
    public static final int MAX_NUMBER_CHARS = 100;

    /** Longest string value, in characters: 1 MiB. Ours are ids, times and zones; vendors' are no longer. */
    public static final int MAX_STRING_CHARS = 1 << 20;

    /** Longest key, in characters: 1,024. */
    public static final int MAX_KEY_CHARS = 1024;

    public static final String DUPLICATE_KEY = "is a duplicate key: each key may appear only once in an object";

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Callers that open a stream close it themselves (a vendor payload is read inside a request).
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxNumberLength(MAX_NUMBER_CHARS)
                    .maxStringLength(MAX_STRING_CHARS)
                    .maxNameLength(MAX_KEY_CHARS)
                    .build())
            .build();

    private static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY).build();

    private StrictJson() {}

    /** Reads strictly (duplicate keys, limits); writes as any mapper does. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * What made reading fail.
     *
     * @param path   the duplicate key's path ({@code clinicId}, {@code a.b[2].c}, {@code $[3].id}), else {@code $}
     * @param reason what is wrong, to follow the path or "the body"/"the payload": "is a duplicate key: …",
     *               "nests arrays and objects more than 64 deep", "is not well-formed JSON"
     * @param line   where the parser stopped (from 1), or -1
     * @param column where the parser stopped (from 1), or -1
     */
    public record Problem(String path, String reason, int line, int column) {
        public boolean duplicateKey() {
            return DUPLICATE_KEY.equals(reason);
        }

        /** The reason followed by the position, e.g. "is not well-formed JSON (line 1, column 7)". */
        public String reasonAt() {
            return line > 0 ? reason + " (line " + line + ", column " + column + ")" : reason;
        }
    }

    /**
     * The problem behind a failure of a parser from this class. Jackson's own messages quote the input (client
     * data), so they are never passed on; its limit messages quote only lengths but name Jackson's settings.
     */
    public static Problem problem(JsonProcessingException failure) {
        JsonLocation at = failure.getLocation();
        int line = at == null ? -1 : at.getLineNr();
        int column = at == null ? -1 : at.getColumnNr();
        String message = String.valueOf(failure.getOriginalMessage());
        if (message.startsWith("Duplicate field '")) {
            return new Problem(duplicatePath(failure), DUPLICATE_KEY, line, column);
        }
        return new Problem("$", reason(failure, message), line, column);
    }

    private static String reason(JsonProcessingException failure, String message) {
        if (failure instanceof StreamConstraintsException) {
            if (message.startsWith("Document nesting depth")) {
                return "nests arrays and objects more than " + MAX_NESTING_DEPTH + " deep";
            } else if (message.startsWith("Number value length")) {
                return "has a number longer than " + MAX_NUMBER_CHARS + " characters";
            } else if (message.startsWith("String value length")) {
                return "has a string longer than " + MAX_STRING_CHARS + " characters";
            } else if (message.startsWith("Name length")) {
                return "has a key longer than " + MAX_KEY_CHARS + " characters";
            }
            return "exceeds a limit of the JSON reader";
        }
        if (message.startsWith("Non-standard token 'NaN'")
                || message.startsWith("Non-standard token 'Infinity'")
                || message.startsWith("Non-standard token '-Infinity'")
                || message.startsWith("Non-standard token '+Infinity'")) {
            return "has NaN or Infinity, which JSON does not allow: numbers must be finite";
        }
        return "is not well-formed JSON";
    }

    /** The path of the duplicate key ({@code clinicId}, {@code a.b[2].c}, {@code $[3].id}), from the parser. */
    private static String duplicatePath(JsonProcessingException failure) {
        if (!(failure.getProcessor() instanceof JsonParser parser)) {
            return "$";
        }
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = parser.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            parts.add(0, c.inArray() ? "[" + c.getCurrentIndex() + "]" : "." + c.getCurrentName());
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path.isEmpty() ? "$" : "$" + path;
    }
}
