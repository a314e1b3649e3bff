package org.sleepdelta.ingest.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.sleepdelta.schemas.json.CanonicalJson;

/** Canonical JSON records for tests, dated relative to now so that they pass the ingest rules. */
final class Canonical {
    static final String CLINIC = "clinic-a";

    private Canonical() {}

    /** A night that ended {@code daysAgo} days ago (at the current time of day, truncated to minutes), in UTC. */
    static ObjectNode sleep(String clientId, String sourceRecordId, int daysAgo) {
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(daysAgo, ChronoUnit.DAYS);
        ObjectNode o = CanonicalJson.mapper().createObjectNode();
        o.put("clinicId", CLINIC);
        o.put("clientId", clientId);
        o.put("source", "OURA");
        o.put("sourceRecordId", sourceRecordId);
        o.put("sleepStart", end.minus(8, ChronoUnit.HOURS).toString());
        o.put("sleepEnd", end.toString());
        o.put("timezone", "UTC");
        o.put("totalSleepMinutes", 420);
        return o;
    }

    static ObjectNode session(String clientId, String sessionId, int daysAgo) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(daysAgo, ChronoUnit.DAYS);
        ObjectNode o = CanonicalJson.mapper().createObjectNode();
        o.put("clinicId", CLINIC);
        o.put("clientId", clientId);
        o.put("sessionId", sessionId);
        o.put("modality", "SWEDISH");
        o.put("start", start.toString());
        o.put("durationMinutes", 60);
        o.put("timezone", "UTC");
        return o;
    }

    static ArrayNode array(List<ObjectNode> records) {
        ArrayNode array = CanonicalJson.mapper().createArrayNode();
        records.forEach(array::add);
        return array;
    }

    static String ndjson(List<ObjectNode> records) {
        StringBuilder out = new StringBuilder();
        records.forEach(r -> out.append(CanonicalJson.line(r)).append('\n'));
        return out.toString();
    }
}
