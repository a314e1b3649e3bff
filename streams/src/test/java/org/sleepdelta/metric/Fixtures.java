package org.sleepdelta.metric;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.Modality;
import org.sleepdelta.avro.SessionStatus;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;

/** Small builders for the metric tests: sleep records, sessions and a client's main sleeps per night. */
final class Fixtures {
    static final String CLINIC = "clinic-a";
    static final String CLIENT = "client-1";
    static final String BERLIN = "Europe/Berlin";

    private Fixtures() {}

    static LocalDate date(String iso) {
        return LocalDate.parse(iso);
    }

    /** The instant a wall clock in {@code zone} shows {@code localDateTime} (earlier offset in an overlap). */
    static Instant local(String localDateTime, String zone) {
        return LocalDateTime.parse(localDateTime).atZone(ZoneId.of(zone)).toInstant();
    }

    static SleepBuilder sleep() {
        return new SleepBuilder();
    }

    /** A flagged OURA main sleep in bed 23:00-07:00 Berlin time on the evening of {@code night}. */
    static SleepBuilder nightInBed(String night) {
        return sleep().id("oura-" + night)
                .from(night + "T23:00")
                .inBedFor(Duration.ofHours(8))
                .timeInBed(480.0)
                .mainSleep(true);
    }

    static SessionBuilder session(String id) {
        return new SessionBuilder(id);
    }

    static MainSleeps mainSleeps() {
        return new MainSleeps();
    }

    static final class SleepBuilder {
        private String client = CLIENT;
        private SleepSource source = SleepSource.OURA;
        private String id;
        private String zone = BERLIN;
        private LocalDateTime localStart = LocalDateTime.parse("2024-06-10T23:00");
        private Instant instantStart;
        private Duration inBed = Duration.ofHours(8);
        private double totalSleep = 420;
        private Boolean mainSleep;
        private Double timeInBed;
        private Double latency;
        private Double waso;
        private Integer awakenings;
        private Double deep;
        private Double rem;
        private Double restingHeartRate;
        private Double hrv;

        SleepBuilder client(String clientId) {
            this.client = clientId;
            return this;
        }

        SleepBuilder source(SleepSource s) {
            this.source = s;
            return this;
        }

        SleepBuilder id(String sourceRecordId) {
            this.id = sourceRecordId;
            return this;
        }

        SleepBuilder zone(String ianaZone) {
            this.zone = ianaZone;
            return this;
        }

        /** Lights-out at this wall-clock time in the record's zone. */
        SleepBuilder from(String localDateTime) {
            this.localStart = LocalDateTime.parse(localDateTime);
            this.instantStart = null;
            return this;
        }

        SleepBuilder fromInstant(Instant start) {
            this.instantStart = start;
            return this;
        }

        SleepBuilder inBedFor(Duration duration) {
            this.inBed = duration;
            return this;
        }

        SleepBuilder totalSleep(double minutes) {
            this.totalSleep = minutes;
            return this;
        }

        SleepBuilder mainSleep(Boolean flag) {
            this.mainSleep = flag;
            return this;
        }

        SleepBuilder timeInBed(Double minutes) {
            this.timeInBed = minutes;
            return this;
        }

        SleepBuilder latency(double minutes) {
            this.latency = minutes;
            return this;
        }

        SleepBuilder waso(double minutes) {
            this.waso = minutes;
            return this;
        }

        SleepBuilder awakenings(int count) {
            this.awakenings = count;
            return this;
        }

        SleepBuilder deep(double minutes) {
            this.deep = minutes;
            return this;
        }

        SleepBuilder rem(double minutes) {
            this.rem = minutes;
            return this;
        }

        SleepBuilder restingHeartRate(double bpm) {
            this.restingHeartRate = bpm;
            return this;
        }

        SleepBuilder hrv(double ms) {
            this.hrv = ms;
            return this;
        }

        Instant start() {
            return instantStart != null
                    ? instantStart
                    : localStart.atZone(ZoneId.of(zone)).toInstant();
        }

        private String recordId() {
            return id != null ? id : source.name().toLowerCase(Locale.ROOT) + "-" + start().toEpochMilli();
        }

