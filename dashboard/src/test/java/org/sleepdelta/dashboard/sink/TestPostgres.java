package org.sleepdelta.dashboard.sink;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The one real PostgreSQL server of a test JVM (zonky's embedded binaries, no Docker): started on first use, stopped
 * when the JVM exits. Each test class takes a database of its own with {@link #freshDatabase}.
 */
final class TestPostgres {
    static final String USER = "postgres";

    private static EmbeddedPostgres server;

    private TestPostgres() {}

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL server", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                try {
                                    started.close();
                                } catch (IOException e) {
                                    // The JVM is exiting; the temp directory goes with the next cleanup.
                                }
                            },
                            "test-postgres-shutdown"));
        }
        return server;
    }

    /** A new, empty database on the shared server, named after {@code base}. */
    static TestDatabase freshDatabase(String base) {
        String name = (base.replaceAll("[^A-Za-z0-9]", "_") + "_"
                        + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT);
        EmbeddedPostgres postgres = server();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return new TestDatabase("jdbc:postgresql://localhost:" + postgres.getPort() + "/" + name, USER);
    }

    /** Drops a database of {@link #freshDatabase} that nobody is connected to any more (benchmarks, to save disk). */
    static void drop(TestDatabase database) {
        String name = database.url()
                .replaceFirst("\\?.*", "")
                .substring(database.url().lastIndexOf('/') + 1);
        try (Connection connection = server().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("drop database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop database " + name, e);
        }
    }

    /** A server setting, e.g. {@code fsync}, for reports. */
    static String setting(String name) {
        try (Connection connection = server().getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("show " + name)) {
            result.next();
            return result.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
