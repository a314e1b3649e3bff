package org.sleepdelta.dashboard.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.sleepdelta.avro.MetricStats;
import org.sleepdelta.avro.MetricWindow;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.avro.SleepMetrics;
import org.sleepdelta.schemas.MetricKey;

/**
 * The {@code sleep_change} table (V1, V4): one row per dashboard key with its latest revision. A row never goes back to an
 * older revision: the upsert only updates when the arriving revision is higher ({@link #UPSERT}'s guard), whoever
 * else writes the table at the same time.
 */
final class SleepChangeTable {
    // Before COLUMNS, which is built from it.
    /**
     * The statistics of one metric, in the table's column order: {@code <metric>_<suffix>}, the suffix the field's
     * name in snake_case, except {@code meaningfulImprovement} and {@code reliableImprovement}, which V1 and V4
     * shortened to {@code meaningful} and {@code reliable}. SleepChangeTableTest holds every MetricStats field to a
     * column.
     */
    private static final List<Column<Stats>> STATS = List.of(
            new Column<>("baseline_n", (s, i, m) -> s.setInt(i, m.stats().getBaselineN())),
            new Column<>("post_n", (s, i, m) -> s.setInt(i, m.stats().getPostN())),
            new Column<>(
                    "baseline_mean",
                    (s, i, m) -> Column.setDouble(s, i, m.stats().getBaselineMean())),
            new Column<>(
                    "baseline_sd", (s, i, m) -> Column.setDouble(s, i, m.stats().getBaselineSd())),
            new Column<>(
                    "post_mean", (s, i, m) -> Column.setDouble(s, i, m.stats().getPostMean())),
            new Column<>("delta", (s, i, m) -> Column.setDouble(s, i, m.stats().getDelta())),
            new Column<>(
                    "pct_change", (s, i, m) -> Column.setDouble(s, i, m.stats().getPctChange())),
            new Column<>("z", (s, i, m) -> Column.setDouble(s, i, m.stats().getZ())),
            new Column<>(
                    "meaningful", (s, i, m) -> Column.setBoolean(s, i, m.stats().getMeaningfulImprovement())),
            // V4 (SleepChangeMetric v2, issue 9)
            new Column<>("ci_low", (s, i, m) -> Column.setDouble(s, i, m.stats().getCiLow())),
            new Column<>(
                    "ci_high", (s, i, m) -> Column.setDouble(s, i, m.stats().getCiHigh())),
            new Column<>(
                    "reliable", (s, i, m) -> Column.setBoolean(s, i, m.stats().getReliableImprovement())),
            new Column<>("meets_threshold", (s, i, m) -> Column.setBoolean(s, i, meetsThreshold(m))),
            new Column<>(
                    "autocorrelation",
                    (s, i, m) -> Column.setDouble(s, i, m.stats().getAutocorrelation())),
            new Column<>("reference_n", (s, i, m) -> s.setInt(i, m.stats().getReferenceN())),
            new Column<>(
                    "reference_mean",
                    (s, i, m) -> Column.setDouble(s, i, m.stats().getReferenceMean())),
            new Column<>(
                    "adjusted_delta",
                    (s, i, m) -> Column.setDouble(s, i, m.stats().getAdjustedDelta())),
            new Column<>(
                    "adjusted_ci_low",
                    (s, i, m) -> Column.setDouble(s, i, m.stats().getAdjustedCiLow())),
            new Column<>(
                    "adjusted_ci_high",
                    (s, i, m) -> Column.setDouble(s, i, m.stats().getAdjustedCiHigh())));

    /** One metric's statistics, with the definition version of the record that carries them. */
    record Stats(MetricStats stats, int definitionVersion) {}

    static final String NAME = "sleep_change";
    static final List<String> KEY = List.of("clinic_id", "client_id", "session_id", "metric_window");
    static final List<Column<SleepChangeMetric>> COLUMNS = columns();
    static final String UPSERT = Column.upsert(NAME, COLUMNS, KEY, "sleep_change.revision < excluded.revision");
    /** The revisions the table holds for a set of keys, given as four parallel text arrays. */
    static final String CURRENT_REVISIONS = "select s.clinic_id, s.client_id, s.session_id, s.metric_window, s.revision"
            + " from unnest(?::text[], ?::text[], ?::text[], ?::text[])"
            + " as k(clinic_id, client_id, session_id, metric_window)"
            + " join sleep_change s using (clinic_id, client_id, session_id, metric_window)";

    static final String DELETE =
            "delete from sleep_change where clinic_id = ? and client_id = ? and session_id = ? and metric_window = ?";

    private SleepChangeTable() {}

    static void bindUpsert(PreparedStatement statement, SleepChangeMetric value) throws SQLException {
        Column.bindAll(statement, COLUMNS, value);
    }

