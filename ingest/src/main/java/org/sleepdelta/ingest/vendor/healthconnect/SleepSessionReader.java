package org.sleepdelta.ingest.vendor.healthconnect;

import static org.sleepdelta.ingest.vendor.support.JsonFields.instant;
import static org.sleepdelta.ingest.vendor.support.JsonFields.integer;
import static org.sleepdelta.ingest.vendor.support.JsonFields.object;
import static org.sleepdelta.ingest.vendor.support.JsonFields.optional;
import static org.sleepdelta.ingest.vendor.support.JsonFields.required;
import static org.sleepdelta.ingest.vendor.support.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.sleepdelta.ingest.vendor.support.ItemProblem;
import org.sleepdelta.ingest.vendor.support.TimeSpan;

/**
 * Reads our JSON form of a {@code SleepSessionRecord} (docs/vendors/health-connect-json.md). It never reads
 * {@code title} or {@code notes}: they are free text and stay out of everything we produce.
 */
final class SleepSessionReader {
    private SleepSessionReader() {}

    static SleepSession read(JsonNode item) {
        object(item, "$");
        Instant start = instant(required(item, "", "startTime"), "startTime");
        Instant end = instant(required(item, "", "endTime"), "endTime");
        if (!end.isAfter(start)) {
            throw new ItemProblem("endTime", "must be after startTime");
        }
        zoneOffset(item, "startZoneOffset");
        zoneOffset(item, "endZoneOffset");
        return new SleepSession(id(item), start, end, stages(item));
    }

    private static String id(JsonNode item) {
        JsonNode metadata = optional(item, "metadata");
        if (metadata == null) {
            return null;
        }
        object(metadata, "metadata");
        JsonNode id = optional(metadata, "id");
        if (id == null) {
            return null;
        }
        String text = text(id, "metadata.id");
        if (text.isBlank()) {
            throw new ItemProblem("metadata.id", "must not be blank");
        }
        return text;
    }

    /** Offsets are informational (the canonical zone is the client's IANA zone) but must be well formed. */
    private static void zoneOffset(JsonNode item, String name) {
        JsonNode value = optional(item, name);
        if (value != null) {
            try {
                ZoneOffset.of(text(value, name));
            } catch (DateTimeException e) {
                throw new ItemProblem(name, "must be a UTC offset such as +01:00 or Z");
            }
        }
    }

    private static List<SleepStage> stages(JsonNode item) {
        JsonNode stages = optional(item, "stages");
        if (stages == null) {
            return List.of();
        }
        if (!stages.isArray()) {
            throw new ItemProblem("stages", "must be an array");
        }
        List<SleepStage> out = new ArrayList<>(stages.size());
        for (int i = 0; i < stages.size(); i++) {
            String path = "stages[" + i + "]";
            JsonNode stage = object(stages.get(i), path);
            Instant start = instant(required(stage, path, "startTime"), path + ".startTime");
            Instant end = instant(required(stage, path, "endTime"), path + ".endTime");
            if (end.isBefore(start)) {
                throw new ItemProblem(path + ".endTime", "must not be before the stage's startTime");
            }
            int code = integer(required(stage, path, "stage"), path + ".stage");
            StageType type = StageType.ofCode(code);
            if (type == null) {
                throw new ItemProblem(path + ".stage", "must be a Health Connect stage code from 0 to 7");
            }
            out.add(new SleepStage(new TimeSpan(start, end), type));
        }
        return out;
    }
}
