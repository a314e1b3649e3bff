package org.sleepdelta.metric;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Optional;
import org.sleepdelta.avro.NightlySleep;
import org.sleepdelta.schemas.ClientKey;

/** The nightly-sleep record of one client-night: its main sleep and the values the metric uses. */
public final class NightlyRecords {
    private NightlyRecords() {}

    /** Empty when the night has no live record (the key's tombstone). */
    public static Optional<NightlySleep> of(
            ClientKey client, LocalDate night, Collection<Episode> episodesOfNight, SourcePriority priority) {
        return MainSleep.select(episodesOfNight, priority).map(main -> {
            NightValues values = NightValues.of(main);
            return NightlySleep.newBuilder()
                    .setClinicId(client.clinicId())
                    .setClientId(client.clientId())
                    .setNight(night)
                    .setSource(main.source())
                    .setSourceRecordId(main.sourceRecordId())
                    .setMainSleepStart(main.sleepStart())
                    .setMainSleepEnd(main.sleepEnd())
                    .setTimezone(main.zone().getId())
                    .setTotalSleepMinutes(main.totalSleepMinutes())
                    .setSleepEfficiencyPct(values.values().get(Metric.SLEEP_EFFICIENCY_PCT))
                    .setSleepLatencyMinutes(values.values().get(Metric.SLEEP_LATENCY_MINUTES))
                    .setWasoMinutes(values.values().get(Metric.WASO_MINUTES))
                    .setAwakenings(values.values().get(Metric.AWAKENINGS))
                    .setDeepMinutes(values.values().get(Metric.DEEP_MINUTES))
                    .setRemMinutes(values.values().get(Metric.REM_MINUTES))
                    .setRestingHeartRateBpm(values.values().get(Metric.RESTING_HEART_RATE_BPM))
                    .setHrvRmssdMs(values.values().get(Metric.HRV_RMSSD_MS))
                    .setRecordsThatNight(episodesOfNight.size())
                    .build();
        });
    }
}
