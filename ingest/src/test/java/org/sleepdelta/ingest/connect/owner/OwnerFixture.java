package org.sleepdelta.ingest.connect.owner;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.embedded.testing.KafkaTestBroker;
import org.sleepdelta.ingest.auth.TestDecryption;
import org.sleepdelta.ingest.auth.TestMasterKeys;
import org.sleepdelta.ingest.connect.ConnectionSettings;
import org.sleepdelta.ingest.connect.VendorApp;
import org.sleepdelta.ingest.connect.VendorConnector;
import org.sleepdelta.ingest.http.PulledPayloads;
import org.sleepdelta.ingest.vendor.VendorAdapters;
import org.sleepdelta.platform.config.KafkaClientProperties;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.schemas.connections.Connection;
import org.sleepdelta.schemas.connections.ConnectionKey;
import org.sleepdelta.schemas.connections.ConnectionRecords;
import org.sleepdelta.schemas.connections.ConnectionRequest;
import org.sleepdelta.schemas.kafka.CanonicalRecords;

/**
 * Topics of its own on the test broker, and what the owner's tests need around them: owners (in-process) of one
 * group, requests written as the HTTP side writes them, and the committed contents read back (read_committed, the
 * records decrypted).
 */
final class OwnerFixture implements AutoCloseable {
    static final int PARTITIONS = 2;
    static final String CLINIC = "clinic-a";
    /** The users' zone as the vendor reports it: Oura's documents need it (they carry only UTC offsets). */
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    final String bootstrapServers = KafkaTestBroker.bootstrapServers();
    final String connectionsTopic = KafkaTestBroker.uniqueName("connections");
    final String requestsTopic = KafkaTestBroker.uniqueName("connection-requests");
    final String sleepTopic = KafkaTestBroker.uniqueName("sleep-records");
    final String sessionTopic = KafkaTestBroker.uniqueName("massage-sessions");
    final String rejectionsTopic = KafkaTestBroker.uniqueName("rejected-records");
    final String clientKeysTopic = KafkaTestBroker.uniqueName("client-keys");
    final String groupId = KafkaTestBroker.uniqueName("connection-owners");
    final String transactionalIdPrefix = KafkaTestBroker.uniqueName("owner");
    final ConnectionRecords records = new ConnectionRecords(connectionsTopic, requestsTopic, TestMasterKeys.KEYS);
    final CanonicalRecords topics = new CanonicalRecords(sleepTopic, sessionTopic, rejectionsTopic);
    final Clock clock = Clock.systemUTC();
    private final List<ConnectionOwner> owners = new ArrayList<>();
    private final KafkaProducer<String, byte[]> requests;

    OwnerFixture() {
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        Map<String, String> forever = Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1");
        KafkaTestBroker.createTopics(
                new NewTopic(connectionsTopic, PARTITIONS, (short) 1).configs(compacted),
                new NewTopic(requestsTopic, PARTITIONS, (short) 1).configs(forever),
                new NewTopic(sleepTopic, 1, (short) 1).configs(forever),
                new NewTopic(sessionTopic, 1, (short) 1).configs(forever),
                new NewTopic(rejectionsTopic, 1, (short) 1).configs(forever),
                new NewTopic(clientKeysTopic, 1, (short) 1).configs(compacted));
        requests = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    ConnectionSettings settings(int requestsPerMinute) {
        return settings(groupId, requestsPerMinute);
    }

    /** Settings for one vendor, {@code oura}: pulls by the night, 2 nights a chunk, polls hourly. */
    static ConnectionSettings settings(String groupId, int requestsPerMinute) {
        VendorApp app = new VendorApp(
                "oura",
                "our-client",
                "our-secret",
                URI.create("http://127.0.0.1:1/authorize"),
                URI.create("http://127.0.0.1:1/token"),
                URI.create("http://127.0.0.1:1"),
                requestsPerMinute);
        return new ConnectionSettings(
                URI.create("http://127.0.0.1:8080"),
                Map.of("oura", app),
                Duration.ofMinutes(30),
                Duration.ofHours(1),
                Duration.ofHours(12),
                Duration.ofHours(24),
                Duration.ofDays(2),
                2,
                groupId);
    }

    OwnerKafka kafka() {
        return kafka(bootstrapServers, transactionalIdPrefix, records, topics, clientKeysTopic);
    }

    static OwnerKafka kafka(
            String bootstrapServers,
            String transactionalIdPrefix,
            ConnectionRecords records,
            CanonicalRecords topics,
            String clientKeysTopic) {
        return new OwnerKafka(
                bootstrapServers,
                // A killed owner's partitions move within the broker's minimum session timeout.
                KafkaClientProperties.of(Map.of(
                        "kafka.consumer.session.timeout.ms", "6000",
                        "kafka.consumer.heartbeat.interval.ms", "1000")),
                transactionalIdPrefix,
                records,
                topics,
                clientKeysTopic,
                TestMasterKeys.KEYS,
                Duration.ofSeconds(30));
    }

    PulledPayloads pulledPayloads() {
        return pulledPayloads(topics, clock);
    }

    static PulledPayloads pulledPayloads(CanonicalRecords topics, Clock clock) {
        return new PulledPayloads(VendorAdapters::forVendor, topics, clock, 400, Duration.ofDays(1));
    }

    /** What a child JVM needs to run an owner on this fixture's topics ({@link ChildOwnerMain}). */
    List<String> childArguments() {
        return List.of(
                bootstrapServers,
                connectionsTopic,
                requestsTopic,
                sleepTopic,
                sessionTopic,
                rejectionsTopic,
                clientKeysTopic,
                groupId,
                transactionalIdPrefix);
    }

    /** A started owner of the group, closed with the fixture. */
    ConnectionOwner startOwner(VendorConnector vendor, int requestsPerMinute, SimpleMeterRegistry registry) {
        ConnectionOwner owner = new ConnectionOwner(
                settings(requestsPerMinute), kafka(), Map.of("oura", vendor), pulledPayloads(), registry, clock);
        owner.start();
        synchronized (owners) {
            owners.add(owner);
        }
        return owner;
    }

    ConnectionOwner startOwner(VendorConnector vendor) {
        return startOwner(vendor, 6000, new SimpleMeterRegistry());
    }

    static ConnectionKey key(String clientId) {
        return new ConnectionKey(CLINIC, clientId, "oura");
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(ZONE));
    }

