package org.sleepdelta.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.dashboard.provisioning.ComposeInitScript;
import org.sleepdelta.dashboard.provisioning.PanelQueries;
import org.sleepdelta.dashboard.provisioning.PanelQueries.Query;
import org.sleepdelta.dashboard.provisioning.PanelQueries.Sample;
import org.sleepdelta.dashboard.provisioning.PanelQueries.Variable;
import org.sleepdelta.dashboard.provisioning.Repo;
import org.sleepdelta.dashboard.sink.SinkConfiguration;
import org.sleepdelta.dashboard.sink.SinkService;
import org.sleepdelta.ingest.auth.ApiKeyTool;
import org.sleepdelta.ingest.http.IngestConfiguration;
import org.sleepdelta.ingest.http.IngestService;
import org.sleepdelta.platform.config.ConfigLoader;
import org.sleepdelta.platform.metrics.Health;
import org.sleepdelta.platform.metrics.OpsAddress;
import org.sleepdelta.platform.metrics.OpsHttpServer;
import org.sleepdelta.platform.metrics.ServiceMetrics;
import org.sleepdelta.platform.testing.KafkaTestBroker;
import org.sleepdelta.schemas.TopicSetup;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.streams.TopologySettings;
import org.sleepdelta.streams.app.SleepChangeApp;
import org.sleepdelta.streams.app.StreamsAppSettings;

/**
 * Every panel works: after a real pipeline run (a simulated clinic posting over HTTP to ingest, the streams
 * application, the sink into PostgreSQL), every analyst panel, variable and annotation query of the provisioned
 * dashboards returns rows when run as Grafana's read-only user, and every metric name the dashboards and alert
 * rules use is exported by our services' /metrics.
 */
class DashboardsAfterPipelineIT {
    private static final int PARTITIONS = 3;

