package org.sleepdelta.ingest.vendor.openmhealth;

import static org.sleepdelta.ingest.vendor.support.JsonFields.bool;
import static org.sleepdelta.ingest.vendor.support.JsonFields.integer;
import static org.sleepdelta.ingest.vendor.support.JsonFields.optional;
import static org.sleepdelta.ingest.vendor.support.JsonFields.path;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.Vendor;
import org.sleepdelta.ingest.vendor.support.CanonicalRecords;
import org.sleepdelta.ingest.vendor.support.ItemProblem;
import org.sleepdelta.ingest.vendor.support.Minutes;
import org.sleepdelta.ingest.vendor.support.SourceRecordIds;
import org.sleepdelta.ingest.vendor.support.TimeSpan;

/**
 * Maps one sleep-episode body to a canonical record.
 * <p>
 * The schema puts <em>sleep onset</em> at {@code start_date_time} and the <em>final awakening</em> at
 * {@code end_date_time}; latency to sleep onset lies before the interval and latency to arising after it. Our
 * record is bounded by time in bed, so {@code sleepStart = start − latency_to_sleep_onset} and
 * {@code sleepEnd = end + latency_to_arising} (each latency taken as zero when absent, and time in bed then left
 * for the consumer to derive rather than claimed). {@code total_sleep_time} is required, or derived as the interval
 * minus {@code wake_after_sleep_onset} (which the schema defines on exactly that interval). Efficiency percentages
 * are ignored: the pipeline computes its own.
 */
final class SleepEpisodes {
    private static final String HASH_PREFIX = "omh-";

    private SleepEpisodes() {}

    static SleepRecord toRecord(DataPoint point, AdapterContext context) {
        JsonNode body = point.body();
        String at = point.bodyPath();
        TimeSpan onsetToWake = TimeIntervals.read(body, at);
        Duration latency = duration(body, at, "latency_to_sleep_onset");
        Duration arising = duration(body, at, "latency_to_arising");
        Duration waso = duration(body, at, "wake_after_sleep_onset");
        Duration total = duration(body, at, "total_sleep_time");
        if (total == null) {
            if (waso == null) {
                throw new ItemProblem(
                        path(at, "total_sleep_time"),
                        "is required, or wake_after_sleep_onset to derive it from the episode's interval");
            }
            total = onsetToWake.duration().minus(waso);
            if (total.isNegative()) {
                throw new ItemProblem(path(at, "wake_after_sleep_onset"), "must not exceed the episode's interval");
            }
        }
        Instant sleepStart =
                latency == null ? onsetToWake.start() : onsetToWake.start().minus(latency);
        Instant sleepEnd =
                arising == null ? onsetToWake.end() : onsetToWake.end().plus(arising);
        return CanonicalRecords.period(context, Vendor.OPEN_MHEALTH, id(point), sleepStart, sleepEnd)
                .setTotalSleepMinutes(Minutes.of(total))
                .setTimeInBedMinutes(
                        latency != null && arising != null ? Minutes.of(Duration.between(sleepStart, sleepEnd)) : null)
                .setSleepLatencyMinutes(minutes(latency))
                .setWasoMinutes(minutes(waso))
                .setAwakenings(awakenings(body, at))
                .setMainSleep(mainSleep(body, at))
                .setDeepMinutes(minutes(duration(body, at, "deep_sleep_duration")))
                .setRemMinutes(minutes(duration(body, at, "rem_sleep_duration")))
                .setLightMinutes(minutes(duration(body, at, "light_sleep_duration")))
                .build();
    }

    /** {@code header.id} when there is one, otherwise a hash of the whole body: re-sending it is idempotent. */
    private static String id(DataPoint point) {
        return point.headerId() != null
                ? SourceRecordIds.fromVendorId(HASH_PREFIX, point.headerId())
                : SourceRecordIds.hashed(HASH_PREFIX, CanonicalJsonText.of(point.body()));
    }

    private static Duration duration(JsonNode body, String at, String name) {
        JsonNode value = optional(body, name);
        return value == null ? null : DurationUnitValues.read(value, path(at, name));
    }

    private static Integer awakenings(JsonNode body, String at) {
        JsonNode value = optional(body, "number_of_awakenings");
        return value == null ? null : integer(value, path(at, "number_of_awakenings"));
    }

    private static Boolean mainSleep(JsonNode body, String at) {
        JsonNode value = optional(body, "is_main_sleep");
        return value == null ? null : bool(value, path(at, "is_main_sleep"));
    }

    private static Double minutes(Duration duration) {
        return duration == null ? null : Minutes.of(duration);
    }
}
