package org.sleepdelta.fakes.googlehealth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Sleep data points as the Google Health API writes them (v4 {@code DataPoint} with a {@code sleep} of type
 * {@code STAGES}), for tests and the demo: int64 fields as strings, offsets as protobuf Durations ({@code "3600s"}).
 */
public final class GoogleSleepPoints {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GoogleSleepPoints() {}

    /**
     * A main-sleep night from {@code start} for {@code minutesInBed}: 15 minutes awake before falling asleep, light and
     * deep sleep and REM with one 10-minute awakening, and 10 minutes awake at the end; {@code minutesAsleep} follows
     * from them ({@code minutesInBed - 35}).
     */
    public static ObjectNode night(String id, Instant start, int minutesInBed, ZoneOffset offset) {
        if (minutesInBed < 120) {
            throw new IllegalArgumentException("a night here is at least two hours");
        }
        Instant end = start.plus(Duration.ofMinutes(minutesInBed));
        int asleep = minutesInBed - 35;
        int deep = 60;
        int rem = 30;
        int lightBefore = (asleep - deep - rem) / 2;
        int lightAfter = asleep - deep - rem - lightBefore;
        ObjectNode point = JSON.createObjectNode();
        point.put("name", "users/me/dataTypes/sleep/dataPoints/" + id);
        ObjectNode sleep = point.putObject("sleep");
        ObjectNode interval = sleep.putObject("interval");
        interval.put("startTime", start.toString());
        interval.put("startUtcOffset", offset.getTotalSeconds() + "s");
        interval.put("endTime", end.toString());
        interval.put("endUtcOffset", offset.getTotalSeconds() + "s");
        sleep.put("type", "STAGES");
        ArrayNode stages = sleep.putArray("stages");
        Instant at = start;
        at = stage(stages, at, 15, "AWAKE", offset);
        at = stage(stages, at, lightBefore, "LIGHT", offset);
        at = stage(stages, at, deep, "DEEP", offset);
        at = stage(stages, at, 10, "AWAKE", offset);
        at = stage(stages, at, rem, "REM", offset);
        at = stage(stages, at, lightAfter, "LIGHT", offset);
        stage(stages, at, 10, "AWAKE", offset);
        ObjectNode metadata = sleep.putObject("metadata");
        metadata.put("nap", false);
        metadata.put("processed", true);
        metadata.put("stagesStatus", "SUCCEEDED");
        ObjectNode summary = sleep.putObject("summary");
        summary.put("minutesInSleepPeriod", Integer.toString(minutesInBed));
        summary.put("minutesAfterWakeUp", "0");
        summary.put("minutesToFallAsleep", "0");
        summary.put("minutesAsleep", Integer.toString(asleep));
        summary.put("minutesAwake", "35");
        ArrayNode stagesSummary = summary.putArray("stagesSummary");
        stageSummary(stagesSummary, "AWAKE", 35, 3);
        stageSummary(stagesSummary, "LIGHT", lightBefore + lightAfter, 2);
        stageSummary(stagesSummary, "DEEP", deep, 1);
        stageSummary(stagesSummary, "REM", rem, 1);
        sleep.put("createTime", end.toString());
        sleep.put("updateTime", end.toString());
        return point;
    }

    private static Instant stage(ArrayNode stages, Instant from, int minutes, String type, ZoneOffset offset) {
        Instant to = from.plus(Duration.ofMinutes(minutes));
        ObjectNode stage = stages.addObject();
        stage.put("startTime", from.toString());
        stage.put("startUtcOffset", offset.getTotalSeconds() + "s");
        stage.put("endTime", to.toString());
        stage.put("endUtcOffset", offset.getTotalSeconds() + "s");
        stage.put("type", type);
        return to;
    }

    private static void stageSummary(ArrayNode summaries, String type, int minutes, int count) {
        ObjectNode summary = summaries.addObject();
        summary.put("type", type);
        summary.put("minutes", Integer.toString(minutes));
        summary.put("count", Integer.toString(count));
    }
}
