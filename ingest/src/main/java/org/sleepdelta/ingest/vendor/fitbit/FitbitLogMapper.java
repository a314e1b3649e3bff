package org.sleepdelta.ingest.vendor.fitbit;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
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
 * One Fitbit Web API v1.2 sleep log as canonical values.
 *
 * <p>Times: {@code startTime} is local time without offset, placed in the caller's zone (required); the end is the
 * start plus {@code duration} (milliseconds), which keeps the period equal to Fitbit's own {@code timeInBed} even on
 * a night the clocks change, or {@code endTime} placed in the zone when there is no duration.
 *
 * <p>Latency, WASO and awakenings come from the log's own segments ({@link FitbitLevels}) when it has them. Fitbit
 * documents {@code minutesAwake} as excluding the time before falling asleep and after waking up, but its stages logs
 * count the wake segments at the start and the end of the period in {@code minutesAwake} (and in
 * {@code levels.summary.wake}), with {@code minutesToFallAsleep} 0, so the summary fields would put the latency and
 * the final wake into WASO. Without segments: latency is {@code minutesToFallAsleep}, and WASO is
 * {@code minutesAwake} only when the log satisfies Fitbit's documented identity
 * {@code timeInBed = minutesToFallAsleep + minutesAsleep + minutesAwake + minutesAfterWakeup}; otherwise WASO and
 * awakenings are left out.
 *
 * <p>Stage minutes come from {@code levels.summary} of {@code stages} logs only ({@code classic} logs have no stages).
 * Fitbit's {@code efficiency} and {@code dateOfSleep} are never used; sleep logs carry no heart rate.
 */
final class FitbitLogMapper {
    private static final String NO_OFFSET = "Fitbit sleep logs give local times without an offset";

    private FitbitLogMapper() {}

    static RecordDraft map(ItemFields log, AdapterContext context) {
        String logId = log.requiredId("logId");
        FitbitPending.reject(log.optionalObject("meta"));
        String type = type(log);
        ZoneId zone = Zones.required(context, NO_OFFSET);
        LocalDateTime startLocal = FitbitLocalTimes.required(log, "startTime");
        Instant start = startLocal.atZone(zone).toInstant();
        Instant end = end(log, start, zone);

        RecordDraft draft = new RecordDraft();
        draft.sourceRecordId = SourceRecordIds.of("fitbit", logId);
        draft.sleepStart = start;
        draft.sleepEnd = end;
        draft.timezone = zone.getId();
        draft.mainSleep = log.optionalBoolean("isMainSleep");
        draft.totalSleepMinutes = Minutes.of(log.requiredWhole("minutesAsleep"));
        draft.timeInBedMinutes = Minutes.of(log.optionalWhole("timeInBed"));

        ItemFields levels = log.optionalObject("levels");
        if ("stages".equals(type)) {
            stageMinutes(draft, levels == null ? null : levels.optionalObject("summary"));
        }
        long periodSeconds = Duration.between(start, end).toSeconds();
        Optional<Hypnogram.Summary> segments = FitbitLevels.summarise(levels, start, zone, periodSeconds);
        if (segments.isPresent()) {
            Hypnogram.Summary summary = segments.get();
            draft.sleepLatencyMinutes = summary.latencySeconds() / 60.0;
            draft.wasoMinutes = summary.wasoSeconds() / 60.0;
            draft.awakenings = summary.awakenings();
        } else {
            fromSummaryFields(draft, log);
        }
        return draft;
    }

    private static String type(ItemFields log) {
        String type = log.optionalText("type");
        if (type != null && !type.equals("stages") && !type.equals("classic")) {
            throw new BadItem("type", "must be stages or classic");
        }
        return type;
    }

    private static Instant end(ItemFields log, Instant start, ZoneId zone) {
        Long durationMillis = log.optionalWhole("duration");
        if (durationMillis != null) {
            return start.plusMillis(durationMillis);
        }
        LocalDateTime endLocal = FitbitLocalTimes.optional(log, "endTime");
        if (endLocal == null) {
            throw new BadItem("endTime", "is required when duration is absent");
        }
        return endLocal.atZone(zone).toInstant();
    }

    private static void stageMinutes(RecordDraft draft, ItemFields summary) {
        if (summary == null) {
            return;
        }
        draft.deepMinutes = stage(summary, "deep");
        draft.remMinutes = stage(summary, "rem");
        draft.lightMinutes = stage(summary, "light");
    }

    private static Double stage(ItemFields summary, String level) {
        ItemFields stage = summary.optionalObject(level);
        return stage == null ? null : Minutes.of(stage.optionalWhole("minutes"));
    }

    private static void fromSummaryFields(RecordDraft draft, ItemFields log) {
        Long toFallAsleep = log.optionalWhole("minutesToFallAsleep");
        Long asleep = log.optionalWhole("minutesAsleep");
        Long awake = log.optionalWhole("minutesAwake");
        Long afterWakeup = log.optionalWhole("minutesAfterWakeup");
        Long inBed = log.optionalWhole("timeInBed");
        draft.sleepLatencyMinutes = Minutes.of(toFallAsleep);
        boolean identityHolds = toFallAsleep != null
                && asleep != null
                && awake != null
                && afterWakeup != null
                && inBed != null
                && inBed == toFallAsleep + asleep + awake + afterWakeup;
        draft.wasoMinutes = identityHolds ? Minutes.of(awake) : null;
    }
}
