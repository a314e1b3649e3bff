package org.sleepdelta.ingest.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.ingest.rules.RetentionWindow;
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.validation.Violation;

/**
 * The rules ingest adds to the contract ({@code ContractValidator}), because they depend on the clock. Records are
 * assumed to pass the contract already (valid zone, start before end).
 *
 * <ul>
 * <li>{@link #check}: no event more than {@code future-tolerance} after now. A record breaking it is invalid, and its
 *     batch is refused (400).</li>
 * <li>{@link #retention()}: nothing older than the retention ({@link RetentionWindow}, shared with the importers). A
 *     record outside it is not invalid, it is outside the window the pipeline keeps: its batch is accepted, and the
 *     record goes to the rejection topic as TOO_LATE instead of to an input topic.</li>
 * </ul>
 */
final class IngestRules {
    private final Clock clock;
    private final Duration futureTolerance;
    private final RetentionWindow retention;

    IngestRules(Clock clock, int retentionDays, Duration futureTolerance) {
        this.clock = clock;
        this.futureTolerance = futureTolerance;
        this.retention = new RetentionWindow(clock, retentionDays, futureTolerance);
    }

    RetentionWindow retention() {
        return retention;
    }

    /** @return what makes the record invalid (not its age: see {@link #retention()}) */
    List<Violation> check(CanonicalRecord record) {
        return record.fold(this::check, this::check);
    }

    private List<Violation> check(SleepRecord record) {
        if (record.getDeleted()) {
            return List.of(); // a deletion has no dates, and removing something is always allowed
        }
        Instant now = clock.instant();
        List<Violation> problems = new ArrayList<>();
        if (record.getSleepEnd().isAfter(now.plus(futureTolerance))) {
            problems.add(new Violation("sleepEnd", inFuture()));
        }
        return problems;
    }

    private List<Violation> check(MassageSession session) {
        Instant now = clock.instant();
        List<Violation> problems = new ArrayList<>();
        if (session.getStart().isAfter(now.plus(futureTolerance))) {
            problems.add(new Violation("start", inFuture()));
        }
        return problems;
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
