package org.sleepdelta.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.dashboard.provisioning.ComposeInitScript;
import org.sleepdelta.dashboard.provisioning.PanelQueries;
import org.sleepdelta.dashboard.provisioning.PanelQueries.Query;
import org.sleepdelta.dashboard.provisioning.PanelQueries.Sample;
import org.sleepdelta.dashboard.provisioning.PromPanelQueries;
import org.sleepdelta.dashboard.provisioning.PrometheusApi;
import org.sleepdelta.dashboard.provisioning.PrometheusBinaries;
import org.sleepdelta.dashboard.provisioning.PrometheusProcess;
import org.sleepdelta.dashboard.provisioning.PrometheusProcess.Target;
import org.sleepdelta.dashboard.provisioning.Repo;
import org.sleepdelta.dashboard.sink.SinkConfiguration;
import org.sleepdelta.dashboard.sink.SinkService;
import org.sleepdelta.embedded.testing.KafkaTestBroker;
import org.sleepdelta.fakes.withings.FakeWithings;
import org.sleepdelta.ingest.auth.ApiKeyPepper;
import org.sleepdelta.ingest.auth.ApiKeyTool;
import org.sleepdelta.ingest.http.IngestConfiguration;
import org.sleepdelta.ingest.http.IngestService;
import org.sleepdelta.platform.config.ConfigLoader;
import org.sleepdelta.platform.metrics.Health;
import org.sleepdelta.platform.metrics.OpsAddress;
import org.sleepdelta.platform.metrics.OpsHttpServer;
import org.sleepdelta.platform.metrics.ServiceMetrics;
import org.sleepdelta.schemas.TopicSetup;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.streams.TopologySettings;
import org.sleepdelta.streams.app.SleepChangeApp;
import org.sleepdelta.streams.app.StreamsAppSettings;

