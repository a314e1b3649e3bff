package org.sleepdelta.ingest.vendor.fitbit;

import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import org.sleepdelta.ingest.vendor.jsonapi.BadItem;
import org.sleepdelta.ingest.vendor.jsonapi.ItemFields;

/** Fitbit's date-times: the user's local wall-clock time without an offset, e.g. {@code 2026-03-02T23:10:30.000}. */
final class FitbitLocalTimes {
    private FitbitLocalTimes() {}

    static LocalDateTime optional(ItemFields fields, String name) {
        String text = fields.optionalText(name);
        if (text == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadItem(
                    fields.path(name), "must be a local date-time without offset, like 2026-03-02T23:10:30.000");
        }
    }

    static LocalDateTime required(ItemFields fields, String name) {
        LocalDateTime time = optional(fields, name);
        if (time == null) {
            throw new BadItem(fields.path(name), "is required");
        }
        return time;
    }
}
