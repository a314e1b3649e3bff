package org.sleepdelta.dashboard.sink;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import org.sleepdelta.schemas.ClientKey;

/** Key of the nightly-sleep topic: {@code clinicId/clientId/yyyy-MM-dd}. */
record NightKey(String clinicId, String clientId, LocalDate night) {
    NightKey {
        new ClientKey(clinicId, clientId); // checks both ids
        Objects.requireNonNull(night, "night");
    }

    /** @throws IllegalArgumentException if the text is not such a key */
    static NightKey parse(String text) {
        Objects.requireNonNull(text, "key");
        String[] parts = text.split("/", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException(
                    "night key must be clinicId/clientId/yyyy-MM-dd, got " + parts.length + " parts");
        }
        if (parts[2].length() != 10) {
            throw new IllegalArgumentException("night must be written yyyy-MM-dd");
        }
        try {
            return new NightKey(parts[0], parts[1], LocalDate.parse(parts[2]));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("night must be a date written yyyy-MM-dd", e);
        }
    }

    @Override
    public String toString() {
        return clinicId + "/" + clientId + "/" + night;
    }
}
