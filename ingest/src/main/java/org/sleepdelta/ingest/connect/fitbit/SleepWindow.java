package org.sleepdelta.ingest.connect.fitbit;

import java.time.LocalDate;

/**
 * The list filter for the nights {@code from..to}. A night is the sleep that starts between noon of its date and noon
 * of the next, local time (docs/metric-definition.md §1); the filter compares Google's civil (local) start time, with
 * an hour to spare on each side for the days the clocks change. Anything extra it returns is harmless: records are
 * idempotent.
 */
final class SleepWindow {
    private SleepWindow() {}

    static String filter(LocalDate from, LocalDate to) {
        return "sleep.interval.civil_start_time >= \"" + from + "T11:00:00\""
                + " AND sleep.interval.civil_start_time < \"" + to.plusDays(1) + "T13:00:00\"";
    }
}
