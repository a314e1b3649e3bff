package org.sleepdelta.dashboard.sink;

import java.time.Duration;
import java.util.Objects;
import org.sleepdelta.platform.config.KafkaClientProperties;

/**
 * Everything the sink needs to run, checked ({@link SinkConfiguration#settings}).
 *
 * @param jdbcPassword     null when the server needs none; never printed
 * @param batchMaxRecords  records per poll, and so per database transaction
 * @param metricsPort      where {@code /metrics} is to be served (by the caller; the sink only keeps it)
 * @param retryBackoffMax  the longest wait between attempts while the database fails
 * @param databaseWait     how long start waits for the database to accept a connection
 * @param rejectionsRetention how long a row of {@code sink_rejections} is kept
 * @param kafka            kafka.* client properties for the consumer; secrets masked in {@link #toString()}
 * @param tls              the connection's {@code sslmode} and CA file
 * @param maxRowRetries    how often a batch PostgreSQL refuses for good is retried before its refused rows go to
 *                         {@code sink_rejections}
 */
public record SinkSettings(
        String bootstrapServers,
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        String groupId,
        int batchMaxRecords,
        Duration pollTimeout,
        int metricsPort,
        Duration retryBackoffMax,
        Duration databaseWait,
        Duration rejectionsRetention,
        KafkaClientProperties kafka,
        PostgresTls tls,
        int maxRowRetries) {

    /** The default of {@code max-row-retries}. */
    public static final int DEFAULT_MAX_ROW_RETRIES = 3;

    /** Without kafka.* client properties (an open cluster: tests, the embedded broker) and without TLS settings. */
    public SinkSettings(
            String bootstrapServers,
            String jdbcUrl,
            String jdbcUser,
            String jdbcPassword,
            String groupId,
            int batchMaxRecords,
            Duration pollTimeout,
            int metricsPort,
            Duration retryBackoffMax,
            Duration databaseWait,
            Duration rejectionsRetention) {
        this(
                bootstrapServers,
                jdbcUrl,
                jdbcUser,
                jdbcPassword,
                groupId,
                batchMaxRecords,
                pollTimeout,
                metricsPort,
                retryBackoffMax,
                databaseWait,
                rejectionsRetention,
                KafkaClientProperties.none(),
                PostgresTls.DRIVER_DEFAULTS,
                DEFAULT_MAX_ROW_RETRIES);
    }

    public SinkSettings {
        kafka = kafka == null ? KafkaClientProperties.none() : kafka;
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(jdbcUser, "jdbcUser");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(pollTimeout, "pollTimeout");
        Objects.requireNonNull(retryBackoffMax, "retryBackoffMax");
        Objects.requireNonNull(databaseWait, "databaseWait");
        Objects.requireNonNull(rejectionsRetention, "rejectionsRetention");
        Objects.requireNonNull(tls, "tls");
        tls.checkAgainst(jdbcUrl);
        if (batchMaxRecords < 1) {
            throw new IllegalArgumentException("batchMaxRecords must be at least 1");
        }
        if (maxRowRetries < 0) {
            throw new IllegalArgumentException("maxRowRetries must be at least 0, got " + maxRowRetries);
        }
    }

    /**
     * The JDBC URL as logs and errors may show it: without its parameters, where a password could be given
     * ({@code ?password=}), and without any {@code user:password@}.
     */
    public String jdbcUrlForLogs() {
        String withoutParameters = jdbcUrl.replaceFirst("[?#].*$", "");
        return withoutParameters.replaceFirst("^(jdbc:postgresql://)[^/@]*@", "$1");
    }

    /** Like the generated one, but the password is masked and the URL shown without its parameters. */
    @Override
    public String toString() {
        return "SinkSettings[bootstrapServers=" + bootstrapServers + ", jdbcUrl=" + jdbcUrlForLogs() + ", jdbcUser="
                + jdbcUser + ", jdbcPassword=" + (jdbcPassword == null ? "(none)" : "<secret>") + ", groupId="
                + groupId + ", batchMaxRecords=" + batchMaxRecords + ", pollTimeout=" + pollTimeout + ", metricsPort="
                + metricsPort + ", retryBackoffMax=" + retryBackoffMax + ", databaseWait=" + databaseWait
                + ", rejectionsRetention=" + rejectionsRetention + ", kafka=" + kafka + ", tls=" + tls
                + ", maxRowRetries=" + maxRowRetries + "]";
    }
}
