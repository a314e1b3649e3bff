package org.sleepdelta.embedded.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.awaitility.Awaitility;
import org.sleepdelta.embedded.SecurityMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one real Kafka broker of a test JVM, for every integration test: started on first use, stopped when the JVM
 * exits.
 *
 * <p>It is Apache Kafka's container (Testcontainers) when a Docker engine is available, and the product's embedded
 * KRaft broker otherwise; {@code SLEEPDELTA_TEST_BROKER=embedded|docker} forces either. Both refuse to auto-create
 * topics, so tests create theirs with {@link #createTopics}. Tests share the broker, so each test names its topics
 * and application ids with {@link #uniqueName}.
 *
 * <pre>{@code
 * String input = KafkaTestBroker.uniqueName("sleep-records");
 * KafkaTestBroker.createTopics(new NewTopic(input, 3, (short) 1));
 * props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers());
 * }</pre>
 *
 * <p>A test-jar's dependencies are not transitive: a module using this class declares, in test scope,
 * {@code sleepdelta-embedded-broker} (plain and type {@code test-jar}), {@code org.testcontainers:testcontainers-kafka}
 * and {@code org.awaitility:awaitility}.
 */
public final class KafkaTestBroker {

    private static final Logger log = LoggerFactory.getLogger(KafkaTestBroker.class);
    private static final Duration TOPIC_READY_TIMEOUT = Duration.ofSeconds(30);

    private static RunningTestBroker broker;
    // Remembered so that the remaining test classes fail at once instead of each waiting for another failed start.
    private static RuntimeException startFailure;

    private KafkaTestBroker() {}

    /** Starts the broker if this JVM has none yet; {@code host:port} for clients' {@code bootstrap.servers}. */
    public static synchronized String bootstrapServers() {
        if (startFailure != null) {
            throw new IllegalStateException("the test broker failed to start earlier in this JVM", startFailure);
        }
        if (broker == null) {
            try {
                broker = start();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
            RunningTestBroker started = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "kafka-test-broker-shutdown"));
        }
        return broker.bootstrapServers();
    }

    /**
     * Creates the topics and returns once every partition has a leader, so producers and Kafka Streams (which fails
     * fast on missing source topics) can use them at once.
     */
    public static void createTopics(NewTopic... topics) {
        Set<String> names = Arrays.stream(topics).map(NewTopic::name).collect(Collectors.toSet());
        try (Admin admin = admin()) {
            admin.createTopics(List.of(topics)).all().get(TOPIC_READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            awaitLeaders(admin, names);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "could not create topics " + names + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("creating topics " + names + " took longer than " + TOPIC_READY_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics " + names, e);
        }
    }

    /** Creates topics with the given partition count and one replica each (the broker has one node). */
    public static void createTopics(int partitions, String... names) {
        createTopics(Arrays.stream(names)
                .map(name -> new NewTopic(name, partitions, (short) 1))
                .toArray(NewTopic[]::new));
    }

    /**
     * {@code base} plus a random suffix, e.g. {@code sleep-records-3f9a1c2e}, for topic names, application ids and
     * group ids that no other test (or earlier run against a kept broker) uses. Characters Kafka does not allow in
     * topic names become {@code -}.
     */
    public static String uniqueName(String base) {
        String legal = base.replaceAll("[^A-Za-z0-9._-]", "-");
        String shortened = legal.length() > 200 ? legal.substring(0, 200) : legal;
        return shortened + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Starts a broker of the caller's own with a secured client listener, ACLs enforced and the given users (plus
     * the super user {@value SecuredTestBroker#ADMIN}); always the embedded broker. Close it when done.
     *
     * @param mode {@link SecurityMode#SASL_SSL} (SCRAM-SHA-512 users) or {@link SecurityMode#MTLS} (a client
     *     certificate per user)
     */
    public static SecuredTestBroker secured(SecurityMode mode, String... users) {
        return SecuredTestBroker.start(mode, users);
    }

    /** An admin client for this broker; close it after use. */
    public static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    private static RunningTestBroker start() {
        TestBrokerKind kind = TestBrokerKind.choose(System.getenv(), KafkaTestBroker::dockerAvailable);
        RunningTestBroker started = kind == TestBrokerKind.DOCKER ? startDocker() : EmbeddedTestBroker.start();
        log.info("Integration tests use the {}", started);
        return started;
    }

    private static boolean dockerAvailable() {
        Instant asked = Instant.now();
        boolean available = DockerDetection.dockerAvailable();
        log.info(
                "Docker engine {} (checked in {} ms)",
                available ? "available" : "not available",
                Duration.between(asked, Instant.now()).toMillis());
        return available;
    }

    private static RunningTestBroker startDocker() {
        try {
            return DockerTestBroker.start();
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException(
                    "the Docker broker needs org.testcontainers:testcontainers-kafka on the" + " test classpath", e);
        }
    }

    private static void awaitLeaders(Admin admin, Set<String> names) {
        Awaitility.await("every partition of " + names + " to have a leader")
                .atMost(TOPIC_READY_TIMEOUT)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> allPartitionsLed(admin, names));
    }

    private static boolean allPartitionsLed(Admin admin, Set<String> names)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            Map<String, TopicDescription> descriptions = admin.describeTopics(names)
                    .allTopicNames()
                    .get(TOPIC_READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return descriptions.values().stream()
                    .flatMap(description -> description.partitions().stream())
                    .allMatch(partition ->
                            partition.leader() != null && !partition.leader().isEmpty());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false; // created, but not yet in this broker's metadata
            }
            throw e;
        }
    }
}
