package org.sleepdelta.dashboard.local;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs dashboard/postgres/init.sql (bundled in the jar) as a superuser, the way the postgres image runs it on first
 * start: statements in order, psql's {@code \connect} switching the database. The compose stack and the demo's
 * embedded database thus get the same users, grants and read-only Grafana role.
 */
public final class InitScript {
    /** A superuser connection to the named database. */
    @FunctionalInterface
    public interface SuperuserConnections {
        Connection open(String database) throws SQLException;
    }

    /** Database, users and the demo passwords the script creates; the Grafana datasource file repeats them. */
    public static final String DATABASE = "sleepdelta";

    public static final String SINK_USER = "sleepdelta_sink";
    public static final String SINK_PASSWORD = "sleepdelta-sink-demo";
    public static final String READER_USER = "grafana_reader";
    public static final String READER_PASSWORD = "grafana-reader-demo";

    private InitScript() {}

    public static String text() {
        return BundledFiles.read("postgres/init.sql");
    }

    public static void run(SuperuserConnections connections) throws SQLException {
        String database = "postgres";
        StringBuilder statements = new StringBuilder();
        for (String line : text().split("\n")) {
            if (line.startsWith("\\connect ")) {
                execute(connections, database, statements.toString());
                statements.setLength(0);
                database = line.substring("\\connect ".length()).strip();
            } else if (!line.startsWith("--")) {
                statements.append(line).append('\n');
            }
        }
        execute(connections, database, statements.toString());
    }

    private static void execute(SuperuserConnections connections, String database, String script) throws SQLException {
        try (Connection c = connections.open(database);
                Statement s = c.createStatement()) {
            for (String statement : script.split(";")) { // init.sql has no ';' inside literals
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        }
    }
}
