package org.sleepdelta.schemas.erasure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.sleepdelta.schemas.json.StrictJson;

/** Reading the erasure topics' JSON with errors that name the field. */
final class ErasureJson {
    private ErasureJson() {}

    static JsonNode read(byte[] bytes, String what) {
        if (bytes == null) {
            throw new IllegalArgumentException(what + " has no value");
        }
        JsonNode json;
        try {
            json = StrictJson.mapper().readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    what + " " + StrictJson.problem(e).reasonAt());
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " cannot be read", e);
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object");
        }
        return json;
    }

    static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(field + ": must be a string");
        }
        return value.asText();
    }

    static <E extends Enum<E>> E enumValue(JsonNode json, String field, Class<E> type) {
        String text = text(json, field);
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": unknown value");
        }
    }

    static Instant instant(JsonNode json, String field) {
        try {
            return Instant.parse(text(json, field));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": must be an ISO-8601 instant");
        }
    }
}
