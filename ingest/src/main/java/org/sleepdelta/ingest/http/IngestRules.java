package org.sleepdelta.ingest.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.schemas.validation.Violation;

/**
 * The rules ingest adds to the contract ({@code ContractValidator}), because they depend on the clock: no event more
 * than {@code future-tolerance} after now, and nothing older than the retention. Records are assumed to pass the
 * contract already (valid zone, start before end).
 *
 * <p>Retention means what it means to the streams service, which rejects (as TOO_LATE) a night before
 * {@code date(watermark) - retention-days}, the watermark being the latest admitted event time. That watermark is at
 * most now plus the future tolerance, so judging against {@code date(now + future-tolerance)} here makes ingest at
 * least as strict: a record we accept is not rejected there as too late. The night of a sleep record is the local date
 * of its start minus 12 hours; the night of a session, the local date of its start (as in the streams module's
 * {@code Episode.nightOf} and {@code SessionFacts.firstNight}, which ingest cannot depend on).
 */
final class IngestRules {
    private static final Duration NIGHT_SHIFT = Duration.ofHours(12);

    private final Clock clock;
    private final int retentionDays;
    private final Duration futureTolerance;

    IngestRules(Clock clock, int retentionDays, Duration futureTolerance) {
        this.clock = clock;
        this.retentionDays = retentionDays;
        this.futureTolerance = futureTolerance;
    }

    List<Violation> check(SleepRecord record) {
        if (record.getDeleted()) {
            return List.of(); // a deletion has no dates, and removing something is always allowed
        }
        Instant now = clock.instant();
        List<Violation> problems = new ArrayList<>();
        if (record.getSleepEnd().isAfter(now.plus(futureTolerance))) {
            problems.add(new Violation("sleepEnd", inFuture()));
        }
        LocalDate night = record.getSleepStart().minus(NIGHT_SHIFT).atZone(ZoneId.of(record.getTimezone())).toLocalDate();
        LocalDate earliest = earliestNight(now);
        if (night.isBefore(earliest)) {
            problems.add(new Violation("sleepStart", "belongs to the night of " + night + ", older than the retention"
                    + " of " + retentionDays + " days: the earliest night accepted now is " + earliest));
        }
        return problems;
    }

    List<Violation> check(MassageSession session) {
        Instant now = clock.instant();
        List<Violation> problems = new ArrayList<>();
        if (session.getStart().isAfter(now.plus(futureTolerance))) {
            problems.add(new Violation("start", inFuture()));
        }
        LocalDate date = session.getStart().atZone(ZoneId.of(session.getTimezone())).toLocalDate();
        LocalDate earliest = earliestNight(now);
        if (date.isBefore(earliest)) {
            problems.add(new Violation("start", "is on " + date + ", older than the retention of " + retentionDays
                    + " days: the earliest date accepted now is " + earliest));
        }
        return problems;
    }

    LocalDate earliestNight(Instant now) {
        return LocalDate.ofInstant(now.plus(futureTolerance), ZoneOffset.UTC).minusDays(retentionDays);
    }

    private String inFuture() {
        return "must not be more than " + describe(futureTolerance) + " in the future";
    }

    static String describe(Duration d) {
        if (d.isZero()) {
            return "0 seconds";
        }
        if (d.toSeconds() % 86_400 == 0 && d.getNano() == 0) {
            return plural(d.toDays(), "day");
        }
        if (d.toSeconds() % 3_600 == 0 && d.getNano() == 0) {
            return plural(d.toHours(), "hour");
        }
        if (d.toSeconds() % 60 == 0 && d.getNano() == 0) {
            return plural(d.toMinutes(), "minute");
        }
        return d.toMillis() % 1000 == 0 ? plural(d.toSeconds(), "second") : plural(d.toMillis(), "millisecond");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
