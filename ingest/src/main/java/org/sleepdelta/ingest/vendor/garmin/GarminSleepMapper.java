package org.sleepdelta.ingest.vendor.garmin;

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
 * One Garmin Health API sleep summary as canonical values.
 *
 * <p>{@code durationInSeconds} is the whole sleep window from {@code startTimeInSeconds} (Garmin's example has
 * duration = deep + light + REM + awake), so it is the time in bed and bounds the period; total sleep is
 * deep + light + REM ({@code unmeasurable} and {@code awake} time are not sleep). {@code awakeDurationInSeconds} is all
 * awake time in the window, latency and final wake included, so it is not WASO: latency, WASO and awakenings come
 * from {@code sleepLevelsMap} when present and are left out otherwise. Garmin gives no main-sleep flag, heart rate
 * or HRV in this summary.
 */
final class GarminSleepMapper {
    private GarminSleepMapper() {}

    static String summaryId(ItemFields summary) {
        if (!summary.has("summaryId") && summary.has("callbackURL")) {
            throw new BadItem(
                    "callbackURL",
                    "marks a ping notification, which carries no summary: "
                            + "fetch the callbackURL and send the summaries it returns");
        }
        return summary.requiredId("summaryId");
    }

    static RecordDraft map(ItemFields summary, String summaryId, AdapterContext context) {
        if ("OFF_WRIST".equals(summary.optionalText("validation"))) {
            throw new BadItem("validation", "is OFF_WRIST: the device was not worn, so no sleep was measured");
        }
        long start = summary.requiredWhole("startTimeInSeconds");
        long duration = summary.requiredWhole("durationInSeconds");
        Long deep = summary.optionalWhole("deepSleepDurationInSeconds");
        Long light = summary.optionalWhole("lightSleepDurationInSeconds");
        Long rem = summary.optionalWhole("remSleepInSeconds");
        if (deep == null && light == null && rem == null) {
            throw new BadItem(
                    null,
                    "has none of deepSleepDurationInSeconds, lightSleepDurationInSeconds and "
                            + "remSleepInSeconds, whose sum is the total sleep");
        }

        RecordDraft draft = new RecordDraft();
        draft.sourceRecordId = SourceRecordIds.of("garmin", summaryId);
        draft.sleepStart = Instant.ofEpochSecond(start);
        draft.sleepEnd = Instant.ofEpochSecond(start + duration);
        draft.timezone = Zones.resolve(null, context, "Garmin sleep summaries give only a UTC offset");
        draft.totalSleepMinutes = (orZero(deep) + orZero(light) + orZero(rem)) / 60.0;
        draft.timeInBedMinutes = duration / 60.0;
        draft.deepMinutes = Minutes.ofSeconds(deep);
        draft.lightMinutes = Minutes.ofSeconds(light);
        draft.remMinutes = Minutes.ofSeconds(rem);
        Optional<Hypnogram.Summary> levels =
                GarminLevels.summarise(summary.optionalObject("sleepLevelsMap"), start, duration);
        levels.ifPresent(l -> {
            draft.sleepLatencyMinutes = l.latencySeconds() / 60.0;
            draft.wasoMinutes = l.wasoSeconds() / 60.0;
            draft.awakenings = l.awakenings();
        });
        return draft;
    }

    private static long orZero(Long seconds) {
        return seconds == null ? 0 : seconds;
    }
}
