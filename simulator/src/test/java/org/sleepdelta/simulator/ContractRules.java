package org.sleepdelta.simulator;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SleepRecord;

/** The data contract's rules, written independently of the simulator so the tests check it from outside. */
final class ContractRules {
    static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final double ROUNDING = 1e-6;

    private ContractRules() {}

    /** The product's night: local date of sleepStart - 12 h. */
    static LocalDate nightOf(SleepRecord r) {
        return r.getSleepStart()
                .minus(Duration.ofHours(12))
                .atZone(ZoneId.of(r.getTimezone()))
                .toLocalDate();
    }

    static double minutesInBed(SleepRecord r) {
        return Duration.between(r.getSleepStart(), r.getSleepEnd()).toMillis() / 60_000.0;
    }

    static List<String> problems(SleepRecord r) {
        List<String> p = new ArrayList<>();
        id(p, "clinicId", r.getClinicId());
        id(p, "clientId", r.getClientId());
        id(p, "sourceRecordId", r.getSourceRecordId());
        if (r.getSource() == null) {
            p.add("source missing");
        }
        if (r.getDeleted()) {
            if (r.getSleepStart() != null
                    || r.getSleepEnd() != null
                    || r.getTotalSleepMinutes() != null
                    || r.getTimezone() != null) {
                p.add("deletion carries more than identity fields");
            }
            return p;
        }
        if (r.getSleepStart() == null
                || r.getSleepEnd() == null
                || r.getTimezone() == null
                || r.getTotalSleepMinutes() == null) {
            p.add("required field missing");
            return p;
        }
        try {
            ZoneId.of(r.getTimezone());
        } catch (RuntimeException e) {
            p.add("timezone not IANA: " + r.getTimezone());
        }
        double inBed = minutesInBed(r);
        double tst = r.getTotalSleepMinutes();
        if (!(inBed > 0)) {
            p.add("end not after start");
        }
        if (!(tst > 0 && tst <= inBed + ROUNDING)) {
            p.add("total sleep " + tst + " not in (0, time in bed " + inBed + "]");
        }
        if (r.getTimeInBedMinutes() != null && Math.abs(r.getTimeInBedMinutes() - inBed) > ROUNDING) {
            p.add("timeInBed " + r.getTimeInBedMinutes() + " != end - start " + inBed);
        }
        double parts = tst + orZero(r.getSleepLatencyMinutes()) + orZero(r.getWasoMinutes());
        if (parts > inBed + ROUNDING) {
            p.add("latency + sleep + WASO " + parts + " exceed time in bed " + inBed);
        }
        nonNegative(p, "latency", r.getSleepLatencyMinutes());
        nonNegative(p, "waso", r.getWasoMinutes());
        nonNegative(p, "deep", r.getDeepMinutes());
        nonNegative(p, "rem", r.getRemMinutes());
        nonNegative(p, "light", r.getLightMinutes());
        if (r.getAwakenings() != null && r.getAwakenings() < 0) {
            p.add("negative awakenings");
        }
        if (r.getDeepMinutes() != null) {
            double stages = r.getDeepMinutes() + r.getRemMinutes() + r.getLightMinutes();
            if (Math.abs(stages - tst) > ROUNDING) {
                p.add("stages " + stages + " != total sleep " + tst);
            }
        }
        Double hr = r.getRestingHeartRateBpm();
        if (hr != null && !(hr >= 20 && hr <= 250)) {
            p.add("heart rate out of range: " + hr);
        }
        Double hrv = r.getHrvRmssdMs();
        if (hrv != null && !(hrv >= 0 && hrv <= 500)) {
            p.add("HRV out of range: " + hrv);
        }
        return p;
    }

    static List<String> problems(MassageSession s) {
        List<String> p = new ArrayList<>();
        id(p, "clinicId", s.getClinicId());
        id(p, "clientId", s.getClientId());
        id(p, "sessionId", s.getSessionId());
        if (s.getTherapistId() != null) {
            id(p, "therapistId", s.getTherapistId());
        }
        if (s.getDurationMinutes() < 5 || s.getDurationMinutes() > 300) {
            p.add("duration out of range: " + s.getDurationMinutes());
        }
        try {
            ZoneId.of(s.getTimezone());
        } catch (RuntimeException e) {
            p.add("timezone not IANA: " + s.getTimezone());
        }
        return p;
    }

    private static void id(List<String> p, String field, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            p.add(field + " does not match the id pattern: " + value);
        }
    }

    private static void nonNegative(List<String> p, String field, Double v) {
        if (v != null && !(v >= 0)) {
            p.add(field + " negative: " + v);
        }
    }

    private static double orZero(Double v) {
        return v == null ? 0 : v;
    }
}
