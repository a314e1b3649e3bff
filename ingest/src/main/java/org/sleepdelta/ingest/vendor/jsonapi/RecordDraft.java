package org.sleepdelta.ingest.vendor.jsonapi;

import java.time.Instant;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;
import org.sleepdelta.ingest.vendor.AdapterContext;

/**
 * The canonical values a vendor mapper has worked out for one sleep period, before they become a {@link SleepRecord}.
 * The identity (clinic and client) always comes from the {@link AdapterContext}, never from the payload. A field left
 * null is one the vendor does not report, so the record leaves it out rather than guessing.
 */
public final class RecordDraft {
    public String sourceRecordId;
    public Instant sleepStart;
    public Instant sleepEnd;
    public String timezone;
    public Double totalSleepMinutes;
    public Boolean mainSleep;
    public Double timeInBedMinutes;
    public Double sleepLatencyMinutes;
    public Double wasoMinutes;
    public Integer awakenings;
    public Double deepMinutes;
    public Double remMinutes;
    public Double lightMinutes;
    public Double restingHeartRateBpm;
    public Double hrvRmssdMs;

    public SleepRecord toRecord(AdapterContext context, SleepSource source) {
        // Every field is set explicitly, so nothing comes from a schema default by accident.
        return SleepRecord.newBuilder()
                .setClinicId(context.clinicId())
                .setClientId(context.clientId())
                .setSource(source)
                .setSourceRecordId(sourceRecordId)
                .setSleepStart(sleepStart)
                .setSleepEnd(sleepEnd)
                .setTimezone(timezone)
                .setTotalSleepMinutes(totalSleepMinutes)
                .setMainSleep(mainSleep)
                .setTimeInBedMinutes(timeInBedMinutes)
                .setSleepLatencyMinutes(sleepLatencyMinutes)
                .setWasoMinutes(wasoMinutes)
                .setAwakenings(awakenings)
                .setDeepMinutes(deepMinutes)
                .setRemMinutes(remMinutes)
                .setLightMinutes(lightMinutes)
                .setRestingHeartRateBpm(restingHeartRateBpm)
                .setHrvRmssdMs(hrvRmssdMs)
                .setDeleted(false)
                .build();
    }

    /** A withdrawal of the record with this identity: identity fields only, as the contract allows. */
    public static SleepRecord deletion(AdapterContext context, SleepSource source, String sourceRecordId) {
        return SleepRecord.newBuilder()
                .setClinicId(context.clinicId())
                .setClientId(context.clientId())
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
