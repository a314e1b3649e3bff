package org.sleepdelta.schemas;

import java.util.Objects;

/**
 * Key of the input topics: one client within one clinic, written as {@code clinicId/clientId}.
 * The separator cannot occur in ids ({@link Ids#PATTERN}), so the text form is unambiguous and
 * records of one client always land in the same partition of every input topic.
 */
public record ClientKey(String clinicId, String clientId) {
    public ClientKey {
        Ids.require("clinicId", clinicId);
        Ids.require("clientId", clientId);
    }

    public static ClientKey parse(String text) {
        Objects.requireNonNull(text, "key");
        String[] parts = text.split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("client key must be clinicId/clientId, got " + parts.length + " parts");
        }
        return new ClientKey(parts[0], parts[1]);
    }

    @Override
    public String toString() {
        return clinicId + "/" + clientId;
    }
}