/**
 * Every panel works: after a real pipeline run (a simulated clinic posting over HTTP to ingest, the streams
 * application, the sink into PostgreSQL), every analyst panel, variable and annotation query of the provisioned
 * dashboards returns rows when run as Grafana's read-only user, and every metric name the dashboards and alert
 * rules use is exported by our services' /metrics. Where a {@code prometheus} binary is installed, a real Prometheus
 * then scrapes the three services and evaluates every Ops panel query and the alert rules.
 *
 * <p>The pipeline runs once, before the tests, and keeps serving /metrics until they are done.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardsAfterPipelineIT {
    private static final int PARTITIONS = 3;
    /** Prometheus's scrape and rule evaluation interval here, and the Grafana datasource's scrape interval. */
    private static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(1);

    private static final String ALERTS = "dashboard/prometheus/alerts.yml";
    /**
     * Prometheus panel queries that rightly return no series after a healthy run, each with the reason. The test
     * asserts that they do return none (and that Prometheus accepts them), so a reason that stops being true shows.
     */
    private static final Map<String, String> EMPTY_AFTER_A_HEALTHY_RUN = Map.of(
            "ops.json (Ops), panel \"Firing alerts\" (A)",
            "ALERTS{alertstate=\"firing\"}: no alert fires after a healthy run (checked on the rules, too)");

    /**
     * Panels that rightly draw no number while a healthy run goes through, each with the reason; every other Ops
     * panel must show one at some second of the run.
     */
    private static final Map<String, String> NO_NUMBER_DURING_A_HEALTHY_RUN = Map.of(
            "ops.json (Ops), panel \"Firing alerts\" (A)",
            "no alert fires",
            "ops.json (Ops), panel \"Errors by endpoint and status\" (A)",
            "no request fails; the series appear with the first error, which the test causes after the run");

    /** What runs for the tests, closed in reverse order after them. */
    private final Deque<AutoCloseable> running = new ArrayDeque<>();

    private Path dir;
    private EmbeddedPostgres postgres;
    private String clinic;
    private List<Target> scrapeTargets;
    private URI ingestApi;
    /** Where a prometheus binary is installed: started before the simulated clinic posts, so it sees the run. */
    private PrometheusProcess prometheus;

    private Instant runStarted;
    private Instant runEnded;

    @BeforeAll
    void runThePipeline(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        String bootstrap = KafkaTestBroker.bootstrapServers();
        Admin admin = KafkaTestBroker.admin();
        TopicSetup.ensure(admin, PARTITIONS, (short) 1);
        clinic = KafkaTestBroker.uniqueName("clinic-dash");
        ApiKeyTool.NewApiKey key = ApiKeyTool.create(
                ApiKeyPepper.of("cli-test-pepper-of-at-least-32-bytes-0123"), clinic, "dashboard-test");
        String streamsId = KafkaTestBroker.uniqueName("sleepdelta-dash");
        String sinkGroup = KafkaTestBroker.uniqueName("sink-dash");

        postgres = started(EmbeddedPostgres.start());
        ComposeInitScript.run(postgres);
        // Connections on, against the Withings fake, so that the Connections panels have their series.
        FakeWithings withings = started(new FakeWithings(Clock.systemUTC()));
        int ingestPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            ingestPort = socket.getLocalPort();
        }
        Map<String, String> ingestEnvironment = new HashMap<>(Map.of(
                "SLEEPDELTA_HTTP_PORT",
                Integer.toString(ingestPort),
                "SLEEPDELTA_API_KEYS",
                key.keysFileLine(),
                "SLEEPDELTA_API_KEY_PEPPER",
                "cli-test-pepper-of-at-least-32-bytes-0123",
                "SLEEPDELTA_MASTER_KEYS",
                CliTestKeys.TEXT,
                "SLEEPDELTA_BOOTSTRAP_SERVERS",
                bootstrap,
                "SLEEPDELTA_TRANSACTIONAL_ID_PREFIX",
                KafkaTestBroker.uniqueName("dash-ingest")));
        ingestEnvironment.putAll(Map.of(
                "SLEEPDELTA_CONNECTIONS_PUBLIC_URL", "http://127.0.0.1:" + ingestPort,
                "SLEEPDELTA_CONNECTION_OWNER_GROUP", KafkaTestBroker.uniqueName("dash-connections"),
                "SLEEPDELTA_WITHINGS_CLIENT_ID", withings.oauth().clientId(),
                "SLEEPDELTA_WITHINGS_CLIENT_SECRET", withings.oauth().clientSecret(),
                "SLEEPDELTA_WITHINGS_AUTHORIZE_URL", withings.authorizeUrl().toString(),
                "SLEEPDELTA_WITHINGS_TOKEN_URL", withings.tokenUrl().toString(),
                "SLEEPDELTA_WITHINGS_API_URL", withings.apiUrl().toString()));
        IngestService ingest = started(new IngestService(ConfigLoader.of(IngestConfiguration.ALL)
                .environment(ingestEnvironment)
                .load()));
        SleepChangeApp streams = started(SleepChangeApp.start(
                new StreamsAppSettings(
                                bootstrap,
                                streamsId,
                                Files.createDirectories(dir.resolve("state")),
                                StreamsConfig.EXACTLY_ONCE_V2,
                                1,
                                Duration.ofMillis(100),
                                TopologySettings.defaults(),
                                Map.of(),
                                new OpsAddress("127.0.0.1", 0))
                        .withMasterKeys(CliTestKeys.KEYS),
                Duration.ofMinutes(2)));
        ServiceMetrics sinkMetrics = started(ServiceMetrics.create("sink"));
        SinkService sink = started(new SinkService(
                ConfigLoader.of(SinkConfiguration.ALL)
                        .environment(Map.of(
                                "SLEEPDELTA_BOOTSTRAP_SERVERS",
                                bootstrap,
                                "SLEEPDELTA_JDBC_URL",
                                postgres.getJdbcUrl("sleepdelta_sink", "sleepdelta"),
                                "SLEEPDELTA_JDBC_USER",
                                "sleepdelta_sink",
                                "SLEEPDELTA_GROUP_ID",
                                sinkGroup))
                        .load(),
                sinkMetrics.registry()));
        ingest.start();
        sink.start();
        OpsHttpServer sinkOps = started(OpsHttpServer.start(
                new OpsAddress("127.0.0.1", 0),
                sinkMetrics,
                Health.of(() -> sink.status().ready())));
        ingestApi = URI.create("http://127.0.0.1:" + ingest.port());
        scrapeTargets = List.of(
                new Target("ingest", URI.create("http://127.0.0.1:" + ingest.port() + "/metrics")),
                new Target("streams", URI.create("http://127.0.0.1:" + streams.metricsPort() + "/metrics")),
                new Target("sink", URI.create("http://127.0.0.1:" + sinkOps.port() + "/metrics")));

        Optional<Path> binary = PrometheusBinaries.prometheus();
        if (binary.isPresent()) {
            prometheus = started(PrometheusProcess.start(
                    binary.get(),
                    dir.resolve("prometheus"),
                    SCRAPE_INTERVAL,
                    scrapeTargets,
                    List.of(Repo.root().resolve(ALERTS))));
            PrometheusApi api = new PrometheusApi(prometheus.uri());
            await("ingest, streams and sink scraped")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(upJobs(api))
                            .as("%s%n%s", api.activeTargets(), prometheus.logTail())
                            .containsExactlyInAnyOrder("ingest", "streams", "sink"));
        }
        runStarted = Instant.now();
        CliRun simulate = CliRun.of(
                "simulate",
                "--ingest-url",
                "http://127.0.0.1:" + ingest.port(),
                "--api-key",
                key.key(),
                "--clinic",
                clinic,
                "--clients",
                "24",
                "--nights",
                "56");
        assertThat(simulate.exitCode()).as(simulate.err()).isZero();
        awaitConsumed(admin, streamsId, List.of(Topics.SLEEP_RECORDS, Topics.MASSAGE_SESSIONS));
        // The sink commits the offset after its last record; a read_committed end offset also counts the
        // last transaction's marker, so its own lag (position vs end) says when it has caught up.
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    var lag = sinkMetrics
                            .registry()
                            .find("sleepdelta.sink.lag.records")
                            .gauge();
                    return lag != null && lag.value() == 0 && sink.status().ready();
                });
        runEnded = Instant.now();
    }

    private <T extends AutoCloseable> T started(T resource) {
        running.push(resource);
        return resource;
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
        if (failure != null) {
            throw failure;
        }
    }

    @Test
    void everyPanelVariableAndAnnotationQueryReturnsRows() throws Exception {
        assertEveryPanelReturnsRows(postgres, clinic);
    }

    @Test
    void everyMetricNameTheDashboardsAndAlertsUseIsExported() {
        // Kafka's client metrics appear once a client has done the work they measure (a consumer's fetch lag after
        // its first fetch), and Micrometer's Kafka binders pick new ones up on their next scan (every 15 s), so a
        // scrape right after start can still lack one: wait for them, as Prometheus would see them on a later scrape.
        List<String> urls =
                scrapeTargets.stream().map(t -> t.metrics().toString()).toList();
        await("every metric the dashboards and alerts use is exported")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertEveryExpectedMetricIsExported(urls));
    }

    /**
     * A real Prometheus scrapes ingest, streams and the sink every second and evaluates alerts.yml; then every Ops
     * panel query, expanded as Grafana would for a 1 s scrape interval, must be accepted and return series, every
     * rule group must load and evaluate without error, and no alert may be pending or firing.
     */
    @Test
    void theOpsPanelsAndAlertRulesWorkOnARealPrometheus() throws Exception {
        assumeTrue(prometheus != null, PrometheusBinaries.HOW_TO_INSTALL);
        long started = System.nanoTime();
        List<PromPanelQueries.Query> queries = PromPanelQueries.readAll(PanelQueries.dashboardsDirectory());
        assertThat(queries).hasSizeGreaterThan(25);
        assertThat(queries.stream().map(PromPanelQueries.Query::location).toList())
                .as("panels listed as empty after a healthy run")
                .containsAll(EMPTY_AFTER_A_HEALTHY_RUN.keySet());
        List<String> alertNames = alertNames();
        assertThat(alertNames).hasSizeGreaterThan(5);

        {
            PrometheusApi api = new PrometheusApi(prometheus.uri());
            // A healthy run has no failed request, and ingest's request timer has a series for a status only once a
            // request ended with it (pre-registering every endpoint × error status would cost ~80 bucket series
            // each). One request with a key ingest does not know gives "Errors by endpoint and status" an error to
            // show, so its status selector is checked against the labels ingest really writes.
            assertThat(postWithUnknownKey(ingestApi.resolve("/v1/sleep-records")))
                    .isEqualTo(401);
            // rate() over $__rate_interval (4 s here) needs two samples in it: a few scrapes after the first
            PromPanelQueries.Sample sample = PromPanelQueries.Sample.dashboardRange(SCRAPE_INTERVAL);
            List<String> notANumber = new ArrayList<>();
            await("every Ops panel query returns series")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertEveryPanelQueryAnswers(api, queries, sample, prometheus, notANumber));
            await("every alert rule evaluated")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertRulesLoadedHealthyAndQuiet(api, alertNames, prometheus));
            assertEveryPanelShowedNumbersDuringTheRun(api, queries, sample);

            System.out.printf(
                    "Prometheus evaluated %d panel queries and %d alert rules in %d ms; NaN (nothing in the "
                            + "window after the run): %s%n",
                    queries.size(), alertNames.size(), (System.nanoTime() - started) / 1_000_000, notANumber);
        }
    }

    /**
     * While the clinic's records went through, every Ops panel (but the empty-by-design ones) drew a number: each
     * query, evaluated at each second of the run, gives a finite value at least once. A latency quantile that stays
     * NaN, or a rate that never moves off "no data", would be a panel that shows nothing when it matters.
     */
    private void assertEveryPanelShowedNumbersDuringTheRun(
            PrometheusApi api, List<PromPanelQueries.Query> queries, PromPanelQueries.Sample sample) throws Exception {
        List<String> neverANumber = new ArrayList<>();
        for (PromPanelQueries.Query query : queries) {
            if (NO_NUMBER_DURING_A_HEALTHY_RUN.containsKey(query.location())) {
                continue;
            }
            String expr = query.expand(sample);
            boolean shown = false;
            for (Instant at = runStarted;
                    !shown && !at.isAfter(runEnded.plus(SCRAPE_INTERVAL));
                    at = at.plus(SCRAPE_INTERVAL)) {
                for (JsonNode series : api.query(expr, at).path("data").path("result")) {
                    String value = series.path("value").path(1).asText();
                    shown |= !value.isEmpty() && !value.equals("NaN") && !value.endsWith("Inf");
                }
            }
            if (!shown) {
                neverANumber.add(query.location() + ": " + expr);
            }
        }
        assertThat(neverANumber)
                .as(
                        "Ops panels without a number at any second of the run (%s to %s)\n%s",
                        runStarted, runEnded, prometheus.logTail())
                .isEmpty();
    }

    private static int postWithUnknownKey(URI endpoint) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(endpoint)
                                .header("Authorization", "Bearer sdk_not-a-key-of-this-test")
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("[]"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static List<String> alertNames() {
        return Repo.read(ALERTS)
                .lines()
                .map(String::strip)
                .filter(l -> l.startsWith("- alert:"))
                .map(l -> l.substring("- alert:".length()).strip())
                .toList();
    }

    private static Set<String> upJobs(PrometheusApi api) throws Exception {
        Set<String> up = new TreeSet<>();
        for (JsonNode target : api.activeTargets().path("data").path("activeTargets")) {
            if ("up".equals(target.path("health").asText())) {
                up.add(target.path("labels").path("job").asText());
            }
        }
        return up;
    }

    /**
     * Each query as Grafana sends it, at "now": an error (a parse error, or one at evaluation such as many-to-many
     * matching) fails at once; no series fails only if it is still so when the wait ends.
     */
    private static void assertEveryPanelQueryAnswers(
            PrometheusApi api,
            List<PromPanelQueries.Query> queries,
            PromPanelQueries.Sample sample,
            PrometheusProcess prometheus,
            List<String> notANumber)
            throws Exception {
        List<String> problems = new ArrayList<>();
        notANumber.clear();
        for (PromPanelQueries.Query query : queries) {
            String expr = query.expand(sample);
            JsonNode answer = api.query(expr, Instant.now());
            if (!"success".equals(answer.path("status").asText())) {
                throw new IllegalStateException(query.location() + ": Prometheus refused " + expr + ": "
                        + answer.path("errorType").asText() + ": "
                        + answer.path("error").asText() + "\n" + prometheus.logTail());
            }
            JsonNode result = answer.path("data").path("result");
            String emptyBecause = EMPTY_AFTER_A_HEALTHY_RUN.get(query.location());
            if (emptyBecause == null && result.isEmpty()) {
                problems.add(query.location() + ": " + expr + " returned no series");
            } else if (emptyBecause != null && !result.isEmpty()) {
                problems.add(query.location() + ": " + expr + " should be empty (" + emptyBecause + ") but returned "
                        + result);
            }
            for (JsonNode series : result) {
                if ("NaN".equals(series.path("value").path(1).asText())) {
                    notANumber.add(query.location());
                    break;
                }
            }
        }
        assertThat(problems)
                .as("Ops panel queries as Grafana sends them\n%s", prometheus.logTail())
                .isEmpty();
    }

    /** Every rule of alerts.yml loaded and evaluated with health ok; a rule in error fails at once. */
    private static void assertRulesLoadedHealthyAndQuiet(
            PrometheusApi api, List<String> alertNames, PrometheusProcess prometheus) throws Exception {
        JsonNode answer = api.rules();
        assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("success");
        List<String> loaded = new ArrayList<>();
        List<String> notYetEvaluated = new ArrayList<>();
        List<String> notQuiet = new ArrayList<>();
        for (JsonNode group : answer.path("data").path("groups")) {
            assertThat(group.path("file").asText()).as(group.toString()).endsWith(ALERTS);
            for (JsonNode rule : group.path("rules")) {
                String name =
                        group.path("name").asText() + "/" + rule.path("name").asText();
                loaded.add(rule.path("name").asText());
                switch (rule.path("health").asText()) {
                    case "ok" -> {}
                    case "unknown" -> notYetEvaluated.add(name);
                    default ->
                        throw new IllegalStateException(
                                name + " is in error: " + rule.path("lastError").asText() + "\n"
                                        + rule.path("query").asText() + "\n" + prometheus.logTail());
                }
                if ("alerting".equals(rule.path("type").asText())
                        && !"inactive".equals(rule.path("state").asText())) {
                    notQuiet.add(name + " is " + rule.path("state").asText() + ": " + rule.path("alerts"));
                }
            }
        }
        assertThat(loaded)
                .as("rules Prometheus loaded from " + ALERTS + "\n" + prometheus.logTail())
                .containsExactlyInAnyOrderElementsOf(alertNames);
        assertThat(notYetEvaluated).as("rules not evaluated yet").isEmpty();
        assertThat(notQuiet).as("alerts pending or firing after a healthy run").isEmpty();
    }

    private static void assertEveryPanelReturnsRows(EmbeddedPostgres postgres, String clinic) throws Exception {
        String url = postgres.getJdbcUrl("grafana_reader", "sleepdelta");
        String client;
        try (Connection c = DriverManager.getConnection(url, "grafana_reader", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select client_id from sleep_change where clinic_id = '" + clinic
                        + "' group by client_id order by count(*) desc limit 1")) {
            assertThat(rs.next())
                    .as("the sink wrote dashboard rows for the clinic")
                    .isTrue();
            client = rs.getString(1);
        }
        Sample base = Sample.between(
                        Instant.now().minus(Duration.ofDays(70)), Instant.now().plus(Duration.ofDays(1)))
                .with("clinic", clinic)
                .with("client", client);
        List<Query> queries = PanelQueries.readAll(PanelQueries.dashboardsDirectory());
        assertThat(queries).hasSizeGreaterThan(20);
        List<String> empty = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "grafana_reader", "")) {
            for (Query query : queries) {
                for (Sample sample : query.withEveryCustomOption(base)) {
                    try (Statement s = c.createStatement();
                            ResultSet rs = s.executeQuery(query.expand(sample))) {
                        if (!rs.next()) {
                            empty.add(query.location() + " " + sample.values());
                        }
                    }
                }
            }
        }
        assertThat(empty).as("panels without rows after a pipeline run").isEmpty();
    }

    private static void assertEveryExpectedMetricIsExported(List<String> scrapeUrls) throws Exception {
        Set<String> exported = new TreeSet<>();
        HttpClient http = HttpClient.newHttpClient();
        for (String url : scrapeUrls) {
            String body = http.send(
                            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            for (String line : body.split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    exported.add(line.split("[{ ]", 2)[0]);
                }
            }
        }
        List<String> expected = Repo.read("dashboard/prometheus/expected-metrics.txt")
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .collect(Collectors.toList());
        assertThat(expected).isNotEmpty();
        List<String> missing = expected.stream()
                .filter(name -> exported.stream()
                        .noneMatch(e -> e.equals(name)
                                || e.equals(name + "_bucket")
                                || e.equals(name + "_count")
                                || e.equals(name + "_sum")))
                .toList();
        assertThat(missing)
                .as("metric names the dashboards or alerts use but no service exports")
                .isEmpty();
    }

    /** The group's committed offsets reach the (committed) end of every partition of the topics. */
    private static void awaitConsumed(Admin admin, String group, List<String> topics) {
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    for (String topic : topics) {
                        for (int p = 0; p < PARTITIONS; p++) {
                            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
                        }
                    }
                    var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                            .all()
                            .get();
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata()
                            .get();
                    return ends.entrySet().stream()
                            .allMatch(e -> e.getValue().offset() == 0
                                    || (committed.get(e.getKey()) != null
                                            && committed.get(e.getKey()).offset()
                                                    >= e.getValue().offset()));
                });
    }
}
