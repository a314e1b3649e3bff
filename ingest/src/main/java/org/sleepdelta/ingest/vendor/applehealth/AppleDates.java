package org.sleepdelta.ingest.vendor.applehealth;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Apple's export dates: local time with its UTC offset, {@code 2026-03-02 23:10:00 +0100}. */
final class AppleDates {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z", Locale.ROOT);

    static final String EXPECTED = "must be a date such as 2026-03-02 23:10:00 +0100";

    private AppleDates() {}

    /** The instant, or null when the text is absent or not in Apple's format. */
    static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, FORMAT).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