        SleepRecord record() {
            Instant start = start();
            return SleepRecord.newBuilder()
                    .setClinicId(CLINIC)
                    .setClientId(client)
                    .setSource(source)
                    .setSourceRecordId(recordId())
                    .setSleepStart(start)
                    .setSleepEnd(start.plus(inBed))
                    .setTimezone(zone)
                    .setTotalSleepMinutes(totalSleep)
                    .setMainSleep(mainSleep)
                    .setTimeInBedMinutes(timeInBed)
                    .setSleepLatencyMinutes(latency)
                    .setWasoMinutes(waso)
                    .setAwakenings(awakenings)
                    .setDeepMinutes(deep)
                    .setRemMinutes(rem)
                    .setRestingHeartRateBpm(restingHeartRate)
                    .setHrvRmssdMs(hrv)
                    .build();
        }

        /** The withdrawal of this record: its identity only. */
        SleepRecord deletion() {
            return SleepRecord.newBuilder()
                    .setClinicId(CLINIC)
                    .setClientId(client)
                    .setSource(source)
                    .setSourceRecordId(recordId())
                    .setDeleted(true)
                    .build();
        }

        Episode episode() {
            return Episode.of(record());
        }
    }

    static final class SessionBuilder {
        private final String id;
        private String client = CLIENT;
        private String zone = BERLIN;
        private LocalDateTime localStart = LocalDateTime.parse("2024-06-10T10:00");
        private int durationMinutes = 60;
        private SessionStatus status = SessionStatus.COMPLETED;
        private Modality modality = Modality.SWEDISH;

        SessionBuilder(String id) {
            this.id = id;
        }

        SessionBuilder at(String localDateTime) {
            this.localStart = LocalDateTime.parse(localDateTime);
            return this;
        }

        SessionBuilder zone(String ianaZone) {
            this.zone = ianaZone;
            return this;
        }

        SessionBuilder lasting(int minutes) {
            this.durationMinutes = minutes;
            return this;
        }

        SessionBuilder status(SessionStatus s) {
            this.status = s;
            return this;
        }

        SessionBuilder modality(Modality m) {
            this.modality = m;
            return this;
        }

        SessionBuilder client(String clientId) {
            this.client = clientId;
            return this;
        }

        MassageSession event() {
            return MassageSession.newBuilder()
                    .setClinicId(CLINIC)
                    .setClientId(client)
                    .setSessionId(id)
                    .setModality(modality)
                    .setStart(localStart.atZone(ZoneId.of(zone)).toInstant())
                    .setDurationMinutes(durationMinutes)
                    .setTimezone(zone)
                    .setStatus(status)
                    .build();
        }

        SessionFacts facts() {
            return SessionFacts.of(event());
        }
    }

    /** A client's main sleep per night, written directly as nightly values. */
    static final class MainSleeps {
        private final NavigableMap<LocalDate, NightValues> nights = new TreeMap<>();

        /** A main sleep beginning 23:00 Berlin time on {@code night} with only a total sleep value. */
        MainSleeps totalSleep(String night, double minutes) {
            return night(night, Map.of(Metric.TOTAL_SLEEP_MINUTES, minutes));
        }

        /** Consecutive nights from {@code firstNight}, one total sleep value each. */
        MainSleeps totalSleepFrom(String firstNight, double... minutes) {
            LocalDate d = date(firstNight);
            for (double m : minutes) {
                totalSleep(d.toString(), m);
                d = d.plusDays(1);
            }
            return this;
        }

        MainSleeps night(String night, Map<Metric, Double> values) {
            return night(night, local(night + "T23:00", BERLIN), values);
        }

        MainSleeps night(String night, Instant mainSleepStart, Map<Metric, Double> values) {
            Map<Metric, Double> copy = new EnumMap<>(Metric.class);
            copy.putAll(values);
            nights.put(date(night), new NightValues(date(night), mainSleepStart, SleepSource.OURA, copy));
            return this;
        }

        NavigableMap<LocalDate, NightValues> build() {
            return new TreeMap<>(nights);
        }
    }

    /** Stats of one metric with the baseline on consecutive nights, the post nights right after, no reference. */
    static Stats stats(Metric metric, double[] baseline, double[] post, int minPostNights) {
        return Stats.of(
                metric, consecutive(0, baseline), consecutive(baseline.length, post), NightSeries.EMPTY, minPostNights);
    }

    /** Values on consecutive nights, the first on epoch day {@code firstDay}. */
    static NightSeries consecutive(long firstDay, double... values) {
        long[] days = new long[values.length];
        for (int i = 0; i < days.length; i++) {
            days[i] = firstDay + i;
        }
        return new NightSeries(days, values.clone());
    }

    /** The window's reference nights when the client has no other session. */
    static ReferenceNights noReference(WindowSpec spec) {
        return ReferenceNights.of(spec, java.util.List.of());
    }
}
