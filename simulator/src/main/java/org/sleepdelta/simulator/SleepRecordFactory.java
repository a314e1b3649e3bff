package org.sleepdelta.simulator;

import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;

/** Turns sleep periods into contract records, reporting only the fields the source really has. */
final class SleepRecordFactory {

    private SleepRecordFactory() {}

    /**
     * @param nap whether this is a nap: mainSleep false (null for sources without the flag)
     * @param omitTimeInBed leave timeInBed out so the pipeline must derive it from start and end
     */
    static SleepRecord record(
            ClientProfile p,
            SleepSource source,
            String sourceRecordId,
            NightValues v,
            boolean nap,
            boolean omitTimeInBed) {
        SourceTraits t = SourceTraits.of(source);
        // Every field is set explicitly: besides being clear, it spares the builder its default-value lookups.
        return SleepRecord.newBuilder()
                .setClinicId(p.clinicId())
                .setClientId(p.clientId())
                .setSource(source)
                .setSourceRecordId(sourceRecordId)
                .setSleepStart(v.start())
                .setSleepEnd(v.end())
                .setTimezone(p.zone().getId())
                .setTotalSleepMinutes((double) v.totalSleep())
                .setMainSleep(t.setsMainSleep() ? Boolean.valueOf(!nap) : null)
                .setTimeInBedMinutes(omitTimeInBed ? null : (double) v.timeInBed())
                .setSleepLatencyMinutes(t.latency() ? (double) v.latency() : null)
                .setWasoMinutes(t.waso() ? (double) v.waso() : null)
                .setAwakenings(t.awakenings() ? v.awakenings() : null)
                .setDeepMinutes(t.stages() ? (double) v.deep() : null)
                .setRemMinutes(t.stages() ? (double) v.rem() : null)
                .setLightMinutes(t.stages() ? (double) v.light() : null)
                .setRestingHeartRateBpm(t.restingHeartRate() ? v.restingHeartRate() : null)
                .setHrvRmssdMs(t.hrvRmssd() ? v.hrvRmssd() : null)
                .setDeleted(false)
                .build();
    }

    /** A withdrawal: identity fields only, as the contract allows. */
    static SleepRecord deletion(ClientProfile p, SleepSource source, String sourceRecordId) {
        return SleepRecord.newBuilder()
                .setClinicId(p.clinicId())
                .setClientId(p.clientId())
                .setSource(source)
                .setSourceRecordId(sourceRecordId)
                .setSleepStart(null)
                .setSleepEnd(null)
                .setTimezone(null)
                .setTotalSleepMinutes(null)
                .setMainSleep(null)
                .setTimeInBedMinutes(null)
                .setSleepLatencyMinutes(null)
                .setWasoMinutes(null)
                .setAwakenings(null)
                .setDeepMinutes(null)
                .setRemMinutes(null)
                .setLightMinutes(null)
                .setRestingHeartRateBpm(null)
                .setHrvRmssdMs(null)
                .setDeleted(true)
                .build();
    }
}
