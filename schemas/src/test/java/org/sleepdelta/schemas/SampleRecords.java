package org.sleepdelta.schemas;

import java.time.Instant;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.SessionStatus;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;

/**
 * Valid canonical records for tests that need "a night" or "a session" and care about one or two fields: start from
 * these builders and set what the test is about. Shared through this module's test-jar.
 */
public final class SampleRecords {

    private SampleRecords() {}

    /** Client {@code clinic-a/c1}, Oura record {@code r1}: 8 h in bed from 22:00 UTC on 9 March 2026, 400 min asleep. */
    public static SleepRecord.Builder night() {
        return SleepRecord.newBuilder()
                .setClinicId("clinic-a")
                .setClientId("c1")
                .setSource(SleepSource.OURA)
                .setSourceRecordId("r1")
                .setSleepStart(Instant.parse("2026-03-09T22:00:00Z"))
                .setSleepEnd(Instant.parse("2026-03-10T06:00:00Z"))
                .setTimezone("UTC")
                .setTotalSleepMinutes(400.0);
    }

    /** The withdrawal of {@link #night()}'s record: its identity and {@code deleted}, no dates or values. */
    public static SleepRecord.Builder deletionOfNight() {
        return SleepRecord.newBuilder()
                .setClinicId("clinic-a")
                .setClientId("c1")
                .setSource(SleepSource.OURA)
                .setSourceRecordId("r1")
                .setDeleted(true);
    }

    /** Client {@code clinic-a/c1}, session {@code s1}: a completed 60-min Swedish massage at 17:00 UTC on 9 March 2026. */
    public static MassageSession.Builder session() {
        return MassageSession.newBuilder()
                .setClinicId("clinic-a")
                .setClientId("c1")
                .setSessionId("s1")
                .setModality(Modality.SWEDISH)
                .setStart(Instant.parse("2026-03-09T17:00:00Z"))
                .setDurationMinutes(60)
                .setTimezone("UTC")
                .setStatus(SessionStatus.COMPLETED);
    }
}
