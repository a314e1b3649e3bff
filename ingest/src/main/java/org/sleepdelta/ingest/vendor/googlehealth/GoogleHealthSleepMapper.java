package org.sleepdelta.ingest.vendor.googlehealth;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.jsonapi.BadItem;
import org.sleepdelta.ingest.vendor.jsonapi.Hypnogram;
import org.sleepdelta.ingest.vendor.jsonapi.ItemFields;
import org.sleepdelta.ingest.vendor.jsonapi.Minutes;
import org.sleepdelta.ingest.vendor.jsonapi.RecordDraft;
import org.sleepdelta.ingest.vendor.jsonapi.SourceRecordIds;
import org.sleepdelta.ingest.vendor.jsonapi.Zones;

/**
 * One Google Health API {@code sleep} data point as canonical values.
 *
 * <p>Identity: the data point's resource {@code name} ends in its id ({@code users/{user}/dataTypes/sleep/dataPoints/
 * {id}}); the record is {@code google-health:<id>}, so a re-scored sleep (same name, new content) replaces the earlier
 * record. The user segment is not part of the id: the same point reads as {@code users/me/...} or with the numeric
 * user id.
 *
 * <p>Times: {@code interval.startTime}/{@code endTime} are exact instants; Google gives only UTC offsets, not an IANA
 * zone, so the caller's zone is required, as for Oura.
 *
 * <p>Latency, WASO and awakenings come from the stage segments ({@link GoogleHealthStages}) when there are any: the
 * summary's {@code minutesAwake} is "the sum of all AWAKE stages", which includes the wake before sleep onset and after
 * the final awakening. Without segments: latency is {@code minutesToFallAsleep}, and WASO is {@code minutesAwake} only
 * when {@code minutesInSleepPeriod = minutesToFallAsleep + minutesAsleep + minutesAwake + minutesAfterWakeUp} holds.
 *
 * <p>{@code metadata.nap} true is a nap and false the main sleep (Google has no separate main-sleep flag). A sleep
 * whose {@code metadata.processed} is false is still being scored and is skipped with a problem: it is read again,
 * processed, by a later pull. Stage minutes come from {@code summary.stagesSummary} of {@code STAGES} sleeps only.
 */
final class GoogleHealthSleepMapper {
    private static final String ONLY_OFFSETS = "Google Health sleep gives only UTC offsets";
    private static final String NAME_PREFIX = "/dataTypes/sleep/dataPoints/";

    private GoogleHealthSleepMapper() {}

    static RecordDraft map(ItemFields point, AdapterContext context) {
        String id = id(point);
        ItemFields sleep = GoogleJson.requiredObject(point, "sleep");
        ItemFields metadata = sleep.optionalObject("metadata");
        rejectUnprocessed(metadata);
        String type = type(sleep);
        ItemFields interval = GoogleJson.requiredObject(sleep, "interval");
        Instant start = GoogleJson.requiredTimestamp(interval, "startTime");
        Instant end = GoogleJson.requiredTimestamp(interval, "endTime");
        ItemFields summary = GoogleJson.requiredObject(sleep, "summary");

        RecordDraft draft = new RecordDraft();
        draft.sourceRecordId = SourceRecordIds.of("google-health", id);
        draft.sleepStart = start;
        draft.sleepEnd = end;
        draft.timezone = Zones.resolve(null, context, ONLY_OFFSETS);
        Boolean nap = metadata == null ? null : metadata.optionalBoolean("nap");
        draft.mainSleep = nap == null ? null : !nap;
        draft.totalSleepMinutes = Minutes.of(GoogleJson.requiredInt64(summary, "minutesAsleep"));
        draft.timeInBedMinutes = Minutes.of(GoogleJson.optionalInt64(summary, "minutesInSleepPeriod"));
        if ("STAGES".equals(type)) {
            stageMinutes(draft, summary);
        }
        long periodSeconds = Duration.between(start, end).toSeconds();
        Optional<Hypnogram.Summary> segments = GoogleHealthStages.summarise(sleep, start, periodSeconds);
        if (segments.isPresent()) {
            draft.sleepLatencyMinutes = segments.get().latencySeconds() / 60.0;
            draft.wasoMinutes = segments.get().wasoSeconds() / 60.0;
            draft.awakenings = segments.get().awakenings();
        } else {
            fromSummaryFields(draft, summary);
        }
        return draft;
    }

    private static String id(ItemFields point) {
        String name = point.requiredText("name");
        int at = name.lastIndexOf(NAME_PREFIX);
        String id = at < 0 ? "" : name.substring(at + NAME_PREFIX.length());
        if (!name.startsWith("users/") || id.isBlank() || id.contains("/")) {
            throw new BadItem("name", "must be a sleep data point name, users/{user}/dataTypes/sleep/dataPoints/{id}");
        }
        return id;
    }

    private static void rejectUnprocessed(ItemFields metadata) {
        if (metadata != null && Boolean.FALSE.equals(metadata.optionalBoolean("processed"))) {
            throw new BadItem(
                    metadata.path("processed"),
                    "is false: Google is still scoring this sleep; a later pull reads it once processed");
        }
    }

    private static String type(ItemFields sleep) {
        String type = sleep.optionalText("type");
        if (type != null
                && !type.equals("STAGES")
                && !type.equals("CLASSIC")
                && !type.equals("SLEEP_TYPE_UNSPECIFIED")) {
            throw new BadItem(sleep.path("type"), "must be STAGES, CLASSIC or SLEEP_TYPE_UNSPECIFIED");
        }
        return type;
    }

    private static void stageMinutes(RecordDraft draft, ItemFields summary) {
        for (ItemFields stage : summary.optionalObjects("stagesSummary")) {
            Double minutes = Minutes.of(GoogleJson.optionalInt64(stage, "minutes"));
            switch (stage.requiredText("type")) {
                case "DEEP" -> draft.deepMinutes = minutes;
                case "REM" -> draft.remMinutes = minutes;
                case "LIGHT" -> draft.lightMinutes = minutes;
                default -> {} // AWAKE and the classic types are not stage minutes
            }
        }
    }

    private static void fromSummaryFields(RecordDraft draft, ItemFields summary) {
        Long toFallAsleep = GoogleJson.optionalInt64(summary, "minutesToFallAsleep");
        Long asleep = GoogleJson.optionalInt64(summary, "minutesAsleep");
        Long awake = GoogleJson.optionalInt64(summary, "minutesAwake");
        Long afterWakeUp = GoogleJson.optionalInt64(summary, "minutesAfterWakeUp");
        Long inPeriod = GoogleJson.optionalInt64(summary, "minutesInSleepPeriod");
        draft.sleepLatencyMinutes = Minutes.of(toFallAsleep);
        boolean identityHolds = toFallAsleep != null
                && asleep != null
                && awake != null
                && afterWakeUp != null
                && inPeriod != null
                && inPeriod == toFallAsleep + asleep + awake + afterWakeUp;
        draft.wasoMinutes = identityHolds ? Minutes.of(awake) : null;
    }
}
