package org.sleepdelta.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.sleepdelta.embedded.SecuredClients.adminTimeouts;
import static org.sleepdelta.embedded.SecuredClients.consumer;
import static org.sleepdelta.embedded.SecuredClients.failureOf;
import static org.sleepdelta.embedded.SecuredClients.producer;
import static org.sleepdelta.embedded.SecuredClients.readCommitted;
import static org.sleepdelta.embedded.SecuredClients.sendFailure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.embedded.testing.KafkaTestBroker;
import org.sleepdelta.embedded.testing.SecuredTestBroker;
import org.sleepdelta.schemas.TopicSetup;
import org.sleepdelta.schemas.Topics;

/**
 * The pipeline's principals on a SASL_SSL (SCRAM-SHA-512) broker with {@link PipelineAcls} applied: each can do its
 * job with real clients, and is refused beyond it; clients without valid credentials cannot get in.
 */
class SaslSslBrokerIT {

    private static SecuredTestBroker broker;

    @BeforeAll
    static void startBrokerWithPipelineAcls() {
        broker = KafkaTestBroker.secured(SecurityMode.SASL_SSL, "ingest", "importer", "streams", "sink", "eraser");
        broker.createTopics(Topics.layout(1, (short) 1).toArray(org.apache.kafka.clients.admin.NewTopic[]::new));
        broker.createAcls(PipelineAcls.bindings());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    // ---- each principal does its job

    @Test
    void ingestWritesInputAndRejectionsInOneTransactionUnderItsPrefix() throws Exception {
        try (KafkaProducer<String, String> producer = producer(
                broker.clientProperties("ingest"),
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sleepdelta-ingest-0"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(Topics.SLEEP_RECORDS, "clinic-a/client-1", "ingest-night"));
            producer.send(new ProducerRecord<>(Topics.MASSAGE_SESSIONS, "clinic-a/client-1", "ingest-session"));
            producer.send(new ProducerRecord<>(Topics.REJECTIONS, "clinic-a/client-1", "ingest-rejection"));
            producer.commitTransaction();
        }

        Map<String, Object> admin = broker.clientProperties(SecuredTestBroker.ADMIN);
        assertThat(readCommitted(admin, Topics.SLEEP_RECORDS)).contains("ingest-night");
        assertThat(readCommitted(admin, Topics.MASSAGE_SESSIONS)).contains("ingest-session");
        assertThat(readCommitted(admin, Topics.REJECTIONS)).contains("ingest-rejection");
    }

    @Test
    void importerWritesWithAnIdempotentProducer() throws Exception {
        try (KafkaProducer<String, String> producer = producer(
                broker.clientProperties("importer"),
                Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all"))) {
            producer.send(new ProducerRecord<>(Topics.SLEEP_RECORDS, "clinic-a/client-2", "imported-night"))
                    .get(30, TimeUnit.SECONDS);
        }

        assertThat(readCommitted(broker.clientProperties(SecuredTestBroker.ADMIN), Topics.SLEEP_RECORDS))
                .contains("imported-night");
    }

    @Test
    void sinkReadsTheDashboardTopicsWithItsGroupAndCommits() throws Exception {
        try (KafkaProducer<String, String> producer =
                producer(broker.clientProperties(SecuredTestBroker.ADMIN), Map.of())) {
            producer.send(new ProducerRecord<>(Topics.SLEEP_CHANGE_METRICS, "metric-key", "metric-for-sink"))
                    .get(30, TimeUnit.SECONDS);
        }

        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(
                broker.clientProperties("sink"),
                Map.of(ConsumerConfig.GROUP_ID_CONFIG, PipelineAcls.Names.DEFAULT_SINK_GROUP_ID))) {
            consumer.subscribe(List.of(Topics.SLEEP_CHANGE_METRICS, Topics.NIGHTLY_SLEEP));
            await("the sink to read the dashboard topic")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                            seen.add(record.value());
                        }
                        return seen.contains("metric-for-sink");
                    });
            consumer.commitSync(Duration.ofSeconds(15));
        }

