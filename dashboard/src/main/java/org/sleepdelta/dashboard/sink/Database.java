package org.sleepdelta.dashboard.sink;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's one PostgreSQL connection (auto-commit off), opened on first use and again after it broke. Used by one
 * thread only.
 */
final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final int VALIDATION_TIMEOUT_SECONDS = 2;
    static final String IDLE_IN_TRANSACTION_TIMEOUT = "1min";

    private final String url;
    private final Properties properties;
    private Connection connection;

    Database(String url, String user, String password) {
        this(url, user, password, PostgresTls.DRIVER_DEFAULTS);
    }

    Database(String url, String user, String password, PostgresTls tls) {
        this.url = url;
        this.properties = properties(user, password);
        tls.addTo(properties);
    }

    /**
     * Connection properties: settings in the JDBC URL override them. {@code logServerErrorDetail=false} keeps the
     * server's error details and the batch's parameter values (health data) out of exception messages, and so out
     * of logs. {@code reWriteBatchedInserts=true} sends a batch of inserts as multi-row statements: about 1.5 times
     * the rows per second (SinkThroughputBenchmarkIT). {@code idle_in_transaction_session_timeout}: the server ends
     * a transaction that an instance left open, paused in the middle of it (a long GC pause), so that its lock on
     * {@code sink_offsets} holds up the partition's new owner for a minute at most ({@link StoredOffsets}); the sink
     * itself never leaves a transaction idle for more than moments.
     */
    static Properties properties(String user, String password) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "sleepdelta-sink");
        properties.setProperty("logServerErrorDetail", "false");
        properties.setProperty("reWriteBatchedInserts", "true");
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("socketTimeout", "120");
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("options", "-c idle_in_transaction_session_timeout=" + IDLE_IN_TRANSACTION_TIMEOUT);
        return properties;
    }

    Connection connection() throws SQLException {
        if (connection == null) {
            Connection opened = DriverManager.getConnection(url, properties);
            opened.setAutoCommit(false);
            connection = opened;
        }
        return connection;
    }

    /** Whether the database answers now, on the sink's connection (opened if need be); drops a broken connection. */
    boolean isReachable() {
        try {
            check();
            return true;
        } catch (SQLException e) {
            log.debug("database not reachable: {}", e.toString());
            return false;
        }
    }

    /**
     * Checks that the database answers now, on the sink's connection (opened if need be); drops a broken connection.
     *
     * @throws SQLException why it does not answer
     */
    void check() throws SQLException {
        try {
            if (!connection().isValid(VALIDATION_TIMEOUT_SECONDS)) {
                throw new SQLException(
                        "the connection did not answer within " + VALIDATION_TIMEOUT_SECONDS + " s", "08006");
            }
        } catch (SQLException e) {
            discard();
            throw e;
        }
    }

    private void discard() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("closing a broken connection failed: {}", e.toString());
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        discard();
    }
}