    /** The revision of each key that has a row; one query, whatever the number of keys. */
    static Map<MetricKey, Long> currentRevisions(Connection connection, List<MetricKey> keys) throws SQLException {
        Map<MetricKey, Long> revisions = new HashMap<>();
        if (keys.isEmpty()) {
            return revisions;
        }
        try (PreparedStatement statement = connection.prepareStatement(CURRENT_REVISIONS)) {
            statement.setArray(
                    1,
                    connection.createArrayOf(
                            "text", keys.stream().map(MetricKey::clinicId).toArray()));
            statement.setArray(
                    2,
                    connection.createArrayOf(
                            "text", keys.stream().map(MetricKey::clientId).toArray()));
            statement.setArray(
                    3,
                    connection.createArrayOf(
                            "text", keys.stream().map(MetricKey::sessionId).toArray()));
            statement.setArray(
                    4,
                    connection.createArrayOf(
                            "text",
                            keys.stream().map(key -> key.window().name()).toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    revisions.put(
                            new MetricKey(
                                    rows.getString(1),
                                    rows.getString(2),
                                    rows.getString(3),
                                    MetricWindow.valueOf(rows.getString(4))),
                            rows.getLong(5));
                }
            }
        }
        return revisions;
    }

    static void bindDelete(PreparedStatement statement, MetricKey key) throws SQLException {
        statement.setString(1, key.clinicId());
        statement.setString(2, key.clientId());
        statement.setString(3, key.sessionId());
        statement.setString(4, key.window().name());
    }

    /**
     * Whether delta alone meets the clinical threshold. A definition-1 record has no meetsThreshold: its
     * meaningfulImprovement was exactly that (V4 copies it likewise for the rows written before), so
     * {@code _meets_threshold} means the same in every row whatever definition computed it.
     */
    static Boolean meetsThreshold(Stats m) {
        if (m.stats().getMeetsThreshold() == null && m.definitionVersion() < 2) {
            return m.stats().getMeaningfulImprovement();
        }
        return m.stats().getMeetsThreshold();
    }

    private static List<Column<SleepChangeMetric>> columns() {
        List<Column<SleepChangeMetric>> columns = new ArrayList<>(List.of(
                new Column<>("clinic_id", (s, i, v) -> s.setString(i, v.getClinicId())),
                new Column<>("client_id", (s, i, v) -> s.setString(i, v.getClientId())),
                new Column<>("session_id", (s, i, v) -> s.setString(i, v.getSessionId())),
                new Column<>(
                        "metric_window",
                        (s, i, v) -> s.setString(i, v.getWindow().name())),
                new Column<>(
                        "modality", (s, i, v) -> s.setString(i, v.getModality().name())),
                new Column<>("first_night", (s, i, v) -> s.setObject(i, v.getFirstNight())),
                new Column<>("window_start", (s, i, v) -> s.setObject(i, v.getWindowStart())),
                new Column<>("window_end", (s, i, v) -> s.setObject(i, v.getWindowEnd())),
                new Column<>("baseline_start", (s, i, v) -> s.setObject(i, v.getBaselineStart())),
                new Column<>("baseline_end", (s, i, v) -> s.setObject(i, v.getBaselineEnd())),
                new Column<>("sessions_in_window", (s, i, v) -> Column.setInt(s, i, v.getSessionsInWindow())),
                new Column<>("revision", (s, i, v) -> s.setLong(i, v.getRevision())),
                new Column<>("complete", (s, i, v) -> s.setBoolean(i, v.getComplete())),
                // V4 (SleepChangeMetric v2, issue 9)
                new Column<>("reference_start", (s, i, v) -> Column.setDate(s, i, v.getReferenceStart())),
                new Column<>("reference_end", (s, i, v) -> Column.setDate(s, i, v.getReferenceEnd())),
                new Column<>("mixed_sources", (s, i, v) -> s.setBoolean(i, v.getMixedSources())),
                new Column<>("definition_version", (s, i, v) -> s.setInt(i, v.getDefinitionVersion()))));
        // <metric in snake_case>_<statistic>, mechanically from the record, in the record's metric order.
        for (Schema.Field metric : SleepMetrics.getClassSchema().getFields()) {
            int position = metric.pos();
            String prefix = Column.snakeCase(metric.name()) + "_";
            for (Column<Stats> stat : STATS) {
                columns.add(new Column<>(
                        prefix + stat.name(),
                        (s, i, v) -> stat.binder()
                                .bind(
                                        s,
                                        i,
                                        new Stats(
                                                (MetricStats) v.getMetrics().get(position),
                                                v.getDefinitionVersion()))));
            }
        }
        return List.copyOf(columns);
    }
}
