package org.sleepdelta.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.sleepdelta.embedded.SecuredClients.adminTimeouts;
import static org.sleepdelta.embedded.SecuredClients.consumer;
import static org.sleepdelta.embedded.SecuredClients.failureOf;
import static org.sleepdelta.embedded.SecuredClients.producer;
import static org.sleepdelta.embedded.SecuredClients.readCommitted;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.embedded.testing.KafkaTestBroker;
import org.sleepdelta.embedded.testing.SecuredTestBroker;
import org.sleepdelta.embedded.testing.TestCertificates;
import org.sleepdelta.schemas.Topics;

/**
 * The same ACLs on an mTLS listener: a certificate's CN is the user, so {@code CN=ingest} is {@code User:ingest}.
 * Clients without a certificate, or with one from a CA the broker does not trust, are refused at the handshake.
 */
class MutualTlsBrokerIT {

    private static SecuredTestBroker broker;

    @BeforeAll
    static void startBrokerWithPipelineAcls() {
        broker = KafkaTestBroker.secured(SecurityMode.MTLS, "ingest", "sink");
        broker.createTopics(Topics.layout(1, (short) 1).toArray(NewTopic[]::new));
        broker.createAcls(PipelineAcls.bindings());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void certificateUsersDoTheirJobs() throws Exception {
        try (KafkaProducer<String, String> producer = producer(
                broker.clientProperties("ingest"),
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sleepdelta-ingest-0"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(Topics.SLEEP_RECORDS, "clinic-a/client-1", "mtls-night"));
            producer.commitTransaction();
        }
        assertThat(readCommitted(broker.clientProperties(SecuredTestBroker.ADMIN), Topics.SLEEP_RECORDS))
                .contains("mtls-night");

        try (KafkaProducer<String, String> producer =
                producer(broker.clientProperties(SecuredTestBroker.ADMIN), Map.of())) {
            producer.send(new ProducerRecord<>(Topics.NIGHTLY_SLEEP, "clinic-a/client-1/2026-12-01", "mtls-nightly"))
                    .get();
        }
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(
                broker.clientProperties("sink"),
                Map.of(ConsumerConfig.GROUP_ID_CONFIG, PipelineAcls.Names.DEFAULT_SINK_GROUP_ID))) {
            consumer.subscribe(List.of(Topics.SLEEP_CHANGE_METRICS, Topics.NIGHTLY_SLEEP));
            await("the sink to read nightly-sleep")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                            seen.add(record.value());
                        }
                        return seen.contains("mtls-nightly");
                    });
            consumer.commitSync(Duration.ofSeconds(15));
        }
    }

    @Test
    void ingestCertificateWritesAConnectionWithItsRequestAndTheSinkCertificateCannotReadIt() throws Exception {
        try (KafkaProducer<String, String> producer = producer(
                broker.clientProperties("ingest"),
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sleepdelta-ingest-connections-0"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(
                    new ProducerRecord<>(Topics.CONNECTION_REQUESTS, "clinic-a/client-1/withings", "mtls-request"));
            producer.send(new ProducerRecord<>(Topics.CONNECTIONS, "clinic-a/client-1/withings", "mtls-connection"));
            producer.commitTransaction();
        }
        assertThat(readCommitted(broker.clientProperties("ingest"), Topics.CONNECTIONS))
                .contains("mtls-connection");

        TopicPartition connections = new TopicPartition(Topics.CONNECTIONS, 0);
        try (KafkaConsumer<String, String> consumer = consumer(broker.clientProperties("sink"), Map.of())) {
            consumer.assign(List.of(connections));
            consumer.seekToBeginning(List.of(connections));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(TopicAuthorizationException.class)
                    .satisfies(e -> assertThat(((TopicAuthorizationException) e).unauthorizedTopics())
                            .containsExactly(Topics.CONNECTIONS));
        }
    }

    @Test
    void sinkCertificateCannotWriteTheDashboardTopic() throws Exception {
        try (KafkaProducer<String, String> producer =
                producer(broker.clientProperties("sink"), Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false))) {
            assertThat(failureOf(
                            producer.send(new ProducerRecord<>(Topics.SLEEP_CHANGE_METRICS, "metric-key", "forged"))))
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void sinkCertificateCannotReadTheDataKeys() {
        TopicPartition keys = new TopicPartition(Topics.CLIENT_KEYS, 0);
        try (KafkaConsumer<String, String> consumer = consumer(broker.clientProperties("sink"), Map.of())) {
            consumer.assign(List.of(keys)); // no group, so only the topic's ACLs decide
            consumer.seekToBeginning(List.of(keys));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(TopicAuthorizationException.class)
                    .satisfies(e -> assertThat(((TopicAuthorizationException) e).unauthorizedTopics())
                            .containsExactly(Topics.CLIENT_KEYS));
        }
    }

    @Test
    void clientWithoutCertificateIsRefused() throws Exception {
        // Trusts the broker's certificate but has none of its own.
        assertThat(describeClusterFailure(broker.clientPropertiesWithoutCredentials()))
                .isInstanceOf(SslAuthenticationException.class);
    }

    @Test
    void certificateFromAnotherCaIsRefused(@TempDir Path dir) throws Exception {
        // CN=ingest, but signed by a CA of the client's own making.
        TestCertificates.Issued forged = TestCertificates.create(dir).issue("ingest");
        Map<String, Object> properties = broker.clientProperties("ingest");
        properties.put(
                SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, forged.keystore().toString());
        properties.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, forged.password());
        properties.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, forged.password());

        assertThat(describeClusterFailure(properties)).isInstanceOf(SslAuthenticationException.class);
    }

    @Test
    void plaintextClientCannotConnect() throws Exception {
        assertThat(neverAnsweredFailure(
                        Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers())))
                .isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
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