    @Test
    void everyPanelReturnsRowsAndEveryOpsMetricIsExported(@TempDir Path dir) throws Exception {
        String bootstrap = KafkaTestBroker.bootstrapServers();
        Admin admin = KafkaTestBroker.admin();
        TopicSetup.ensure(admin, PARTITIONS, (short) 1);
        String clinic = KafkaTestBroker.uniqueName("clinic-dash");
        ApiKeyTool.NewApiKey key = ApiKeyTool.create(clinic, "dashboard-test");
        String streamsId = KafkaTestBroker.uniqueName("sleepdelta-dash");
        String sinkGroup = KafkaTestBroker.uniqueName("sink-dash");

        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            ComposeInitScript.run(postgres);
            try (IngestService ingest = new IngestService(ConfigLoader.of(IngestConfiguration.ALL).environment(Map.of(
                         "SLEEPDELTA_HTTP_PORT", "0", "SLEEPDELTA_API_KEYS", key.keysFileLine(),
                         "SLEEPDELTA_BOOTSTRAP_SERVERS", bootstrap,
                         "SLEEPDELTA_TRANSACTIONAL_ID_PREFIX", KafkaTestBroker.uniqueName("dash-ingest"))).load());
                 SleepChangeApp streams = SleepChangeApp.start(new StreamsAppSettings(bootstrap, streamsId,
                         Files.createDirectories(dir.resolve("state")), StreamsConfig.EXACTLY_ONCE_V2, 1,
                         Duration.ofMillis(100), TopologySettings.defaults(), Map.of(), new OpsAddress("127.0.0.1", 0)),
                         Duration.ofMinutes(2));
                 ServiceMetrics sinkMetrics = ServiceMetrics.create("sink");
                 SinkService sink = new SinkService(ConfigLoader.of(SinkConfiguration.ALL).environment(Map.of(
                         "SLEEPDELTA_BOOTSTRAP_SERVERS", bootstrap,
                         "SLEEPDELTA_JDBC_URL", postgres.getJdbcUrl("sleepdelta_sink", "sleepdelta"),
                         "SLEEPDELTA_JDBC_USER", "sleepdelta_sink",
                         "SLEEPDELTA_GROUP_ID", sinkGroup)).load(), sinkMetrics.registry())) {
                ingest.start();
                sink.start();
                try (OpsHttpServer sinkOps = OpsHttpServer.start(new OpsAddress("127.0.0.1", 0), sinkMetrics,
                        Health.of(() -> sink.status().ready()))) {

                    CliRun simulate = CliRun.of("simulate", "--ingest-url", "http://127.0.0.1:" + ingest.port(),
                            "--api-key", key.key(), "--clinic", clinic, "--clients", "24", "--nights", "56");
                    assertThat(simulate.exitCode()).as(simulate.err()).isZero();
                    awaitConsumed(admin, streamsId, List.of(Topics.SLEEP_RECORDS, Topics.MASSAGE_SESSIONS));
                    // The sink commits the offset after its last record; a read_committed end offset also counts the
                    // last transaction's marker, so its own lag (position vs end) says when it has caught up.
                    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() -> {
                        var lag = sinkMetrics.registry().find("sleepdelta.sink.lag.records").gauge();
                        return lag != null && lag.value() == 0 && sink.status().ready();
                    });

                    assertEveryPanelReturnsRows(postgres, clinic);
                    assertEveryExpectedMetricIsExported(List.of(
                            "http://127.0.0.1:" + ingest.port() + "/metrics",
                            "http://127.0.0.1:" + streams.metricsPort() + "/metrics",
                            "http://127.0.0.1:" + sinkOps.port() + "/metrics"));
                }
            }
        }
    }

    private static void assertEveryPanelReturnsRows(EmbeddedPostgres postgres, String clinic) throws Exception {
        String url = postgres.getJdbcUrl("grafana_reader", "sleepdelta");
        String client;
        try (Connection c = DriverManager.getConnection(url, "grafana_reader", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select client_id from sleep_change where clinic_id = '" + clinic
                     + "' group by client_id order by count(*) desc limit 1")) {
            assertThat(rs.next()).as("the sink wrote dashboard rows for the clinic").isTrue();
            client = rs.getString(1);
        }
        Sample base = Sample.between(Instant.now().minus(Duration.ofDays(70)), Instant.now().plus(Duration.ofDays(1)))
                .with("clinic", clinic).with("client", client);
        List<Query> queries = PanelQueries.readAll(PanelQueries.dashboardsDirectory());
        assertThat(queries).hasSizeGreaterThan(20);
        List<String> empty = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "grafana_reader", "")) {
            for (Query query : queries) {
                for (Sample sample : samples(query, base)) {
                    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query.expand(sample))) {
                        if (!rs.next()) {
                            empty.add(query.location() + " " + sample.values());
                        }
                    }
                }
            }
        }
        assertThat(empty).as("panels without rows after a pipeline run").isEmpty();
    }

    /** Every option of a custom variable the query uses (e.g. each metric), like a person clicking through them. */
    private static List<Sample> samples(Query query, Sample base) {
        List<Sample> samples = List.of(base);
        for (Variable variable : query.variables().values()) {
            if ("custom".equals(variable.type()) && query.rawSql().contains(variable.name())) {
                List<Sample> next = new ArrayList<>();
                for (Sample sample : samples) {
                    for (String option : variable.options()) {
                        next.add(sample.with(variable.name(), option));
                    }
                }
                samples = next;
            }
        }
        return samples;
    }

    private static void assertEveryExpectedMetricIsExported(List<String> scrapeUrls) throws Exception {
        Set<String> exported = new TreeSet<>();
        HttpClient http = HttpClient.newHttpClient();
        for (String url : scrapeUrls) {
            String body = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (String line : body.split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    exported.add(line.split("[{ ]", 2)[0]);
                }
            }
        }
        List<String> expected = Repo.read("dashboard/prometheus/expected-metrics.txt").lines()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toList());
        assertThat(expected).isNotEmpty();
        List<String> missing = expected.stream().filter(name -> exported.stream().noneMatch(e -> e.equals(name)
                || e.equals(name + "_bucket") || e.equals(name + "_count") || e.equals(name + "_sum"))).toList();
        assertThat(missing).as("metric names the dashboards or alerts use but no service exports").isEmpty();
    }

    /** The group's committed offsets reach the (committed) end of every partition of the topics. */
    private static void awaitConsumed(Admin admin, String group, List<String> topics) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() -> {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String topic : topics) {
                for (int p = 0; p < PARTITIONS; p++) {
                    latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
            }
            var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            return ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                    || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset()));
        });
    }
}
