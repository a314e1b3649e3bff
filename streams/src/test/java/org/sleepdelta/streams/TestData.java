package org.sleepdelta.streams;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.SessionStatus;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;

/** Builders for test records: a night in bed from a local time, a session at a local time. */
final class TestData {
    static final String CLINIC = "clinic-a";
    static final String CLIENT = "c1";
    static final String BERLIN = "Europe/Berlin";

    private TestData() {}

    /** A main sleep going to bed at {@code bedtime} local time on {@code night}, lasting {@code hours} in bed. */
    static SleepRecord.Builder night(LocalDate night, double totalSleepMinutes) {
        return inBed(BERLIN, night, LocalTime.of(23, 0), 8 * 60, totalSleepMinutes);
    }

    static SleepRecord.Builder inBed(String zone, LocalDate date, LocalTime bedtime, int minutesInBed, double totalSleep) {
        Instant start = date.atTime(bedtime).atZone(ZoneId.of(zone)).toInstant();
        return SleepRecord.newBuilder().setClinicId(CLINIC).setClientId(CLIENT).setSource(SleepSource.OURA)
                .setSourceRecordId("oura-" + date + "-" + bedtime.toSecondOfDay())
                .setSleepStart(start).setSleepEnd(start.plusSeconds(60L * minutesInBed)).setTimezone(zone)
                .setTotalSleepMinutes(totalSleep).setMainSleep(true);
    }

    static MassageSession.Builder session(String id, LocalDate date, LocalTime at) {
        return sessionIn(BERLIN, id, date, at);
    }

    static MassageSession.Builder sessionIn(String zone, String id, LocalDate date, LocalTime at) {
        return MassageSession.newBuilder().setClinicId(CLINIC).setClientId(CLIENT).setSessionId(id)
                .setModality(Modality.SWEDISH).setStart(date.atTime(at).atZone(ZoneId.of(zone)).toInstant())
                .setDurationMinutes(60).setTimezone(zone).setStatus(SessionStatus.COMPLETED);
    }
}
