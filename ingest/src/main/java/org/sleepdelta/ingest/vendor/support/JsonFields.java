package org.sleepdelta.ingest.vendor.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads typed fields of one JSON item, throwing {@link ItemProblem} with the field's path when a field is missing or
 * has the wrong shape. Paths are written as the vendor spells them ({@code body.total_sleep_time.unit},
 * {@code stages[2].stage}); reasons say what is expected, never what was found.
 */
public final class JsonFields {
    private JsonFields() {}

    public static String path(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    /** The member, or null when absent or JSON null. */
    public static JsonNode optional(JsonNode object, String name) {
        JsonNode value = object.get(name);
        return value == null || value.isNull() ? null : value;
    }

    public static JsonNode required(JsonNode object, String parentPath, String name) {
        JsonNode value = optional(object, name);
        if (value == null) {
            throw new ItemProblem(path(parentPath, name), "is required");
        }
        return value;
    }

    public static JsonNode object(JsonNode value, String path) {
        if (!value.isObject()) {
            throw new ItemProblem(path, "must be a JSON object");
        }
        return value;
    }

    public static String text(JsonNode value, String path) {
        if (!value.isTextual()) {
            throw new ItemProblem(path, "must be a string");
        }
        return value.textValue();
    }

    public static double number(JsonNode value, String path) {
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            throw new ItemProblem(path, "must be a number");
        }
        return value.doubleValue();
    }

    public static int integer(JsonNode value, String path) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new ItemProblem(path, "must be an integer");
        }
        return value.intValue();
    }

    public static boolean bool(JsonNode value, String path) {
        if (!value.isBoolean()) {
            throw new ItemProblem(path, "must be true or false");
        }
        return value.booleanValue();
    }

    /** An RFC 3339 / ISO-8601 date-time with an offset or {@code Z}, e.g. {@code 2026-03-02T23:10:00+01:00}. */
    public static Instant instant(JsonNode value, String path) {
        String text = text(value, path);
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new ItemProblem(
                    path, "must be an ISO-8601 date-time with an offset or Z, e.g. 2026-03-02T23:10:00+01:00");
        }
    }
}
