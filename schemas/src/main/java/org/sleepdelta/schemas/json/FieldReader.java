package org.sleepdelta.schemas.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.sleepdelta.schemas.validation.Violation;

/** Reads typed fields of one JSON object, collecting a violation per bad field instead of stopping at the first. */
final class FieldReader {
    private final JsonNode object;
    private final Set<String> known = new HashSet<>();
    final List<Violation> violations = new ArrayList<>();

    FieldReader(JsonNode object) {
        this.object = object;
    }

    private JsonNode node(String field) {
        known.add(field);
        JsonNode node = object.get(field);
        return node == null || node.isNull() ? null : node;
    }

    String string(String field, boolean required) {
        JsonNode node = node(field);
        if (node == null) {
            return missing(field, required);
        }
        if (!node.isTextual()) {
            return wrong(field, "must be a string");
        }
        return node.textValue();
    }

    Double number(String field, boolean required) {
        JsonNode node = node(field);
        if (node == null) {
            return missing(field, required);
        }
        if (!node.isNumber()) {
            return wrong(field, "must be a number");
        }
        return node.doubleValue();
    }

    Integer integer(String field, boolean required) {
        JsonNode node = node(field);
        if (node == null) {
            return missing(field, required);
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            return wrong(field, "must be a whole number");
        }
        return node.intValue();
    }

    Boolean bool(String field, boolean required) {
        JsonNode node = node(field);
        if (node == null) {
            return missing(field, required);
        }
        if (!node.isBoolean()) {
            return wrong(field, "must be true or false");
        }
        return node.booleanValue();
    }

    Instant instant(String field, boolean required) {
        String text = string(field, required);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return wrong(field, "must be an ISO-8601 timestamp with an offset or Z, e.g. 2026-03-02T23:10:00+01:00");
        }
    }

    <E extends Enum<E>> E enumValue(String field, Class<E> type, boolean required) {
        String text = string(field, required);
        if (text == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException e) {
            return wrong(field, "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    /** Reports fields nobody asked for: a misspelt optional field must not vanish silently. */
    void rejectUnknownFields() {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                violations.add(new Violation(name, "is not a field of this record"));
            }
        }
    }

    private <T> T missing(String field, boolean required) {
        if (required) {
            violations.add(new Violation(field, "is required"));
        }
        return null;
    }

    private <T> T wrong(String field, String reason) {
        violations.add(new Violation(field, reason));
        return null;
    }
}
