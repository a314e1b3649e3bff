package org.sleepdelta.schemas.validation;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.schemas.Ids;

/**
 * The rules every canonical record obeys, whoever produced it. Context-dependent rules (too old for
 * retention, dated in the future) are the consumer's, because they depend on its clock.
 */
public final class ContractValidator {
    static final double MAX_PERIOD_MINUTES = 24 * 60;
    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

    private ContractValidator() {}

    public static List<Violation> validate(SleepRecord record) {
        List<Violation> problems = new ArrayList<>();
        id(problems, "clinicId", record.getClinicId());
        id(problems, "clientId", record.getClientId());
        id(problems, "sourceRecordId", record.getSourceRecordId());
        if (record.getSource() == null) {
            problems.add(new Violation("source", "is required"));
        }
        if (record.getDeleted()) {
            return problems; // a deletion needs only its identity
        }
        Instant start = required(problems, "sleepStart", record.getSleepStart());
        Instant end = required(problems, "sleepEnd", record.getSleepEnd());
        zone(problems, "timezone", record.getTimezone());
        Double total = required(problems, "totalSleepMinutes", record.getTotalSleepMinutes());
        double period = Double.POSITIVE_INFINITY;
        if (start != null && end != null) {
            if (!end.isAfter(start)) {
                problems.add(new Violation("sleepEnd", "must be after sleepStart"));
            } else if (Duration.between(start, end).toMinutes() > MAX_PERIOD_MINUTES) {
                problems.add(new Violation("sleepEnd", "must be at most 24 h after sleepStart"));
            } else {
                period = Duration.between(start, end).toMillis() / 60_000.0;
            }
        }
        // One minute of slack: vendors round durations to whole minutes independently of the bounds.
        double limit = period + 1;
        minutes(problems, "totalSleepMinutes", total, limit);
        minutes(problems, "timeInBedMinutes", record.getTimeInBedMinutes(), limit);
        minutes(problems, "sleepLatencyMinutes", record.getSleepLatencyMinutes(), limit);
        minutes(problems, "wasoMinutes", record.getWasoMinutes(), limit);
        minutes(problems, "deepMinutes", record.getDeepMinutes(), limit);
        minutes(problems, "remMinutes", record.getRemMinutes(), limit);
        minutes(problems, "lightMinutes", record.getLightMinutes(), limit);
        if (total != null
                && record.getTimeInBedMinutes() != null
                && Double.isFinite(total)
                && total > record.getTimeInBedMinutes() + 1) {
            problems.add(new Violation("totalSleepMinutes", "must not exceed timeInBedMinutes"));
        }
        if (record.getAwakenings() != null && (record.getAwakenings() < 0 || record.getAwakenings() > 200)) {
            problems.add(new Violation("awakenings", "must be from 0 to 200"));
        }
        range(problems, "restingHeartRateBpm", record.getRestingHeartRateBpm(), 20, 250);
        range(problems, "hrvRmssdMs", record.getHrvRmssdMs(), 0, 500);
        return problems;
    }

    public static List<Violation> validate(MassageSession session) {
        List<Violation> problems = new ArrayList<>();
        id(problems, "clinicId", session.getClinicId());
        id(problems, "clientId", session.getClientId());
        id(problems, "sessionId", session.getSessionId());
        required(problems, "modality", session.getModality());
        required(problems, "start", session.getStart());
        zone(problems, "timezone", session.getTimezone());
        if (session.getDurationMinutes() < 5 || session.getDurationMinutes() > 300) {
            problems.add(new Violation("durationMinutes", "must be from 5 to 300"));
        }
        if (session.getTherapistId() != null && !Ids.isValid(session.getTherapistId())) {
            problems.add(new Violation("therapistId", "must match " + Ids.PATTERN.pattern()));
        }
        required(problems, "status", session.getStatus());
        return problems;
    }

    private static void id(List<Violation> problems, String field, String value) {
        if (value == null) {
            problems.add(new Violation(field, "is required"));
        } else if (!Ids.isValid(value)) {
            problems.add(new Violation(field, "must match " + Ids.PATTERN.pattern()));
        }
    }

    private static <T> T required(List<Violation> problems, String field, T value) {
        if (value == null) {
            problems.add(new Violation(field, "is required"));
        }
        return value;
    }

    private static void zone(List<Violation> problems, String field, String zone) {
        if (zone == null) {
            problems.add(new Violation(field, "is required"));
        } else if (!ZONES.contains(zone)) {
            problems.add(new Violation(field, "must be an IANA time zone id such as Europe/Berlin"));
        }
    }

    private static void minutes(List<Violation> problems, String field, Double value, double limit) {
        if (value == null) {
            return;
        }
        if (!Double.isFinite(value) || value < 0) {
            problems.add(new Violation(field, "must be a finite number of minutes, at least 0"));
        } else if (value > limit) {
            problems.add(new Violation(field, "must not exceed the minutes between sleepStart and sleepEnd"));
        }
    }

    private static void range(List<Violation> problems, String field, Double value, double min, double max) {
        if (value != null && (!Double.isFinite(value) || value < min || value > max)) {
            problems.add(new Violation(field, "must be from " + (int) min + " to " + (int) max));
        }
    }
}
