package org.sleepdelta.cli.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.Modality;

/**
 * Reads the demo's summary input from the table the Cohort dashboard reads, with the dashboard's default filter:
 * complete windows only (its "incomplete" variable defaults to exclude).
 */
final class SleepChangeRows {
    static final String COMPLETE_WINDOWS = """
            SELECT clinic_id, client_id, modality, metric_window, window_start, window_end, baseline_start, baseline_end,
                   total_sleep_minutes_delta, total_sleep_minutes_meaningful, sleep_latency_minutes_delta,
                   total_sleep_minutes_ci_low, total_sleep_minutes_ci_high, total_sleep_minutes_meets_threshold,
                   total_sleep_minutes_adjusted_delta, definition_version
            FROM sleep_change
            WHERE complete""";

    private SleepChangeRows() {}

    static List<SessionChange> completeWindows(Connection connection) throws SQLException {
        List<SessionChange> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(COMPLETE_WINDOWS);
                ResultSet r = statement.executeQuery()) {
            while (r.next()) {
                rows.add(new SessionChange(
                        r.getString(1),
                        r.getString(2),
                        Modality.valueOf(r.getString(3)),
                        MetricWindow.valueOf(r.getString(4)),
                        r.getObject(5, LocalDate.class),
                        r.getObject(6, LocalDate.class),
                        r.getObject(7, LocalDate.class),
                        r.getObject(8, LocalDate.class),
                        r.getObject(9, Double.class),
                        r.getObject(10, Boolean.class),
                        r.getObject(11, Double.class),
                        r.getObject(12, Double.class),
                        r.getObject(13, Double.class),
                        r.getObject(14, Boolean.class),
                        r.getObject(15, Double.class),
                        r.getInt(16)));
            }
        }
        return rows;
    }
}