        try (Admin admin = Admin.create(adminTimeouts(broker.clientProperties(SecuredTestBroker.ADMIN)))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                            PipelineAcls.Names.DEFAULT_SINK_GROUP_ID)
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            assertThat(committed).containsKey(new TopicPartition(Topics.SLEEP_CHANGE_METRICS, 0));
        }
    }

    /**
     * A real exactly-once Kafka Streams application as {@code User:streams}, with a repartition topic and a state
     * store (changelog), both of which Kafka Streams creates itself under its application id.
     */
    @Test
    void streamsRunsExactlyOnceWithInternalTopicsUnderItsApplicationId(@TempDir java.nio.file.Path stateDir)
            throws Exception {
        try (KafkaProducer<String, String> producer =
                producer(broker.clientProperties(SecuredTestBroker.ADMIN), Map.of())) {
            producer.send(new ProducerRecord<>(Topics.SLEEP_RECORDS, "clinic-s/client-1", "streams-night"))
                    .get(30, TimeUnit.SECONDS);
        }
        Properties properties = new Properties();
        properties.putAll(broker.clientProperties("streams"));
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, PipelineAcls.Names.DEFAULT_STREAMS_APPLICATION_ID);
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.SLEEP_RECORDS, Consumed.with(Serdes.String(), Serdes.String()))
                .filter((key, value) -> value.equals("streams-night"))
                .map((key, value) -> KeyValue.pair(value, value)) // a new key: Kafka Streams repartitions
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .count() // a state store with a changelog topic
                .toStream()
                .mapValues(count -> "streams-count-" + count)
                .to(Topics.SLEEP_CHANGE_METRICS, Produced.with(Serdes.String(), Serdes.String()));

        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (KafkaStreams streams = new KafkaStreams(builder.build(), properties)) {
            streams.setUncaughtExceptionHandler(exception -> {
                failure.compareAndSet(null, exception);
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            streams.start();
            await("User:streams to write the dashboard topic")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        assertThat(failure.get()).as("Kafka Streams failure").isNull();
                        return readCommitted(
                                        broker.clientProperties(SecuredTestBroker.ADMIN), Topics.SLEEP_CHANGE_METRICS)
                                .contains("streams-count-1");
                    });
        }
        try (Admin admin = Admin.create(adminTimeouts(broker.clientProperties(SecuredTestBroker.ADMIN)))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .anyMatch(name -> name.startsWith("sleepdelta-streams-") && name.endsWith("-repartition"))
                    .anyMatch(name -> name.startsWith("sleepdelta-streams-") && name.endsWith("-changelog"));
        }
    }

    @Test
    void streamsPassesTheStartUpTopicCheckOfSleepdeltaStreams() {
        // What `sleepdelta streams` runs first (--create-topics, the default): lists, describes, checks configs.
        try (Admin admin = Admin.create(adminTimeouts(broker.clientProperties("streams")))) {
            TopicSetup.ensure(admin, 1, (short) 1);
        }
    }

    // ---- the erasure topics

    @Test
    void ingestWritesDataKeysAndAnErasureInOneTransactionAndReadsTheAuditTrailWithoutAGroup() throws Exception {
        try (KafkaProducer<String, String> producer = producer(
                broker.clientProperties("ingest"),
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sleepdelta-ingest-1"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(Topics.SLEEP_RECORDS, "clinic-e/client-1", "encrypted-night"));
            producer.send(new ProducerRecord<>(Topics.CLIENT_KEYS, "clinic-e/client-1/k1", "ingest-wrapped-key"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(Topics.CLIENT_ERASURES, "clinic-e/client-1", "ingest-erasure"));
            producer.send(new ProducerRecord<>(Topics.CLIENT_KEYS, "clinic-e/client-1/k1", null));
            producer.send(new ProducerRecord<>(Topics.ERASURE_AUDIT, "erasure-1", "ingest-audit-requested"));
            producer.commitTransaction();
        }

        Map<String, Object> admin = broker.clientProperties(SecuredTestBroker.ADMIN);
        assertThat(readCommitted(admin, Topics.CLIENT_KEYS)).containsSubsequence("ingest-wrapped-key", null);
        assertThat(readCommitted(admin, Topics.CLIENT_ERASURES)).contains("ingest-erasure");
        // GET /v1/erasures/{id}: ingest reads the audit trail, assigned its partition, without a group
        assertThat(readCommitted(broker.clientProperties("ingest"), Topics.ERASURE_AUDIT))
                .contains("ingest-audit-requested");
    }

    @Test
    void eraserWritesRequestKeyTombstonesAndAuditInOneTransactionUnderItsPrefix() throws Exception {
        try (KafkaProducer<String, String> producer = producer(
                broker.clientProperties("eraser"),
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sleepdelta-erase-0"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(Topics.CLIENT_ERASURES, "clinic-e/client-2", "eraser-erasure"));
            producer.send(new ProducerRecord<>(Topics.CLIENT_KEYS, "clinic-e/client-2/k1", null));
            producer.send(new ProducerRecord<>(Topics.ERASURE_AUDIT, "erasure-2", "eraser-audit-requested"));
            // the ERASE request of the client's vendor connection, for its owner to revoke and tombstone
            producer.send(new ProducerRecord<>(
                    Topics.CONNECTION_REQUESTS, "clinic-e/client-2/oura", "eraser-erase-connection"));
            producer.commitTransaction();
        }

        Map<String, Object> admin = broker.clientProperties(SecuredTestBroker.ADMIN);
        assertThat(readCommitted(admin, Topics.CLIENT_ERASURES)).contains("eraser-erasure");
        assertThat(readCommitted(admin, Topics.ERASURE_AUDIT)).contains("eraser-audit-requested");
        assertThat(readCommitted(admin, Topics.CONNECTION_REQUESTS)).contains("eraser-erase-connection");
    }

    @Test
    void streamsReadsDataKeysAndErasuresWithoutAGroupAndWritesTheAuditTrail() throws Exception {
        try (KafkaProducer<String, String> producer =
                producer(broker.clientProperties(SecuredTestBroker.ADMIN), Map.of())) {
            producer.send(new ProducerRecord<>(Topics.CLIENT_KEYS, "clinic-s/client-1/k1", "key-for-streams"))
                    .get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(Topics.CLIENT_ERASURES, "clinic-s/client-1", "erasure-for-streams"))
                    .get(30, TimeUnit.SECONDS);
        }
        // a plain read_committed consumer, assigned its partitions (SecuredClients.readCommitted)
        assertThat(readCommitted(broker.clientProperties("streams"), Topics.CLIENT_KEYS))
                .contains("key-for-streams");
        assertThat(readCommitted(broker.clientProperties("streams"), Topics.CLIENT_ERASURES))
                .contains("erasure-for-streams");
        try (KafkaProducer<String, String> producer = producer(broker.clientProperties("streams"), Map.of())) {
            assertThat(failureOf(
                            producer.send(new ProducerRecord<>(Topics.ERASURE_AUDIT, "erasure-3", "streams-audit"))))
                    .isNull();
        }
        assertThat(readCommitted(broker.clientProperties(SecuredTestBroker.ADMIN), Topics.ERASURE_AUDIT))
                .contains("streams-audit");
    }

    @Test
    void sinkReadsErasuresWithItsGroupAndWritesTheAuditTrailWithAnIdempotentProducer() throws Exception {
        try (KafkaProducer<String, String> producer =
                producer(broker.clientProperties(SecuredTestBroker.ADMIN), Map.of())) {
            producer.send(new ProducerRecord<>(Topics.CLIENT_ERASURES, "clinic-k/client-1", "erasure-for-sink"))
                    .get(30, TimeUnit.SECONDS);
        }
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(
                broker.clientProperties("sink"),
                Map.of(ConsumerConfig.GROUP_ID_CONFIG, PipelineAcls.Names.DEFAULT_SINK_GROUP_ID))) {
            consumer.subscribe(List.of(Topics.CLIENT_ERASURES));
            await("the sink to read an erasure request")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                            seen.add(record.value());
                        }
                        return seen.contains("erasure-for-sink");
                    });
            consumer.commitSync(Duration.ofSeconds(15));
        }
        try (KafkaProducer<String, String> producer = producer(
                broker.clientProperties("sink"),
                Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all"))) {
            assertThat(failureOf(producer.send(new ProducerRecord<>(Topics.ERASURE_AUDIT, "erasure-4", "sink-audit"))))
                    .isNull();
        }
        assertThat(readCommitted(broker.clientProperties(SecuredTestBroker.ADMIN), Topics.ERASURE_AUDIT))
                .contains("sink-audit");
    }

    @Test
    void neitherTheSinkNorTheImporterReadsTheDataKeys() {
        // streams reads them to decrypt; ingest and the eraser to find every key of a client being erased
        for (String user : List.of("sink", "importer")) {
            assertThat(readFailure(user, Topics.CLIENT_KEYS))
                    .as(user + " reading " + Topics.CLIENT_KEYS)
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void nobodyButIngestReadsTheAuditTrail() {
        for (String user : List.of("sink", "streams", "importer", "eraser")) {
            assertThat(readFailure(user, Topics.ERASURE_AUDIT))
                    .as(user + " reading " + Topics.ERASURE_AUDIT)
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void theSinkWritesNoDataKeysAndOnlyIngestAndTheEraserWriteErasureRequests() throws Exception {
        for (String user : List.of("streams", "sink", "importer")) {
            try (KafkaProducer<String, String> producer =
                    producer(broker.clientProperties(user), Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false))) {
                // the importer writes the data key of each client it imports; streams destroys the keys of records
                // that arrive for an erased client
                List<String> refused = user.equals("sink")
                        ? List.of(Topics.CLIENT_KEYS, Topics.CLIENT_ERASURES)
                        : List.of(Topics.CLIENT_ERASURES);
                for (String topic : refused) {
                    assertThat(failureOf(producer.send(new ProducerRecord<>(topic, "clinic-x/client-1/k9", "forged"))))
                            .as(user + " writing " + topic)
                            .isInstanceOf(TopicAuthorizationException.class);
                }
            }
        }
        assertThat(readCommitted(broker.clientProperties(SecuredTestBroker.ADMIN), Topics.CLIENT_KEYS))
                .doesNotContain("forged");
    }

    @Test
    void eraserCannotWriteRecordsNorUseIngestsTransactionalIds() throws Exception {
        try (KafkaProducer<String, String> producer =
                producer(broker.clientProperties("eraser"), Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false))) {
            assertThat(failureOf(producer.send(new ProducerRecord<>(Topics.SLEEP_RECORDS, "k", "forged"))))
                    .isInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaProducer<String, String> producer = producer(
                broker.clientProperties("eraser"),
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sleepdelta-ingest-0"))) {
            assertThatThrownBy(producer::initTransactions).isInstanceOf(TransactionalIdAuthorizationException.class);
        }
    }

    // ---- vendor connections

    /**
     * The connection owner's cycle as {@code User:ingest}: join the connections group on both co-partitioned topics,
     * read a request, then write the pulled record, the connection's new state and the consumed offset in one
     * transaction under ingest's prefix, so that a fenced owner could commit none of them.
     */
    @Test
    void ingestOwnsConnectionsThroughItsGroupAndCommitsRecordsStateAndOffsetsInOneTransaction() throws Exception {
        try (KafkaProducer<String, String> callback = producer(broker.clientProperties("ingest"), Map.of())) {
            callback.send(new ProducerRecord<>(Topics.CONNECTION_REQUESTS, "clinic-c/client-1/oura", "connect-request"))
                    .get(30, TimeUnit.SECONDS);
        }

        String group = PipelineAcls.Names.DEFAULT_CONNECTION_OWNER_GROUP_ID;
        try (KafkaConsumer<String, String> owner =
                        consumer(broker.clientProperties("ingest"), Map.of(ConsumerConfig.GROUP_ID_CONFIG, group));
                KafkaProducer<String, String> producer = producer(
                        broker.clientProperties("ingest"),
                        Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sleepdelta-ingest-connections-0"))) {
            producer.initTransactions();
            owner.subscribe(List.of(Topics.CONNECTIONS, Topics.CONNECTION_REQUESTS));
            AtomicReference<ConsumerRecord<String, String>> request = new AtomicReference<>();
            await("the owner to read the connect request")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> {
                        for (ConsumerRecord<String, String> record : owner.poll(Duration.ofMillis(200))) {
                            if ("connect-request".equals(record.value())) {
                                request.set(record);
                            }
                        }
                        return request.get() != null;
                    });
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(Topics.SLEEP_RECORDS, "clinic-c/client-1", "pulled-night"));
            producer.send(new ProducerRecord<>(Topics.CONNECTIONS, "clinic-c/client-1/oura", "connection-state"));
            producer.sendOffsetsToTransaction(
                    Map.of(
                            new TopicPartition(
                                    Topics.CONNECTION_REQUESTS, request.get().partition()),
                            new OffsetAndMetadata(request.get().offset() + 1)),
                    owner.groupMetadata());
            producer.commitTransaction();
        }

        Map<String, Object> admin = broker.clientProperties(SecuredTestBroker.ADMIN);
        assertThat(readCommitted(admin, Topics.SLEEP_RECORDS)).contains("pulled-night");
        assertThat(readCommitted(broker.clientProperties("ingest"), Topics.CONNECTIONS))
                .contains("connection-state");
        try (Admin groups = Admin.create(adminTimeouts(admin))) {
            Map<TopicPartition, OffsetAndMetadata> committed = groups.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            assertThat(committed).containsKey(new TopicPartition(Topics.CONNECTION_REQUESTS, 0));
        }
    }

    @Test
    void nobodyButIngestReadsTheConnectionsOrTheirRequests() {
        // the connections hold sealed OAuth tokens; the requests, sealed codes and webhook payloads
        for (String user : List.of("sink", "streams", "importer", "eraser")) {
            for (String topic : List.of(Topics.CONNECTIONS, Topics.CONNECTION_REQUESTS)) {
                assertThat(readFailure(user, topic))
                        .as(user + " reading " + topic)
                        .isInstanceOf(TopicAuthorizationException.class);
            }
        }
    }

    @Test
    void nobodyButIngestWritesConnectionsAndOnlyIngestAndTheEraserWriteConnectionRequests() throws Exception {
        for (String user : List.of("streams", "sink", "importer", "eraser")) {
            try (KafkaProducer<String, String> producer =
                    producer(broker.clientProperties(user), Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false))) {
                List<String> refused = user.equals("eraser")
                        ? List.of(Topics.CONNECTIONS)
                        : List.of(Topics.CONNECTIONS, Topics.CONNECTION_REQUESTS);
                for (String topic : refused) {
                    assertThat(failureOf(
                                    producer.send(new ProducerRecord<>(topic, "clinic-x/client-1/oura", "forged"))))
                            .as(user + " writing " + topic)
                            .isInstanceOf(TopicAuthorizationException.class);
                }
            }
        }
        assertThat(readCommitted(broker.clientProperties(SecuredTestBroker.ADMIN), Topics.CONNECTIONS))
                .doesNotContain("forged");
    }

    @Test
    void sinkCannotJoinTheConnectionsGroup() {
        try (KafkaConsumer<String, String> consumer = consumer(
                broker.clientProperties("sink"),
                Map.of(ConsumerConfig.GROUP_ID_CONFIG, PipelineAcls.Names.DEFAULT_CONNECTION_OWNER_GROUP_ID))) {
            consumer.subscribe(List.of(Topics.SLEEP_CHANGE_METRICS));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(GroupAuthorizationException.class);
        }
    }

    /** What {@code user}'s plain consumer, assigned partition 0 of {@code topic} without a group, gets from poll. */
    private static Throwable readFailure(String user, String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = consumer(broker.clientProperties(user), Map.of())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            consumer.poll(Duration.ofSeconds(10));
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    // ---- refused beyond the grant

    @Test
    void sinkCannotWriteTheDashboardTopic() throws Exception {
        // A plain (non-idempotent) producer reaches the produce request: refused on the topic.
        try (KafkaProducer<String, String> producer =
                producer(broker.clientProperties("sink"), Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false))) {
            Throwable refusal =
                    failureOf(producer.send(new ProducerRecord<>(Topics.SLEEP_CHANGE_METRICS, "metric-key", "forged")));
            assertThat(refusal).isInstanceOf(TopicAuthorizationException.class);
            assertThat(((TopicAuthorizationException) refusal).unauthorizedTopics())
                    .containsExactly(Topics.SLEEP_CHANGE_METRICS);
        }
        // The default (idempotent) producer gets a producer id, since the sink may write the audit trail (KIP-679),
        // and is refused on the topic.
        try (KafkaProducer<String, String> producer = producer(broker.clientProperties("sink"), Map.of())) {
            Throwable refusal =
                    sendFailure(producer, new ProducerRecord<>(Topics.SLEEP_CHANGE_METRICS, "metric-key", "forged"));
            assertThat(refusal).isInstanceOf(TopicAuthorizationException.class);
        }
        assertThat(readCommitted(broker.clientProperties(SecuredTestBroker.ADMIN), Topics.SLEEP_CHANGE_METRICS))
                .doesNotContain("forged");
    }

    @Test
    void ingestCannotReadTheDashboardTopic() {
        TopicPartition dashboard = new TopicPartition(Topics.SLEEP_CHANGE_METRICS, 0);
        try (KafkaConsumer<String, String> consumer = consumer(broker.clientProperties("ingest"), Map.of())) {
            consumer.assign(List.of(dashboard)); // no group, so only the topic's ACLs decide
            consumer.seekToBeginning(List.of(dashboard));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(TopicAuthorizationException.class)
                    .satisfies(e -> assertThat(((TopicAuthorizationException) e).unauthorizedTopics())
                            .containsExactly(Topics.SLEEP_CHANGE_METRICS));
        }
    }

    @Test
    void ingestCannotUseATransactionalIdOutsideItsPrefix() {
        try (KafkaProducer<String, String> producer = producer(
                broker.clientProperties("ingest"),
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sleepdelta-streams-0_0"))) {
            assertThatThrownBy(producer::initTransactions).isInstanceOf(TransactionalIdAuthorizationException.class);
        }
    }

    @Test
    void sinkCannotJoinAnotherGroup() {
        try (KafkaConsumer<String, String> consumer = consumer(
                broker.clientProperties("sink"),
                Map.of(ConsumerConfig.GROUP_ID_CONFIG, PipelineAcls.Names.DEFAULT_STREAMS_APPLICATION_ID))) {
            consumer.subscribe(List.of(Topics.SLEEP_CHANGE_METRICS));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void streamsCannotWriteTheInputTopics() throws Exception {
        try (KafkaProducer<String, String> producer =
                producer(broker.clientProperties("streams"), Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false))) {
            assertThat(failureOf(producer.send(new ProducerRecord<>(Topics.SLEEP_RECORDS, "k", "forged"))))
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    // ---- no entry without valid credentials

    @Test
    void wrongPasswordIsAnAuthenticationError() throws Exception {
        Map<String, Object> properties = broker.clientProperties("sink");
        properties.put(SaslConfigs.SASL_JAAS_CONFIG, SecuredTestBroker.scramJaasConfig("sink", "not-the-password"));

        assertThat(describeClusterFailure(properties))
                .isInstanceOf(SaslAuthenticationException.class)
                .hasMessageContaining("invalid credentials");
    }

    @Test
    void unknownUserIsAnAuthenticationError() throws Exception {
        Map<String, Object> properties = broker.clientProperties("sink");
        properties.put(SaslConfigs.SASL_JAAS_CONFIG, SecuredTestBroker.scramJaasConfig("mallory", "guess"));

        assertThat(describeClusterFailure(properties)).isInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void plaintextClientCannotConnect() throws Exception {
        // The listener speaks TLS; a PLAINTEXT client's requests never get an answer.
        Map<String, Object> properties =
                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());

        assertThat(neverAnsweredFailure(properties)).isInstanceOf(TimeoutException.class);
    }

    @Test
    void tlsWithoutSaslCannotConnect() throws Exception {
        // Trusts the broker, but skips the SASL handshake: the broker closes the connection.
        assertThat(neverAnsweredFailure(broker.clientPropertiesWithoutCredentials()))
                .isInstanceOf(TimeoutException.class);
    }

    private static Throwable describeClusterFailure(Map<String, Object> clientProperties) throws Exception {
        return describeClusterFailure(adminTimeouts(clientProperties), 5_000);
    }

    /**
     * For a client the broker never answers, where the wait is all the test does: 2 s shows an unanswered request as
     * well as more. The admin gives up a request in flight only at its request timeout, whatever the call's own
     * timeout, so that is 2 s too (with the 14 s the other tests use, this one took 36 to 45 s on a loaded machine).
     */
    private static Throwable neverAnsweredFailure(Map<String, Object> clientProperties) throws Exception {
        Map<String, Object> properties = adminTimeouts(clientProperties);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000);
        return describeClusterFailure(properties, 2_000);
    }

    private static Throwable describeClusterFailure(Map<String, Object> properties, int timeoutMs) throws Exception {
        properties.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        Admin admin = Admin.create(properties);
        try {
            return failureOf(admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs))
                    .clusterId());
        } finally {
            // close() would wait for a request the broker never answers until its request timeout; nothing is left
            // to wait for once the call has failed.
            admin.close(Duration.ZERO);
        }
    }
}
