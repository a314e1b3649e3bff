package org.sleepdelta.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.dashboard.provisioning.ComposeInitScript;
import org.sleepdelta.dashboard.sink.SinkConfiguration;
import org.sleepdelta.dashboard.sink.SinkService;
import org.sleepdelta.embedded.PipelineAcls;
import org.sleepdelta.embedded.SecurityMode;
import org.sleepdelta.embedded.testing.KafkaTestBroker;
import org.sleepdelta.embedded.testing.SecuredTestBroker;
import org.sleepdelta.ingest.auth.ApiKeyPepper;
import org.sleepdelta.ingest.auth.ApiKeyTool;
import org.sleepdelta.ingest.http.IngestConfiguration;
import org.sleepdelta.ingest.http.IngestService;
import org.sleepdelta.platform.config.ConfigLoader;
import org.sleepdelta.schemas.TopicSetup;
import org.sleepdelta.schemas.json.CanonicalJson;
import org.sleepdelta.streams.app.SleepChangeApp;
import org.sleepdelta.streams.app.StreamsAppSettings;
import org.sleepdelta.streams.app.StreamsConfiguration;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline on a SASL_SSL (SCRAM-SHA-512) broker with only {@link PipelineAcls} granted (issue 10): the
 * administrator creates the topics and the ACLs; ingest runs as {@code User:ingest}, the streams application as
 * {@code User:streams} and the sink as {@code User:sink}, each configured with its own credentials and nothing else
 * through the {@code kafka.*} keys of its own properties file, with the services' default transactional-id prefix,
 * application id and group id (the names the ACLs are for). A clinic posts nights and a completed session over HTTP,
 * and the sleep-change rows reach PostgreSQL; the streams application stays RUNNING and no service logs an
 * authorization error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredPipelineIT {
    private static final int PARTITIONS = 1;
    private static final String CLINIC = "clinic-secured";
    private static final String CLIENT = "client-secured-1";
    private static final String SESSION = "session-secured-1";
    /** Authorization failures as Kafka's clients, Kafka Streams and our services word them. */
    private static final Pattern AUTHORIZATION_ERROR =
            Pattern.compile("(?i)authorization[ _]?(exception|failed|error)|not authorized");
    /** Kafka's producer Sender logs refusals at WARN; the application's logback.xml shows it only at ERROR. */
    private static final String SENDER_LOGGER = "org.apache.kafka.clients.producer.internals.Sender";

    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Level senderLevel;

    private SecuredTestBroker broker;
    private EmbeddedPostgres postgres;
    private IngestService ingest;
    private SleepChangeApp streams;
    private SinkService sink;
    private String apiKey;

    @BeforeAll
    void startTheSecuredPipeline(@TempDir Path dir) throws Exception {
        captureLogs();
        broker = started(KafkaTestBroker.secured(SecurityMode.SASL_SSL, "ingest", "streams", "sink"));
        try (Admin admin = broker.admin()) {
            // What an administrator does before the services start: the topics, then the grants.
            TopicSetup.ensure(admin, PARTITIONS, (short) 1);
        }
        broker.createAcls(PipelineAcls.bindings());

        postgres = started(EmbeddedPostgres.start());
        ComposeInitScript.run(postgres);
        String pepper = "secured-pipeline-test-pepper-of-32-bytes-0";
        ApiKeyTool.NewApiKey key = ApiKeyTool.create(ApiKeyPepper.of(pepper), CLINIC, "secured-pipeline-test");
        apiKey = key.key();

        ingest = started(new IngestService(ConfigLoader.of(IngestConfiguration.ALL)
                .file(serviceFile(dir, "ingest", Map.of("http-port", "0")))
                .environment(Map.of(
                        "SLEEPDELTA_API_KEYS",
                        key.keysFileLine(),
                        "SLEEPDELTA_API_KEY_PEPPER",
                        pepper,
                        "SLEEPDELTA_MASTER_KEYS",
                        CliTestKeys.TEXT))
                .load()));

        // As `sleepdelta streams` does with its default --create-topics: the start-up topic check, as User:streams.
        Path streamsFile = serviceFile(
                dir,
                "streams",
                Map.of(
                        "partitions", Integer.toString(PARTITIONS),
                        "state-dir",
                                Files.createDirectories(dir.resolve("state")).toString(),
                        "metrics-port", "0"));
        StreamsAppSettings streamsSettings = StreamsConfiguration.appSettings(ConfigLoader.of(StreamsConfiguration.ALL)
                .file(streamsFile)
                .environment(Map.of("SLEEPDELTA_MASTER_KEYS", CliTestKeys.TEXT))
                .load());
        assertThat(streamsSettings.applicationId()).isEqualTo(PipelineAcls.Names.DEFAULT_STREAMS_APPLICATION_ID);
        try (Admin admin = Admin.create(StreamsCommand.adminConfig(streamsSettings))) {
            TopicSetup.ensure(admin, PARTITIONS, (short) 1);
        }
        streams = started(SleepChangeApp.start(streamsSettings, Duration.ofSeconds(60)));

        sink = started(new SinkService(ConfigLoader.of(SinkConfiguration.ALL)
                .file(serviceFile(
                        dir,
                        "sink",
                        Map.of(
                                "jdbc-url", postgres.getJdbcUrl("sleepdelta_sink", "sleepdelta"),
                                "jdbc-user", "sleepdelta_sink",
                                "metrics-port", "0")))
                .environment(Map.of())
                .load()));
        ingest.start();
        sink.start();
    }

    @AfterAll
    void stopThePipeline() throws Exception {
        Exception failure = null;
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(logs);
        logs.stop();
        ((Logger) LoggerFactory.getLogger(SENDER_LOGGER)).setLevel(senderLevel);
        if (failure != null) {
            throw failure;
        }
    }

    @Test
    void postedNightsAndASessionBecomeSleepChangeRowsAndNoServiceIsRefused() throws Exception {
        // A completed session eight days ago, 14 baseline nights before it and post nights after it.
        LocalDate sessionDay = LocalDate.now(ZoneOffset.UTC).minusDays(8);
        ArrayNode sessions = CanonicalJson.mapper().createArrayNode();
        sessions.add(session(sessionDay.atTime(10, 0).toInstant(ZoneOffset.UTC)));
        ArrayNode nights = CanonicalJson.mapper().createArrayNode();
        for (int offset = -16; offset <= 5; offset++) {
            int minutes = offset < 0 ? 400 + (offset % 4) * 10 : 460;
            nights.add(night("secured-night-" + (offset + 16), sessionDay.plusDays(offset), minutes));
        }

        assertThat(post("/v1/massage-sessions", sessions)).isEqualTo(202);
        assertThat(post("/v1/sleep-records", nights)).isEqualTo(202);

        await("the sleep-change rows of the client in PostgreSQL")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                // a missing grant shows at once, by name, rather than as a timeout
                .failFast(
                        "a service was refused",
                        () -> assertThat(authorizationErrors())
                                .as("authorization errors logged")
                                .isEmpty())
                .untilAsserted(() -> {
                    assertThat(streams.failure()).as("Kafka Streams failure").isNull();
                    assertThat(weekOneDelta()).as("WEEK_1 total sleep delta").isNotNull();
                });
        assertThat(weekOneDelta()).isPositive();

        assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(streams.failure()).isNull();
        assertThat(sink.status().ready()).as("sink ready").isTrue();
        assertThat(authorizationErrors()).as("authorization errors logged").isEmpty();
    }

    /** The client's WEEK_1 total-sleep delta in the dashboard table, or null while there is none. */
    private Double weekOneDelta() throws Exception {
        String url = postgres.getJdbcUrl("grafana_reader", "sleepdelta");
        try (Connection c = DriverManager.getConnection(url, "grafana_reader", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select total_sleep_minutes_delta from sleep_change where clinic_id = '"
                        + CLINIC + "' and client_id = '" + CLIENT + "' and session_id = '" + SESSION
                        + "' and metric_window = 'WEEK_1'")) {
            if (!rs.next()) {
                return null;
            }
            double delta = rs.getDouble(1);
            return rs.wasNull() ? null : delta;
        }
    }

    private int post(String path, ArrayNode body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.port() + path))
                                .header("Authorization", "Bearer " + apiKey)
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return response.statusCode();
    }

    private static ObjectNode night(String sourceRecordId, LocalDate evening, int totalSleepMinutes) {
        Instant start = evening.atTime(23, 0).toInstant(ZoneOffset.UTC);
        ObjectNode o = CanonicalJson.mapper().createObjectNode();
        o.put("clinicId", CLINIC);
        o.put("clientId", CLIENT);
        o.put("source", "OURA");
        o.put("sourceRecordId", sourceRecordId);
        o.put("sleepStart", start.toString());
        o.put("sleepEnd", start.plus(Duration.ofHours(8)).toString());
        o.put("timezone", "UTC");
        o.put("totalSleepMinutes", totalSleepMinutes);
        return o;
    }

    private static ObjectNode session(Instant start) {
        ObjectNode o = CanonicalJson.mapper().createObjectNode();
        o.put("clinicId", CLINIC);
        o.put("clientId", CLIENT);
        o.put("sessionId", SESSION);
        o.put("modality", "SWEDISH");
        o.put("start", start.toString());
        o.put("durationMinutes", 60);
        o.put("timezone", "UTC");
        o.put("status", "COMPLETED");
        return o;
    }

    /**
     * A service's properties file: its settings, and its principal's Kafka client settings as {@code kafka.*} keys
     * (security.protocol, sasl.mechanism, sasl.jaas.config, the truststore), nothing of any other principal's.
     */
    private Path serviceFile(Path dir, String user, Map<String, String> settings) throws IOException {
        Properties properties = new Properties();
        properties.putAll(settings);
        properties.put("bootstrap-servers", broker.bootstrapServers());
        for (Map.Entry<String, Object> e : broker.clientProperties(user).entrySet()) {
            if (!e.getKey().equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
                properties.put("kafka." + e.getKey(), String.valueOf(e.getValue()));
            }
        }
        Path file = dir.resolve(user + ".properties");
        try (Writer out = Files.newBufferedWriter(file)) {
            properties.store(out, "sleepdelta " + user + " as User:" + user);
        }
        return file;
    }

    private void captureLogs() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        logs.setContext(context);
        logs.start();
        Logger sender = (Logger) LoggerFactory.getLogger(SENDER_LOGGER);
        senderLevel = sender.getLevel();
        sender.setLevel(Level.WARN);
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    private List<String> authorizationErrors() {
        List<String> found = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(logs.list)) {
            StringBuilder text = new StringBuilder(event.getFormattedMessage());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                text.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
            }
            if (AUTHORIZATION_ERROR.matcher(text).find()) {
                found.add(event.getLevel() + " " + event.getLoggerName() + " - " + text);
            }
        }
        return found;
    }

    private <T extends AutoCloseable> T started(T resource) {
        running.push(resource);
        return resource;
    }
}
