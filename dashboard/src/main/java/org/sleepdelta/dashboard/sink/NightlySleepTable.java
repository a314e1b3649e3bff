package org.sleepdelta.dashboard.sink;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.sleepdelta.avro.NightlySleep;

/** The {@code nightly_sleep} table (V1): one row per client-night, the last write wins. */
final class NightlySleepTable {
    static final String NAME = "nightly_sleep";
    static final List<String> KEY = List.of("clinic_id", "client_id", "night");
    static final List<Column<NightlySleep>> COLUMNS = List.of(
            new Column<>("clinic_id", (s, i, v) -> s.setString(i, v.getClinicId())),
            new Column<>("client_id", (s, i, v) -> s.setString(i, v.getClientId())),
            new Column<>("night", (s, i, v) -> s.setObject(i, v.getNight())),
            new Column<>("source", (s, i, v) -> s.setString(i, v.getSource().name())),
            new Column<>("source_record_id", (s, i, v) -> s.setString(i, v.getSourceRecordId())),
            new Column<>("main_sleep_start", (s, i, v) -> Column.setTimestamp(s, i, v.getMainSleepStart())),
            new Column<>("main_sleep_end", (s, i, v) -> Column.setTimestamp(s, i, v.getMainSleepEnd())),
            new Column<>("timezone", (s, i, v) -> s.setString(i, v.getTimezone())),
            new Column<>("total_sleep_minutes", (s, i, v) -> s.setDouble(i, v.getTotalSleepMinutes())),
            new Column<>("sleep_efficiency_pct", (s, i, v) -> Column.setDouble(s, i, v.getSleepEfficiencyPct())),
            new Column<>("sleep_latency_minutes", (s, i, v) -> Column.setDouble(s, i, v.getSleepLatencyMinutes())),
            new Column<>("waso_minutes", (s, i, v) -> Column.setDouble(s, i, v.getWasoMinutes())),
            new Column<>("awakenings", (s, i, v) -> Column.setDouble(s, i, v.getAwakenings())),
            new Column<>("deep_minutes", (s, i, v) -> Column.setDouble(s, i, v.getDeepMinutes())),
            new Column<>("rem_minutes", (s, i, v) -> Column.setDouble(s, i, v.getRemMinutes())),
            new Column<>("resting_heart_rate_bpm", (s, i, v) -> Column.setDouble(s, i, v.getRestingHeartRateBpm())),
            new Column<>("hrv_rmssd_ms", (s, i, v) -> Column.setDouble(s, i, v.getHrvRmssdMs())),
            new Column<>("records_that_night", (s, i, v) -> s.setInt(i, v.getRecordsThatNight())));
    static final String UPSERT = Column.upsert(NAME, COLUMNS, KEY, null);
    static final String DELETE = "delete from nightly_sleep where clinic_id = ? and client_id = ? and night = ?";

    private NightlySleepTable() {}

    static void bindUpsert(PreparedStatement statement, NightlySleep value) throws SQLException {
        Column.bindAll(statement, COLUMNS, value);
    }

    static void bindDelete(PreparedStatement statement, NightKey key) throws SQLException {
        statement.setString(1, key.clinicId());
        statement.setString(2, key.clientId());
        statement.setObject(3, key.night());
    }
}
