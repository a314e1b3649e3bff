package org.sleepdelta.dashboard.provisioning;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Runs dashboard/postgres/init.sql on an embedded server the way the postgres image does on first start. */
public final class ComposeInitScript {
    private ComposeInitScript() {}

    /** Statements in order, psql's {@code \connect} switching the database. */
    public static void run(EmbeddedPostgres postgres) throws SQLException {
        String database = "postgres";
        StringBuilder statements = new StringBuilder();
        for (String line : Repo.read("dashboard/postgres/init.sql").split("\n")) {
            if (line.startsWith("\\connect ")) {
                execute(postgres, database, statements.toString());
                statements.setLength(0);
                database = line.substring("\\connect ".length()).strip();
            } else if (!line.startsWith("--")) {
                statements.append(line).append('\n');
            }
        }
        execute(postgres, database, statements.toString());
    }

    private static void execute(EmbeddedPostgres postgres, String database, String script) throws SQLException {
        try (Connection c = postgres.getDatabase("postgres", database).getConnection(); Statement s = c.createStatement()) {
            for (String statement : script.split(";")) { // init.sql has no ';' inside literals
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        }
    }
}
