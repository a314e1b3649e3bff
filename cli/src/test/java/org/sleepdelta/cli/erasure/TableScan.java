package org.sleepdelta.cli.erasure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Searches every column of every table in the {@code public} schema that can hold text or bytes (text, varchar, json,
 * bytea, arrays), as a role that sees every row, for each marker.
 */
final class TableScan {
    private TableScan() {}

    static List<Finding> search(Connection owner, Markers markers) throws SQLException {
        List<String[]> columns = new ArrayList<>();
        try (ResultSet rs = owner.createStatement()
                .executeQuery("SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c"
                        + " JOIN information_schema.tables t USING (table_schema, table_name)"
                        + " WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'")) {
            while (rs.next()) {
                columns.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (String[] column : columns) {
            String table = quote(column[0]);
            String name = quote(column[1]);
            String condition = "bytea".equals(column[2])
                    ? "position(convert_to(?, 'UTF8') in " + name + ") > 0"
                    : "strpos(" + name + "::text, ?) > 0";
            for (String marker : markers.texts()) {
                try (PreparedStatement query =
                        owner.prepareStatement("SELECT count(*) FROM " + table + " WHERE " + condition)) {
                    query.setString(1, marker);
                    try (ResultSet rs = query.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            findings.add(
                                    new Finding(marker, column[0] + "." + column[1] + " (" + rs.getLong(1) + " rows)"));
                        }
                    }
                }
            }
        }
        return findings;
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
