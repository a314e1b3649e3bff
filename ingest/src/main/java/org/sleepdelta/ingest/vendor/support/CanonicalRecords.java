package org.sleepdelta.ingest.vendor.support;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.Vendor;

/**
 * Starts canonical records: identity from the context (never from the payload), every optional field explicitly
 * absent, so an adapter sets exactly the fields its vendor really has.
 */
public final class CanonicalRecords {
    private CanonicalRecords() {}

    /** A builder with identity, bounds and zone set and every optional measurement absent. */
    public static SleepRecord.Builder period(
            AdapterContext context, Vendor vendor, String sourceRecordId, Instant sleepStart, Instant sleepEnd) {
        return SleepRecord.newBuilder()
                .setClinicId(context.clinicId())
                .setClientId(context.clientId())
                .setSource(vendor.source())
                .setSourceRecordId(sourceRecordId)
                // The contract's timestamps are milliseconds: truncate here so validation sees what Avro will carry.
                .setSleepStart(sleepStart.truncatedTo(ChronoUnit.MILLIS))
                .setSleepEnd(sleepEnd.truncatedTo(ChronoUnit.MILLIS))
                .setTimezone(
                        context.timezone() == null ? null : context.timezone().getId())
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
                .setDeleted(false);
    }

    /** A withdrawal of an earlier record: identity only, as the contract allows. */
    public static SleepRecord deletion(AdapterContext context, Vendor vendor, String sourceRecordId) {
        return SleepRecord.newBuilder()
                .setClinicId(context.clinicId())
                .setClientId(context.clientId())
                .setSource(vendor.source())
                .setSourceRecordId(sourceRecordId)
                .setDeleted(true)
                .build();
    }
}
