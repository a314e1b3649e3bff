package org.sleepdelta.simulator;

import java.util.EnumMap;
import java.util.Map;
import org.sleepdelta.avro.SleepSource;

/**
 * Which fields a vendor actually reports. Real sources differ (Withings has no RMSSD, Apple's HRV is SDNN and so
 * must not be sent as RMSSD, Open mHealth sleep episodes carry no stages), and the pipeline has to cope.
 *
 * @param setsMainSleep the source has its own main-sleep flag; otherwise mainSleep stays null
 * @param stages deep/REM/light minutes
 * @param latency sleep-onset latency
 * @param waso wake after sleep onset
 * @param awakenings awakening count
 * @param restingHeartRate resting heart rate
 * @param hrvRmssd heart-rate variability as RMSSD
 * @param timeInBedOmitted probability that a record omits timeInBed, leaving the pipeline to derive it
 */
record SourceTraits(
        boolean setsMainSleep,
        boolean stages,
        boolean latency,
        boolean waso,
        boolean awakenings,
        boolean restingHeartRate,
        boolean hrvRmssd,
        double timeInBedOmitted) {

    private static final Map<SleepSource, SourceTraits> TRAITS = new EnumMap<>(SleepSource.class);

    static {
        TRAITS.put(SleepSource.OURA, new SourceTraits(true, true, true, true, true, true, true, 0.02));
        TRAITS.put(SleepSource.FITBIT, new SourceTraits(true, true, true, true, true, true, true, 0.02));
        TRAITS.put(SleepSource.GARMIN, new SourceTraits(false, true, false, true, true, true, true, 0.05));
        TRAITS.put(SleepSource.WITHINGS, new SourceTraits(false, true, true, true, true, true, false, 0.02));
        TRAITS.put(SleepSource.APPLE_HEALTH, new SourceTraits(false, true, false, true, false, true, false, 0.5));
        TRAITS.put(SleepSource.HEALTH_CONNECT, new SourceTraits(false, true, false, true, false, true, true, 0.3));
        TRAITS.put(SleepSource.OPEN_MHEALTH, new SourceTraits(true, false, true, true, true, false, false, 0.1));
        TRAITS.put(SleepSource.MANUAL, new SourceTraits(false, false, true, false, true, false, false, 0.0));
        TRAITS.put(SleepSource.OTHER, new SourceTraits(false, false, false, false, false, false, false, 0.5));
    }

    static SourceTraits of(SleepSource source) {
        return TRAITS.get(source);
    }
}
