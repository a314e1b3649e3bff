package org.sleepdelta.ingest.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.awaitility.Awaitility;
import org.sleepdelta.embedded.testing.KafkaTestBroker;
import org.sleepdelta.ingest.auth.ApiKeyTool;
import org.sleepdelta.ingest.auth.TestMasterKeys;
import org.sleepdelta.ingest.auth.TestPepper;
import org.sleepdelta.platform.config.ConfigLoader;
import org.sleepdelta.platform.testing.PrometheusText;
import org.sleepdelta.schemas.kafka.CanonicalRecords;

/**
 * An {@link IngestService} on a free port, against a real broker, with topics of its own (input and rejection topics)
 * and an API keys file with one key for {@link Canonical#CLINIC} and one for another clinic, keyed with {@link
 * TestPepper}.  Failed authentications never block (unless a test sets {@code auth-failure-limit}), as every test
 * request comes from the same address.
 */
final class RunningIngest implements AutoCloseable {
    static final String OTHER_CLINIC = "clinic-b";
    /** The label of {@link #key}, which accepted records carry. */
    static final String KEY_LABEL = "test key";

    final String bootstrapServers;
    final String sleepTopic;
    final String sessionTopic;
    final String rejectionsTopic;
    /** Where the clients' data keys go (sealed with {@link TestMasterKeys}). */
    final String clientKeysTopic;

    final Path keysFile;
    final String key;
    final String transactionalIdPrefix;
    final String otherClinicKey;
    final IngestService service;
    final IngestClient client;

    private RunningIngest(Builder b) {
        bootstrapServers = b.bootstrapServers != null ? b.bootstrapServers : KafkaTestBroker.bootstrapServers();
        sleepTopic = KafkaTestBroker.uniqueName("sleep-records");
        sessionTopic = KafkaTestBroker.uniqueName("massage-sessions");
        rejectionsTopic = KafkaTestBroker.uniqueName("rejected-records");
        clientKeysTopic = KafkaTestBroker.uniqueName("client-keys");
        createTopics(bootstrapServers, sleepTopic, sessionTopic, rejectionsTopic, clientKeysTopic);
        ApiKeyTool.NewApiKey mine = TestPepper.key(Canonical.CLINIC, KEY_LABEL);
        ApiKeyTool.NewApiKey other = TestPepper.key(OTHER_CLINIC, null);
        key = mine.key();
        otherClinicKey = other.key();
        try {
            keysFile = Files.createTempDirectory("sleepdelta-keys-").resolve("api-keys.properties");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writeKeys(List.of("# test keys", mine.keysFileLine(), other.keysFileLine()));

        Map<String, String> settings = new HashMap<>();
        settings.put("http-port", "0");
        settings.put("bootstrap-servers", bootstrapServers);
        settings.put("api-keys-file", keysFile.toString());
        settings.put("transactional-id-prefix", KafkaTestBroker.uniqueName("ingest-test"));
        settings.put("api-key-pepper", TestPepper.TEXT);
        settings.put("master-keys", TestMasterKeys.TEXT);
        // Every test request comes from 127.0.0.1: only tests of the block itself set a low limit.
        settings.put("auth-failure-limit", "1000000");
        settings.putAll(b.settings);
        transactionalIdPrefix = settings.get("transactional-id-prefix");
        Map<String, String> environment = new HashMap<>();
        settings.forEach((k, v) ->
                environment.put("SLEEPDELTA_" + k.toUpperCase(Locale.ROOT).replace('-', '_'), v));
        IngestSettings loaded = IngestConfiguration.settings(ConfigLoader.of(IngestConfiguration.ALL)
                .environment(environment)
                .load());
        IngestWiring wiring = b.wiring.apply(IngestWiring.production()
                .topics(new CanonicalRecords(sleepTopic, sessionTopic, rejectionsTopic))
                .clientKeysTopic(clientKeysTopic));
        service = new IngestService(loaded, wiring);
        service.start();
        client = new IngestClient(service.port());
    }

    static Builder builder() {
        return new Builder();
    }

    static RunningIngest start() {
        return builder().start();
    }

    static final class Builder {
        private String bootstrapServers;
        private final Map<String, String> settings = new HashMap<>();
        private UnaryOperator<IngestWiring> wiring = UnaryOperator.identity();

        Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        Builder setting(String key, String value) {
            settings.put(key, value);
            return this;
        }

        Builder wiring(UnaryOperator<IngestWiring> wiring) {
            this.wiring = wiring;
            return this;
        }

        RunningIngest start() {
            return new RunningIngest(this);
        }
    }

    /** Replaces the keys file in one step, as an operator's deployment tool would. */
    void writeKeys(List<String> lines) {
        try {
            Path next = keysFile.resolveSibling("api-keys.next");
            Files.write(next, lines, StandardCharsets.UTF_8);
            Files.move(next, keysFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    IngestClient.Call postSleep() {
        return client.post("/v1/sleep-records").key(key);
    }

    IngestClient.Call postSessions() {
        return client.post("/v1/massage-sessions").key(key);
    }

    static void createTopics(String bootstrapServers, String... names) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            // Kept forever, as the pipeline's topics are: tests may write records with timestamps long past.
            admin.createTopics(Arrays.stream(names)
                            .map(n -> new NewTopic(n, 3, (short) 1)
                                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")))
                            .toList())
                    .all()
                    .get();
            Awaitility.await("leaders for " + List.of(names))
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        try {
                            Map<String, TopicDescription> topics = admin.describeTopics(List.of(names))
                                    .allTopicNames()
                                    .get();
                            return topics.values().stream()
                                    .flatMap(t -> t.partitions().stream())
                                    .allMatch(p ->
                                            p.leader() != null && !p.leader().isEmpty());
                        } catch (ExecutionException notYet) {
                            return false;
                        }
                    });
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        service.close();
    }

    /** The service's {@code sleepdelta_ingest_slots_in_use} gauge, as scraped from its /metrics endpoint. */
    double slotsInUse() {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/metrics"))
                .timeout(Duration.ofSeconds(10))
                .build();
        try {
            String body = HttpClient.newHttpClient()
                    .send(request, java.net.http.HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                    .body();
            return PrometheusText.parse(body).value("sleepdelta_ingest_slots_in_use");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The topic's committed records as they were before encryption ({@link TopicContents#readPlaintext}). */
    List<ConsumerRecord<String, byte[]>> readPlaintext(String topic) {
        return TopicContents.readPlaintext(bootstrapServers, clientKeysTopic, rejectionsTopic, topic);
    }
}
