package org.sleepdelta.ingest.vendor.oura;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
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
 * One Oura API v2 {@code sleep} document as canonical values. Durations are seconds. The period is
 * {@code bedtime_start} to {@code bedtime_end} (both with offsets, so the instants are exact); the zone is the
 * caller's, since Oura documents carry no IANA zone.
 *
 * <p>WASO: Oura's {@code awake_time} is every awake second in bed ({@code time_in_bed = total_sleep_duration +
 * awake_time}), so it holds the latency and the time after the final awakening. WASO is {@code awake_time - latency}
 * minus the awake tail after the last sleep epoch of the hypnogram ({@link OuraPhases}; exact to one epoch, 30 s
 * or 5 min); without a hypnogram the tail is unknown and WASO is left out. Awakenings are the hypnogram's
 * asleep-to-awake changes between sleep onset and the last sleep epoch, as for the other stage-based vendors;
 * {@code restless_periods} counts restless periods, not awakenings, so it is never used.
 *
 * <p>{@code lowest_heart_rate} (lowest during the sleep) is the resting heart rate; {@code average_hrv} is RMSSD (Oura
 * computes night-time HRV as rMSSD, averaged over 5-minute samples). {@code long_sleep} is the main sleep;
 * {@code sleep}, {@code late_nap} and {@code rest} are not; {@code deleted} withdraws the document with the same id.
 * Oura's {@code efficiency} and scores are never used.
 */
final class OuraSleepMapper {
    static final String DELETED = "deleted";

    private OuraSleepMapper() {}

    static String sourceRecordId(ItemFields document) {
        return SourceRecordIds.of("oura", document.requiredId("id"));
    }

    static boolean isDeletion(ItemFields document) {
        return DELETED.equals(document.optionalText("type"));
    }

    static RecordDraft map(ItemFields document, AdapterContext context) {
        RecordDraft draft = new RecordDraft();
        draft.sourceRecordId = sourceRecordId(document);
        draft.mainSleep = mainSleep(document.optionalText("type"));
        Instant start = instant(document, "bedtime_start");
        Instant end = instant(document, "bedtime_end");
        draft.sleepStart = start;
        draft.sleepEnd = end;
        draft.timezone = Zones.resolve(null, context, "Oura sleep documents give only UTC offsets");
        draft.totalSleepMinutes = Minutes.ofSeconds(document.requiredWhole("total_sleep_duration"));
        draft.timeInBedMinutes = Minutes.ofSeconds(document.optionalWhole("time_in_bed"));
        Long latency = document.optionalWhole("latency");
        draft.sleepLatencyMinutes = Minutes.ofSeconds(latency);
        Optional<Hypnogram.Summary> hypnogram =
                OuraPhases.summarise(document, Duration.between(start, end).toSeconds());
        draft.wasoMinutes = waso(document, latency, hypnogram);
        draft.awakenings = hypnogram.map(Hypnogram.Summary::awakenings).orElse(null);
        draft.deepMinutes = Minutes.ofSeconds(document.optionalWhole("deep_sleep_duration"));
        draft.remMinutes = Minutes.ofSeconds(document.optionalWhole("rem_sleep_duration"));
        draft.lightMinutes = Minutes.ofSeconds(document.optionalWhole("light_sleep_duration"));
        draft.restingHeartRateBpm = document.optionalNumber("lowest_heart_rate");
        draft.hrvRmssdMs = document.optionalNumber("average_hrv");
        return draft;
    }

    private static Boolean mainSleep(String type) {
        if (type == null) {
            return null;
        }
        switch (type) {
            case "long_sleep":
                return true;
            case "sleep":
            case "late_nap":
            case "rest":
                return false;
            default:
                throw new BadItem("type", "must be one of deleted, sleep, long_sleep, late_nap, rest");
        }
    }

    private static Instant instant(ItemFields document, String name) {
        String text = document.requiredText(name);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadItem(name, "must be a date-time with offset, like 2026-03-02T23:10:30+01:00");
        }
    }

    private static Double waso(ItemFields document, Long latency, Optional<Hypnogram.Summary> hypnogram) {
        Long awake = document.optionalWhole("awake_time");
        if (awake == null || latency == null || hypnogram.isEmpty()) {
            return null;
        }
        // The tail is only as exact as the hypnogram's epoch, so a night with almost no wake can come out
        // slightly below zero: that is no wake, not a negative one.
        long waso = awake - latency - hypnogram.get().afterFinalWakeSeconds();
        return Math.max(0, waso) / 60.0;
    }
}
