package org.sleepdelta.ingest.vendor.withings;

import java.time.Instant;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.jsonapi.BadItem;
import org.sleepdelta.ingest.vendor.jsonapi.ItemFields;
import org.sleepdelta.ingest.vendor.jsonapi.Minutes;
import org.sleepdelta.ingest.vendor.jsonapi.RecordDraft;
import org.sleepdelta.ingest.vendor.jsonapi.SourceRecordIds;
import org.sleepdelta.ingest.vendor.jsonapi.Zones;

/**
 * One item of Withings' {@code v2/sleep?action=getsummary} series as canonical values. The period is
 * {@code startdate}..{@code enddate} (epoch seconds); the zone is the item's own {@code timezone}, else the caller's.
 * Durations in {@code data} are seconds.
 *
 * <p>Withings documents {@code waso} as time awake in bed after falling asleep for the first time, so it already
 * excludes {@code sleep_latency}; the time in bed after the final awakening is reported separately as
 * {@code wakeup_latency}. {@code wakeupcount} (times woken while in bed, getting out of bed not counted) is the number
 * of awakenings. {@code hr_min}, the lowest heart rate of the night, is the resting heart rate; the summary has no
 * RMSSD. Total sleep is {@code total_sleep_time} (light + deep + REM), or {@code asleepduration} for nights that
 * come from an external source without stages. {@code sleep_efficiency} and {@code sleep_score} are never used.
 */
final class WithingsSeriesMapper {
    private WithingsSeriesMapper() {}

    static RecordDraft map(ItemFields item, String id, AdapterContext context) {
        long start = item.requiredWhole("startdate");
        long end = item.requiredWhole("enddate");
        ItemFields data = item.optionalObject("data");
        if (data == null) {
            throw new BadItem("data", "is required");
        }
        Long total = data.optionalWhole("total_sleep_time");
        if (total == null) {
            total = data.optionalWhole("asleepduration");
        }
        if (total == null) {
            throw new BadItem(data.path("total_sleep_time"), "is required (request it with data_fields)");
        }

        RecordDraft draft = new RecordDraft();
        draft.sourceRecordId = SourceRecordIds.of("withings", id);
        draft.sleepStart = Instant.ofEpochSecond(start);
        draft.sleepEnd = Instant.ofEpochSecond(end);
        draft.timezone = Zones.resolve(item.optionalText("timezone"), context, "this Withings item has no timezone");
        draft.totalSleepMinutes = Minutes.ofSeconds(total);
        draft.timeInBedMinutes = Minutes.ofSeconds(data.optionalWhole("total_timeinbed"));
        draft.sleepLatencyMinutes = Minutes.ofSeconds(data.optionalWhole("sleep_latency"));
        draft.wasoMinutes = Minutes.ofSeconds(data.optionalWhole("waso"));
        draft.awakenings = count(data, "wakeupcount");
        draft.deepMinutes = Minutes.ofSeconds(data.optionalWhole("deepsleepduration"));
        draft.lightMinutes = Minutes.ofSeconds(data.optionalWhole("lightsleepduration"));
        draft.remMinutes = Minutes.ofSeconds(data.optionalWhole("remsleepduration"));
        draft.restingHeartRateBpm = data.optionalNumber("hr_min");
        return draft;
    }

    private static Integer count(ItemFields data, String name) {
        Long count = data.optionalWhole(name);
        if (count == null) {
            return null;
        }
        if (count < Integer.MIN_VALUE || count > Integer.MAX_VALUE) {
            throw new BadItem(data.path(name), "must be a count from 0 to 200");
        }
        return count.intValue();
    }
}
