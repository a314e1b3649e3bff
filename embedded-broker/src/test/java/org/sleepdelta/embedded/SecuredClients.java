package org.sleepdelta.embedded;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Real Kafka clients with bounded timeouts, for the secured-broker integration tests. */
final class SecuredClients {

    /** Bounds every blocking client call, so a refused client fails the test instead of hanging it. */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(15);

    private SecuredClients() {}

    static KafkaProducer<String, String> producer(Map<String, Object> clientProperties, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis());
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis());
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis() - 1_000);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        properties.putAll(extra);
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    static KafkaConsumer<String, String> consumer(Map<String, Object> clientProperties, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis());
        properties.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.putAll(extra);
        return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    }

    static Map<String, Object> adminTimeouts(Map<String, Object> clientProperties) {
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis() - 1_000);
        return properties;
    }

    /** Every committed value of partition 0 of {@code topic}, read from the start to its current end. */
    static List<String> readCommitted(Map<String, Object> clientProperties, String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(clientProperties, Map.of())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            await("reading " + topic + " to offset " + end)
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

    /** The cause of a failed future, or null when it succeeded: what the broker answered. */
    static Throwable failureOf(Future<?> future) throws InterruptedException {
        try {
            future.get(CLIENT_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            return e;
        }
    }

    /**
     * Why sending {@code record} failed. An idempotent producer whose producer id was refused fails every later call:
     * depending on whether that refusal arrived before {@code send}, it is thrown by {@code send} itself (wrapped in a
     * {@link KafkaException}) or completes the returned future exceptionally; either way the refusal is returned.
     */
    static <K, V> Throwable sendFailure(KafkaProducer<K, V> producer, ProducerRecord<K, V> record)
            throws InterruptedException {
        Future<?> sent;
        try {
            sent = producer.send(record);
        } catch (KafkaException e) {
            return e.getCause() == null ? e : e.getCause();
        }
        return failureOf(sent);
    }
}
