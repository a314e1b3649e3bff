package org.sleepdelta.streams;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.SessionStatus;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;

/** Builders for test records: a night in bed from a local time, a session at a local time. */
final class TestData {
    static final String CLINIC = "clinic-a";
    static final String CLIENT = "c1";
    static final String BERLIN = "Europe/Berlin";
    static final String SYDNEY = "Australia/Sydney";

    private TestData() {}

    /** A main sleep going to bed at {@code bedtime} local time on {@code night}, lasting {@code hours} in bed. */
    static SleepRecord.Builder night(LocalDate night, double totalSleepMinutes) {
        return inBed(BERLIN, night, LocalTime.of(23, 0), 8 * 60, totalSleepMinutes);
    }

    static SleepRecord.Builder inBed(
            String zone, LocalDate date, LocalTime bedtime, int minutesInBed, double totalSleep) {
        Instant start = date.atTime(bedtime).atZone(ZoneId.of(zone)).toInstant();
        return SleepRecord.newBuilder()
                .setClinicId(CLINIC)
                .setClientId(CLIENT)
                .setSource(SleepSource.OURA)
                .setSourceRecordId("oura-" + date + "-" + bedtime.toSecondOfDay())
                .setSleepStart(start)
                .setSleepEnd(start.plusSeconds(60L * minutesInBed))
                .setTimezone(zone)
                .setTotalSleepMinutes(totalSleep)
                .setMainSleep(true);
    }

    /** From a local bedtime to a local rise time, however many minutes the clock says lie between them. */
    static SleepRecord.Builder inBedUntil(
            String zone, LocalDate bedDate, LocalTime bedtime, LocalDate riseDate, LocalTime rise, double totalSleep) {
        ZoneId z = ZoneId.of(zone);
        Instant start = bedDate.atTime(bedtime).atZone(z).toInstant();
        return SleepRecord.newBuilder()
                .setClinicId(CLINIC)
                .setClientId(CLIENT)
                .setSource(SleepSource.OURA)
                .setSourceRecordId("oura-" + bedDate + "-" + bedtime.toSecondOfDay())
                .setSleepStart(start)
                .setSleepEnd(rise.atDate(riseDate).atZone(z).toInstant())
                .setTimezone(zone)
                .setTotalSleepMinutes(totalSleep)
                .setMainSleep(true);
    }

    /** One {@link #night} per total, on consecutive nights from {@code first}. */
    static List<SleepRecord> nights(LocalDate first, double... totals) {
        List<SleepRecord> records = new ArrayList<>();
        for (int i = 0; i < totals.length; i++) {
            records.add(night(first.plusDays(i), totals[i]).build());
        }
        return records;
    }

    /** A record that withdraws an earlier one. */
    static SleepRecord deletionOf(SleepRecord record) {
        return SleepRecord.newBuilder()
                .setClinicId(record.getClinicId())
                .setClientId(record.getClientId())
                .setSource(record.getSource())
                .setSourceRecordId(record.getSourceRecordId())
                .setDeleted(true)
                .build();
    }

    /** The dashboard key of the default client's window. */
    static String key(String sessionId, MetricWindow window) {
        return CLINIC + "/" + CLIENT + "/" + sessionId + "/" + window;
    }

    static MassageSession.Builder session(String id, LocalDate date, LocalTime at) {
        return sessionIn(BERLIN, id, date, at);
    }

    static MassageSession.Builder sessionIn(String zone, String id, LocalDate date, LocalTime at) {
        return MassageSession.newBuilder()
                .setClinicId(CLINIC)
                .setClientId(CLIENT)
                .setSessionId(id)
                .setModality(Modality.SWEDISH)
                .setStart(date.atTime(at).atZone(ZoneId.of(zone)).toInstant())
                .setDurationMinutes(60)
                .setTimezone(zone)
                .setStatus(SessionStatus.COMPLETED);
    }
}
