package org.sleepdelta.ingest.vendor.googlehealth;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.sleepdelta.ingest.vendor.jsonapi.BadItem;
import org.sleepdelta.ingest.vendor.jsonapi.ItemFields;

/**
 * The Google API JSON mapping of protobuf types the generic readers do not know: {@code int64} fields arrive as
 * decimal strings ({@code "420"}), {@code Timestamp} fields as RFC 3339 text.
 */
final class GoogleJson {
    private GoogleJson() {}

    /** An int64 as Google writes it (a string) or as a JSON number; null when absent. */
    static Long optionalInt64(ItemFields fields, String name) {
        JsonNode value = fields.node().get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isTextual()) {
            try {
                return Long.parseLong(value.textValue());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new BadItem(fields.path(name), "must be a whole number (an int64, written as a string like \"420\")");
    }

    static Long requiredInt64(ItemFields fields, String name) {
        Long value = optionalInt64(fields, name);
        if (value == null) {
            throw new BadItem(fields.path(name), "is required");
        }
        return value;
    }

    static Instant requiredTimestamp(ItemFields fields, String name) {
        String text = fields.requiredText(name);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadItem(fields.path(name), "must be an RFC 3339 timestamp, like 2026-03-01T22:10:00Z");
        }
    }

    static ItemFields requiredObject(ItemFields fields, String name) {
        ItemFields object = fields.optionalObject(name);
        if (object == null) {
            throw new BadItem(fields.path(name), "is required");
        }
        return object;
    }
}
