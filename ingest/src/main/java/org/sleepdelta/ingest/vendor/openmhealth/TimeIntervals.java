package org.sleepdelta.ingest.vendor.openmhealth;

import static org.sleepdelta.ingest.vendor.support.JsonFields.instant;
import static org.sleepdelta.ingest.vendor.support.JsonFields.object;
import static org.sleepdelta.ingest.vendor.support.JsonFields.optional;
import static org.sleepdelta.ingest.vendor.support.JsonFields.path;
import static org.sleepdelta.ingest.vendor.support.JsonFields.required;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import org.sleepdelta.ingest.vendor.support.ItemProblem;
import org.sleepdelta.ingest.vendor.support.TimeSpan;

/**
 * Reads {@code effective_time_frame.time_interval}, which sleep-episode requires. The time-interval schema allows
 * a start and an end, or either of them with a {@code duration}; all three are accepted.
 */
final class TimeIntervals {
    private TimeIntervals() {}

    static TimeSpan read(JsonNode body, String bodyPath) {
        String framePath = path(bodyPath, "effective_time_frame");
        JsonNode frame = object(required(body, bodyPath, "effective_time_frame"), framePath);
        String path = path(framePath, "time_interval");
        JsonNode interval = optional(frame, "time_interval");
        if (interval == null) {
            throw new ItemProblem(path, "is required: a sleep episode is an interval, not a point in time");
        }
        object(interval, path);
        JsonNode startNode = optional(interval, "start_date_time");
        JsonNode endNode = optional(interval, "end_date_time");
        JsonNode durationNode = optional(interval, "duration");
        Instant start = startNode == null ? null : instant(startNode, path(path, "start_date_time"));
        Instant end = endNode == null ? null : instant(endNode, path(path, "end_date_time"));
        if (start == null || end == null) {
            if (durationNode == null || (start == null && end == null)) {
                throw new ItemProblem(path, "needs start_date_time and end_date_time, or one of them with duration");
            }
            Duration duration = DurationUnitValues.read(durationNode, path(path, "duration"));
            start = start != null ? start : end.minus(duration);
            end = end != null ? end : start.plus(duration);
        }
        if (!end.isAfter(start)) {
            throw new ItemProblem(path(path, "end_date_time"), "must be after start_date_time");
        }
        return new TimeSpan(start, end);
    }
}
