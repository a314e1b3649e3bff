package org.sleepdelta.streams;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.sleepdelta.avro.SleepSource;
import org.sleepdelta.schemas.ClientKey;

/**
 * Layout of store keys. Every key starts with {@code clinicId/clientId/}; '/' cannot occur in ids, so a
 * client's keys form one contiguous range, and the fixed-width dates and instants after it sort in time
 * order — which turns "nights X to Y" or "sessions around T" into one bounded range scan.
 */
final class StoreKeys {
    /** Sorts after every id character and after '/', so {@code prefix + "~"} closes a range. */
    static final String END = "~";

    private static final DateTimeFormatter INSTANT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private StoreKeys() {}

    static String clientPrefix(ClientKey client) {
        return client + "/";
    }

    static String sleepByNight(ClientKey client, LocalDate night, SleepSource source, String recordId) {
        return clientPrefix(client) + night + "/" + source + "/" + recordId;
    }

    static String nightFrom(ClientKey client, LocalDate night) {
        return clientPrefix(client) + night;
    }

    static String nightTo(ClientKey client, LocalDate night) {
        return clientPrefix(client) + night + "/" + END;
    }

    static LocalDate nightOfSleepKey(String key) {
        return LocalDate.parse(key.split("/", 4)[2]);
    }

    static String sleepIdentity(ClientKey client, SleepSource source, String recordId) {
        return clientPrefix(client) + source + "/" + recordId;
    }

    static String sessionById(ClientKey client, String sessionId) {
        return clientPrefix(client) + sessionId;
    }

    static String sessionByStart(ClientKey client, Instant start, String sessionId) {
        return startFrom(client, start) + "/" + sessionId;
    }

    static String startFrom(ClientKey client, Instant start) {
        return clientPrefix(client) + INSTANT.format(start);
    }

    static ClientKey clientOf(String key) {
        String[] parts = key.split("/", 3);
        return new ClientKey(parts[0], parts[1]);
    }
}
