package org.sleepdelta.cli.run;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.sleepdelta.dashboard.local.InitScript;

/**
 * A real PostgreSQL server on loopback (Maven Central binaries, a fresh data directory removed on close), set up by
 * the compose init script: the sink's user owns the database, Grafana's user may only read.
 */
public final class LocalDatabase implements AutoCloseable {
    private final EmbeddedPostgres postgres;

    private LocalDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** @param port the server's port; 0 picks a free one */
    public static LocalDatabase start(int port) throws IOException, SQLException {
        int resolved = port == 0 ? PreferredPort.anyFree() : port; // the server needs a concrete port before it starts
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setPort(resolved)
                    .setServerConfig("listen_addresses", "127.0.0.1") // loopback only: the server trusts local logins
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new IOException(
                    "could not start the embedded PostgreSQL on 127.0.0.1:" + resolved + " ("
                            + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                            + "; binaries are bundled for "
                            + "Linux and macOS on x86-64 and for Windows): " + e.getMessage(),
                    e);
        }
        try {
            InitScript.run(
                    database -> postgres.getDatabase("postgres", database).getConnection());
            return new LocalDatabase(postgres);
        } catch (SQLException | RuntimeException e) {
            try {
                postgres.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + InitScript.DATABASE;
    }

    /** A read-only session as Grafana's user: what the dashboards can see. */
    public Connection readerConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), InitScript.READER_USER, InitScript.READER_PASSWORD);
    }

    /**
     * Waits until {@code sleep_change} holds exactly the given final state of the dashboard topic: that many rows,
     * whose revisions add up to the topic's. The sink never goes back a revision, so equal sums mean every row is at
     * its latest revision. Returns false if that did not happen within the timeout.
     */
    public boolean awaitSleepChange(long keys, long revisionSum, Duration timeout)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection connection = readerConnection();
                PreparedStatement statement =
                        connection.prepareStatement("SELECT count(*), coalesce(sum(revision), 0) FROM sleep_change")) {
            while (true) {
                try (ResultSet r = statement.executeQuery()) {
                    r.next();
                    if (r.getLong(1) == keys && r.getLong(2) == revisionSum) {
                        return true;
                    }
                }
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(100); // polling the table another component fills; there is nothing to block on
            }
        }
    }

    /** Rows in a dashboard table, as Grafana's user sees them. */
    public long rows(String table) throws SQLException {
        if (!table.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        try (Connection connection = readerConnection();
                Statement statement = connection.createStatement();
                ResultSet r = statement.executeQuery("SELECT count(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** For clean-up after another failure, which is the one to report. */
    public static void closeQuietly(LocalDatabase database) {
        try {
            database.close();
        } catch (IOException ignored) {
            // the embedded server's own shutdown hook is the last resort
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
