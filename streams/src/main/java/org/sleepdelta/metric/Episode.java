package org.sleepdelta.metric;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;

/** One live sleep period, as the metric sees it. */
public record Episode(
        SleepSource source,
        String sourceRecordId,
        Instant sleepStart,
        Instant sleepEnd,
        ZoneId zone,
        double totalSleepMinutes,
        Boolean mainSleep,
        Double timeInBedMinutes,
        Double sleepLatencyMinutes,
        Double wasoMinutes,
        Integer awakenings,
        Double deepMinutes,
        Double remMinutes,
        Double restingHeartRateBpm,
        Double hrvRmssdMs) {

    /** Noon-to-noon: a period belongs to the local date of its start minus 12 h, whatever the vendor calls its day. */
    static final Duration NIGHT_SHIFT = Duration.ofHours(12);

    /** From a valid, non-deleted record. */
    public static Episode of(SleepRecord r) {
        return new Episode(
                r.getSource(),
                r.getSourceRecordId(),
                r.getSleepStart(),
                r.getSleepEnd(),
                ZoneId.of(r.getTimezone()),
                r.getTotalSleepMinutes(),
                r.getMainSleep(),
                r.getTimeInBedMinutes(),
                r.getSleepLatencyMinutes(),
                r.getWasoMinutes(),
                r.getAwakenings(),
                r.getDeepMinutes(),
                r.getRemMinutes(),
                r.getRestingHeartRateBpm(),
                r.getHrvRmssdMs());
    }

    public LocalDate night() {
        return nightOf(sleepStart, zone);
    }

    public static LocalDate nightOf(Instant sleepStart, ZoneId zone) {
        return sleepStart.minus(NIGHT_SHIFT).atZone(zone).toLocalDate();
    }

    /** Time in bed as given, else the whole minutes between start and end. */
    double timeInBedOrPeriod() {
        return timeInBedMinutes != null
                ? timeInBedMinutes
                : Duration.between(sleepStart, sleepEnd).toMinutes();
    }
}
