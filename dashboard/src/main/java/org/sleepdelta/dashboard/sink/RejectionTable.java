package org.sleepdelta.dashboard.sink;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** The {@code sink_rejections} table (V2): one row per rejected record, written once even if the record is re-read. */
final class RejectionTable {
    static final String INSERT = "insert into sink_rejections (topic, kafka_partition, kafka_offset, reason, detail,"
            + " record_key, record_value, record_timestamp) values (?, ?, ?, ?, ?, ?, ?, ?)"
            + " on conflict (topic, kafka_partition, kafka_offset) do nothing";

    private RejectionTable() {}

    static void bind(PreparedStatement statement, SinkRejection rejection) throws SQLException {
        statement.setString(1, rejection.topic());
        statement.setInt(2, rejection.partition());
        statement.setLong(3, rejection.offset());
        statement.setString(4, rejection.reason().name());
        statement.setString(5, rejection.detail());
        statement.setBytes(6, rejection.key());
        statement.setBytes(7, rejection.value());
        if (rejection.timestamp() < 0) {
            statement.setNull(8, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            Column.setTimestamp(statement, 8, Instant.ofEpochMilli(rejection.timestamp()));
        }
    }
}
