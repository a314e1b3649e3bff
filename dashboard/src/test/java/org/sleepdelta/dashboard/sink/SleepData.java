package org.sleepdelta.dashboard.sink;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.sleepdelta.avro.MetricStats;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.NightlySleep;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.avro.SleepMetrics;
import org.sleepdelta.avro.SleepSource;
import org.sleepdelta.schemas.MetricKey;

/** Realistic dashboard records for tests: every field set, values as the topology would produce them. */
final class SleepData {
    static final LocalDate FIRST_NIGHT = LocalDate.of(2026, 3, 2);

    private SleepData() {}

    static MetricKey key(String clinic, String client, String session, MetricWindow window) {
        return new MetricKey(clinic, client, session, window);
    }

    /**
     * A WEEK_1 window with 14 baseline and 7 post nights, its numbers varied by {@code seed}, as definition 2 computes
     * it (SleepChangeMetric v2): with intervals and 28 reference nights.
     */
    static SleepChangeMetric metric(MetricKey key, long revision, int seed) {
        double shift = (seed % 97) / 10.0;
        return SleepChangeMetric.newBuilder()
                .setClinicId(key.clinicId())
                .setClientId(key.clientId())
                .setSessionId(key.sessionId())
                .setWindow(key.window())
                .setModality(Modality.values()[Math.floorMod(seed, Modality.values().length)])
                .setFirstNight(FIRST_NIGHT)
                .setWindowStart(FIRST_NIGHT)
                .setWindowEnd(FIRST_NIGHT.plusDays(6))
                .setBaselineStart(FIRST_NIGHT.minusDays(14))
                .setBaselineEnd(FIRST_NIGHT.minusDays(1))
                .setSessionsInWindow(key.window() == MetricWindow.COURSE_WEEKS_3_4 ? 3 : null)
                .setMetrics(SleepMetrics.newBuilder()
                        .setTotalSleepMinutes(stats(412.5 + shift, 38.2, 431.0 + shift, 15.0))
                        .setSleepEfficiencyPct(stats(86.1, 4.3, 89.0, 10.0))
                        .setSleepLatencyMinutes(stats(24.0 + shift, 9.5, 15.5, -20.0))
                        .setWasoMinutes(stats(41.0, 12.1, 33.0, -20.0))
                        .setAwakenings(stats(3.1, 1.2, 2.4, -0.5))
                        .setDeepMinutes(stats(78.0, 11.0, 84.5, null))
                        .setRemMinutes(stats(92.0, 14.0, 97.0, null))
                        .setRestingHeartRateBpm(stats(57.0, 2.1, 55.6, null))
                        .setHrvRmssdMs(stats(43.0, 6.5, 47.2, null))
                        .build())
                .setReferenceStart(FIRST_NIGHT.minusDays(42))
                .setReferenceEnd(FIRST_NIGHT.minusDays(15))
                .setMixedSources(false)
                .setDefinitionVersion(2)
                .setRevision(revision)
                .setComplete(revision > 1)
                .build();
    }

    private static MetricStats stats(double baselineMean, double baselineSd, double postMean, Double threshold) {
        double delta = postMean - baselineMean;
        double halfWidth = 1.96 * baselineSd * Math.sqrt(1.0 / 14 + 1.0 / 7);
        double referenceMean = baselineMean - 0.2 * baselineSd;
        double adjustedDelta = postMean - referenceMean;
        double adjustedHalfWidth = 1.96 * baselineSd * Math.sqrt(1.0 / 28 + 1.0 / 7);
        Boolean reliable = threshold == null ? null : threshold > 0 ? delta - halfWidth > 0 : delta + halfWidth < 0;
        Boolean meetsThreshold =
                threshold == null ? null : threshold > 0 ? delta >= threshold - 1e-9 : delta <= threshold + 1e-9;
        return MetricStats.newBuilder()
                .setBaselineN(14)
                .setPostN(7)
                .setBaselineMean(baselineMean)
                .setBaselineSd(baselineSd)
                .setPostMean(postMean)
                .setDelta(delta)
                .setPctChange(100 * delta / baselineMean)
                .setZ(delta / baselineSd)
                .setMeaningfulImprovement(meetsThreshold == null ? null : reliable && meetsThreshold)
                .setCiLow(delta - halfWidth)
                .setCiHigh(delta + halfWidth)
                .setReliableImprovement(reliable)
                .setMeetsThreshold(meetsThreshold)
                .setAutocorrelation(0.25)
                .setReferenceN(28)
                .setReferenceMean(referenceMean)
                .setAdjustedDelta(adjustedDelta)
                .setAdjustedCiLow(adjustedDelta - adjustedHalfWidth)
                .setAdjustedCiHigh(adjustedDelta + adjustedHalfWidth)
                .build();
    }

    static NightKey nightKey(String clinic, String client, LocalDate night) {
        return new NightKey(clinic, client, night);
    }

    /** A main sleep of 7 h 52 min in Berlin, starting 23:10 local time. */
    static NightlySleep night(NightKey key, double totalSleepMinutes) {
        Instant start = key.night().atTime(22, 10).toInstant(ZoneOffset.UTC);
        return NightlySleep.newBuilder()
                .setClinicId(key.clinicId())
                .setClientId(key.clientId())
                .setNight(key.night())
                .setSource(SleepSource.OURA)
                .setSourceRecordId("oura:" + key.night())
                .setMainSleepStart(start)
                .setMainSleepEnd(start.plusSeconds(472 * 60))
                .setTimezone("Europe/Berlin")
                .setTotalSleepMinutes(totalSleepMinutes)
                .setSleepEfficiencyPct(100 * totalSleepMinutes / 472)
                .setSleepLatencyMinutes(12.0)
                .setWasoMinutes(31.0)
                .setAwakenings(3.0)
                .setDeepMinutes(80.0)
                .setRemMinutes(95.0)
                .setRestingHeartRateBpm(56.0)
                .setHrvRmssdMs(44.0)
                .setRecordsThatNight(2)
                .build();
    }
}