    void send(ConnectionRequest request) {
        try {
            requests.send(records.record(request)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not write a request", e);
        }
    }

    /**
     * A CONNECT as the OAuth callback writes it: user {@code user-<clientId>} in {@link #ZONE}, backfilling {@code
     * nights} nights.
     */
    void connect(String clientId, ScriptedVendor vendor, int nights) {
        send(ConnectionRequest.connect(
                key(clientId),
                "user-" + clientId,
                vendor.issue(),
                ZONE.getId(),
                today().minusDays(nights - 1L),
                clock.instant()));
    }

    /** The last committed state of every connection (an erased one is absent). */
    Map<ConnectionKey, Connection> connections() {
        Map<ConnectionKey, Connection> state = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> r : readCommitted(connectionsTopic)) {
            if (r.value() == null) {
                state.remove(ConnectionKey.parse(r.key()));
            } else {
                state.put(ConnectionKey.parse(r.key()), records.connection(r.key(), r.value()));
            }
        }
        return state;
    }

    /** Every committed state of every connection, oldest first. */
    List<Connection> history() {
        return readCommitted(connectionsTopic).stream()
                .filter(r -> r.value() != null)
                .map(r -> records.connection(r.key(), r.value()))
                .toList();
    }

    Optional<Connection> connection(String clientId) {
        return Optional.ofNullable(connections().get(key(clientId)));
    }

    /** Whether a tombstone of the connection is committed. */
    boolean tombstoned(String clientId) {
        return readCommitted(connectionsTopic).stream()
                .anyMatch(r -> r.key().equals(key(clientId).toString()) && r.value() == null);
    }

    /** Every committed sleep record, decrypted, in order. */
    List<SleepRecord> sleepRecords() {
        List<SleepRecord> out = new ArrayList<>();
        try (TestDecryption decryption = new TestDecryption(bootstrapServers, clientKeysTopic)) {
            for (ConsumerRecord<String, byte[]> r : readCommitted(sleepTopic)) {
                out.add(Codecs.sleepRecord().decode(decryption.open(r.key(), r.value())));
            }
        }
        return out;
    }

    /** How many committed sleep records each source record id has. */
    Map<String, Integer> sleepRecordCounts() {
        Map<String, Integer> counts = new HashMap<>();
        sleepRecords().forEach(r -> counts.merge(r.getSourceRecordId(), 1, Integer::sum));
        return counts;
    }

    List<ConsumerRecord<String, byte[]>> readCommitted(String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed");
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic + " took longer than 30 s");
                }
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            }
            return out;
        }
    }

    @Override
    public void close() {
        synchronized (owners) {
            owners.forEach(ConnectionOwner::close);
        }
        requests.close();
    }
}
