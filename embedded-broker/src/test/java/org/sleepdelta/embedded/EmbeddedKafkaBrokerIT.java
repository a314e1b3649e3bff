package org.sleepdelta.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

    private static EmbeddedKafkaBroker shared;

    @BeforeAll
    static void startSharedBroker() {
        shared = EmbeddedKafkaBroker.builder().start();
    }

    @AfterAll
    static void stopSharedBroker() {
        shared.close();
    }

    @Test
    void readCommittedConsumerSeesCommittedTransactionsOnly() throws Exception {
        String topic = "transactions";
        createTopic(shared, topic);

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                shared.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "embedded-broker-it",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            producer.abortTransaction();
        }

        assertThat(readAll(shared, topic)).containsExactly("committed");
    }

    @Test
    void consumerOffsetsCommitWithTheTransaction() throws Exception {
        // What Kafka Streams does under exactly_once_v2: input offsets are committed inside the output transaction.
        String topic = "exactly-once-input";
        String group = "exactly-once-app";
        createTopic(shared, topic);
        TopicPartition input = new TopicPartition(topic, 0);

        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        shared.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        group,
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                        StringDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                        StringDeserializer.class));
                KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        shared.bootstrapServers(),
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        "exactly-once-app-task-0",
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                        StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                        StringSerializer.class))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.sendOffsetsToTransaction(Map.of(input, new OffsetAndMetadata(42)), consumer.groupMetadata());
            producer.commitTransaction();
        }

        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, shared.bootstrapServers()))) {
            assertThat(admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata()
                            .get())
                    .containsEntry(input, new OffsetAndMetadata(42));
        }
    }

    @Test
    void brokerLogKeepsOnlyWarningsAndErrors() throws IOException {
        // This test classpath has no SLF4J backend, yet the controller's warning on activating a fresh metadata log
        // reaches broker.log: the child's own backend works. INFO and below stay out.
        assertThat(Files.readString(shared.logFile()))
                .contains("WARN  [")
                .doesNotContain("INFO  [")
                .doesNotContain("DEBUG [");
    }

    @Test
    void keptDataDirServesItsRecordsAgainAfterRestart(@TempDir Path dataDir) throws Exception {
        try (EmbeddedKafkaBroker first =
                EmbeddedKafkaBroker.builder().dataDir(dataDir).start()) {
            createTopic(first, "kept");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, first.bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                producer.send(new ProducerRecord<>("kept", "k", "survives restarts"))
                        .get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(dataDir.resolve("logs/meta.properties")).exists();

        try (EmbeddedKafkaBroker second =
                EmbeddedKafkaBroker.builder().dataDir(dataDir).start()) {
            assertThat(readAll(second, "kept")).containsExactly("survives restarts");
        }
        assertThat(Files.readString(dataDir.resolve("broker.log"))).contains("already formatted");
    }

    @Test
    void closeStopsTheBrokerAndDeletesItsTemporaryDataDir() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start();
        Process process = broker.process();
        assertThat(broker.dataDir()).isDirectory();

        broker.close();

        assertThat(process.isAlive()).isFalse();
        assertThat(broker.isRunning()).isFalse();
        assertThat(broker.dataDir()).doesNotExist();
        broker.close(); // idempotent
    }

    @Test
    void brokerExitsByItselfWhenItsParentGoesAway() throws IOException {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start()) {
            Process process = broker.process();

            // What the operating system does when this JVM dies without running shutdown hooks.
            process.getOutputStream().close();

            await("broker to exit").atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
            assertThat(process.exitValue()).isZero();
        }
    }

    @Test
    void triesOtherPortsWhenAPortIsAlreadyTaken() throws Exception {
        AtomicInteger picks = new AtomicInteger();
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            BrokerPorts free = BrokerPorts.pickFree();
            BrokerPorts firstPick = new BrokerPorts(taken.getLocalPort(), free.controller(), free.internal());

            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                    .portPicker(() -> picks.incrementAndGet() == 1 ? firstPick : BrokerPorts.pickFree())
                    .start()) {
                assertThat(picks).hasValue(2);
                assertThat(broker.bootstrapServers()).isNotEqualTo("127.0.0.1:" + taken.getLocalPort());
                assertThat(Files.readString(broker.logFile())).contains("Address already in use");
                createTopic(broker, "reachable");
            }
        }
    }

    @Test
    void failedStartExplainsItselfWithTheEndOfTheBrokerLog(@TempDir Path dataDir) {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder()
                        .dataDir(dataDir)
                        .brokerProperty("num.io.threads", "many")
                        .start())
                .isInstanceOf(BrokerStartException.class)
                .hasMessageContaining("Last lines of " + dataDir.resolve("broker.log"))
                .hasMessageContaining("num.io.threads");
    }

    private static void createTopic(EmbeddedKafkaBroker broker, String topic)
            throws InterruptedException, ExecutionException {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    /** Every value a read_committed consumer sees from the start of the topic to its current end. */
    private static List<String> readAll(EmbeddedKafkaBroker broker, String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class))) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            // For read_committed, the end offset is the last stable offset: past every finished transaction.
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            await("consumer to reach offset " + end)
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                            values.add(record.value());
                        }
                        return consumer.position(partition) >= end;
                    });
        }
        return values;
    }
}
