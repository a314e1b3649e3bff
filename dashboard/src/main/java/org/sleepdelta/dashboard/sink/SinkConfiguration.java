package org.sleepdelta.dashboard.sink;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.sleepdelta.platform.config.Configuration;
import org.sleepdelta.platform.config.HostPort;
import org.sleepdelta.platform.config.InvalidValueException;
import org.sleepdelta.platform.config.KafkaClientProperties;
import org.sleepdelta.platform.config.Setting;

/** The settings the PostgreSQL sink reads (defaults &lt; file &lt; SLEEPDELTA_* environment). */
public final class SinkConfiguration {
    public static final Setting<List<HostPort>> BOOTSTRAP_SERVERS =
            Setting.hostPorts("bootstrap-servers").withDefault("127.0.0.1:9092");
    /** Put the password in {@link #JDBC_PASSWORD}, never in the URL: the URL is shown by {@code --print-config}. */
    public static final Setting<String> JDBC_URL = Setting.custom(
                    "jdbc-url",
                    "a PostgreSQL JDBC URL like jdbc:postgresql://db:5432/sleepdelta",
                    SinkConfiguration::postgresUrl)
            .withDefault("jdbc:postgresql://127.0.0.1:5432/sleepdelta");

    public static final Setting<String> JDBC_USER = Setting.string("jdbc-user").withDefault("sleepdelta");
    /** Unset for servers that authenticate without a password (trust, peer, certificates). */
    public static final Setting<String> JDBC_PASSWORD =
            Setting.string("jdbc-password").secret().optional();

    /**
     * pgjdbc's {@code sslmode}: {@code verify-full} to encrypt and check the server's certificate and host name. Unset:
     * the driver's default ({@code prefer}) or what the URL says.
     */
    public static final Setting<String> JDBC_SSLMODE = Setting.custom(
                    "jdbc-sslmode", "one of " + String.join(", ", PostgresTls.MODES), SinkConfiguration::sslMode)
            .optional();
    /** The CA file (PEM) the server's certificate must chain to, for verify-ca and verify-full. */
    public static final Setting<Path> JDBC_SSLROOTCERT = Setting.custom(
                    "jdbc-sslrootcert",
                    "the path of an existing, readable PEM file with the CA certificate(s)",
                    SinkConfiguration::existingFile)
            .optional();

    public static final Setting<String> GROUP_ID = Setting.string("group-id").withDefault("sleepdelta-sink");
    /** Records per poll, and so per database transaction. */
    public static final Setting<Integer> BATCH_MAX_RECORDS =
            Setting.integer("batch-max-records", 1, 50_000).withDefault("2000");

    public static final Setting<Duration> POLL_TIMEOUT = Setting.duration(
                    "poll-timeout", Duration.ofMillis(10), Duration.ofMinutes(1))
            .withDefault("1s");
    /** Where /metrics and /health/* listen; 0.0.0.0 in a container, so Prometheus and healthchecks can reach them. */
    public static final Setting<String> METRICS_HOST =
            Setting.string("metrics-host").withDefault("127.0.0.1");

    public static final Setting<Integer> METRICS_PORT =
            Setting.integer("metrics-port", 0, 65535).withDefault("8082");
    /**
     * The longest wait between attempts to write a batch while the database fails. Capped well below Kafka's
     * {@code max.poll.interval.ms} (5 min), which the sink must not exceed while it waits.
     */
    public static final Setting<Duration> RETRY_BACKOFF_MAX = Setting.duration(
                    "retry-backoff-max", Duration.ofMillis(100), Duration.ofMinutes(2))
            .withDefault("30s");

    /**
     * How long start waits for PostgreSQL to accept a connection (it is often started at the same time) before the
     * sink gives up with an error.
     */
    public static final Setting<Duration> DATABASE_WAIT = Setting.duration(
                    "database-wait", Duration.ofSeconds(1), Duration.ofHours(1))
            .withDefault("2m");

    /**
     * How long {@code sink_rejections} keeps a rejected record (with its raw bytes, which may be health data); older
     * rows are deleted by the sink, about once an hour.
     */
    public static final Setting<Duration> REJECTIONS_RETENTION = Setting.duration(
                    "rejections-retention", Duration.ofHours(1), Duration.ofDays(3650))
            .withDefault("30d");

    /**
     * How often a batch PostgreSQL refuses for good (a constraint, a value out of range: SQLState class 22 or 23) is
     * retried, with the usual backoff, before it is written in parts and its refused rows go to {@code sink_rejections}.
     */
    public static final Setting<Integer> MAX_ROW_RETRIES = Setting.integer("max-row-retries", 0, 100)
            .withDefault(String.valueOf(SinkSettings.DEFAULT_MAX_ROW_RETRIES));

    public static final List<Setting<?>> ALL = List.of(
            BOOTSTRAP_SERVERS,
            JDBC_URL,
            JDBC_USER,
            JDBC_PASSWORD,
            JDBC_SSLMODE,
            JDBC_SSLROOTCERT,
            GROUP_ID,
            BATCH_MAX_RECORDS,
            POLL_TIMEOUT,
            METRICS_HOST,
            METRICS_PORT,
            RETRY_BACKOFF_MAX,
            DATABASE_WAIT,
            REJECTIONS_RETENTION,
            MAX_ROW_RETRIES,
            KafkaClientProperties.SETTING);

    private SinkConfiguration() {}

    public static SinkSettings settings(Configuration config) {
        return new SinkSettings(
                HostPort.commaSeparated(config.get(BOOTSTRAP_SERVERS)),
                config.get(JDBC_URL),
                config.get(JDBC_USER),
                config.find(JDBC_PASSWORD).orElse(null),
                config.get(GROUP_ID),
                config.get(BATCH_MAX_RECORDS),
                config.get(POLL_TIMEOUT),
                config.get(METRICS_PORT),
                config.get(RETRY_BACKOFF_MAX),
                config.get(DATABASE_WAIT),
                config.get(REJECTIONS_RETENTION),
                config.get(KafkaClientProperties.SETTING),
                new PostgresTls(
                        config.find(JDBC_SSLMODE).orElse(null),
                        config.find(JDBC_SSLROOTCERT).orElse(null)),
                config.get(MAX_ROW_RETRIES));
    }

    private static String sslMode(String text) {
        if (!PostgresTls.MODES.contains(text)) {
            throw new InvalidValueException("not an sslmode");
        }
        return text;
    }

    private static Path existingFile(String text) {
        Path path = Path.of(text);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new InvalidValueException(Files.exists(path) ? "not a readable regular file" : "no such file");
        }
        return path;
    }

    private static String postgresUrl(String text) {
        if (!text.startsWith("jdbc:postgresql:")) {
            throw new InvalidValueException("it must start with jdbc:postgresql:");
        }
        return text;
    }
}
