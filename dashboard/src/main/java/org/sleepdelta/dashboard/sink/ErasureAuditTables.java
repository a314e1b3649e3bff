package org.sleepdelta.dashboard.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.sleepdelta.schemas.erasure.ErasureEvent;

/**
 * The {@code erasure_audit} and {@code erasure_outbox} tables (V6): a completed stage is written to both in the
 * transaction that completed it, so the audit in PostgreSQL and the event for {@code erasure-audit} exist exactly when
 * the rows are gone ({@link AuditPublisher} sends the outbox). Statements only; the caller owns the transaction.
 */
final class ErasureAuditTables {
    static final String INSERT_AUDIT = "insert into erasure_audit"
            + " (erasure_id, clinic_id, action, stage, completed_at, by, detail) values (?, ?, ?, ?, ?, ?, ?)"
            + " on conflict (erasure_id, stage) do nothing";
    static final String INSERT_OUTBOX = "insert into erasure_outbox (event_key, event_value) values (?, ?)";

    private ErasureAuditTables() {}

    static void record(Connection connection, ErasureEvent event) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_AUDIT)) {
            statement.setString(1, event.erasureId());
            statement.setString(2, event.clinicId());
            statement.setString(3, event.action().name());
            statement.setString(4, event.stage().name());
            Column.setTimestamp(statement, 5, event.at());
            statement.setString(6, event.by());
            statement.setString(7, event.detail());
            if (statement.executeUpdate() == 0) {
                return; // this stage of this erasure was recorded before: its event too
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(INSERT_OUTBOX)) {
            statement.setString(1, event.key());
            statement.setBytes(2, event.encode());
            statement.executeUpdate();
        }
    }
}
