package org.sleepdelta.dashboard.sink;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.sleepdelta.avro.NightlySleep;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.embedded.testing.KafkaTestBroker;
import org.sleepdelta.schemas.MetricKey;
import org.sleepdelta.schemas.PipelineHeaders;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.schemas.erasure.ErasureRequest;

/** Writes dashboard records as the streams application does (Avro single-object encoding, ingest-time header). */
final class TopicWriter implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final List<Future<RecordMetadata>> unacknowledged = new ArrayList<>();

    TopicWriter() {
        this(Map.of());
    }

    TopicWriter(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>();
        if (!extra.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) { // else the shared broker is not started
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers());
        }
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.putAll(extra);
        producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    KafkaProducer<byte[], byte[]> producer() {
        return producer;
    }

    /** @param value null for a tombstone */
    void metric(String topic, MetricKey key, SleepChangeMetric value, long ingestedAt) {
        metric(topic, null, key, value, ingestedAt);
    }

    void metric(String topic, Integer partition, MetricKey key, SleepChangeMetric value, long ingestedAt) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                topic,
                partition,
                bytes(key.toString()),
                value == null ? null : Codecs.sleepChangeMetric().encode(value));
        PipelineHeaders.setIngestedAt(record.headers(), ingestedAt);
        send(record);
    }

    void night(String topic, NightKey key, NightlySleep value) {
        send(new ProducerRecord<>(
                topic,
                bytes(key.toString()),
                value == null ? null : Codecs.nightlySleep().encode(value)));
    }

    /** As ingest and the erase command write it: keyed by the client, so it lands in the client's partition. */
    void erasure(String topic, ErasureRequest request) {
        send(new ProducerRecord<>(topic, bytes(request.key()), request.encode()));
    }

    void raw(String topic, int partition, byte[] key, byte[] value) {
        send(new ProducerRecord<>(topic, partition, key, value));
    }

    /** Waits until everything sent so far is acknowledged, and fails if any of it was not. */
    void flush() {
        producer.flush();
        try {
            for (Future<RecordMetadata> sent : unacknowledged) {
                sent.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a test record was not written", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        unacknowledged.clear();
    }

    private void send(ProducerRecord<byte[], byte[]> record) {
        unacknowledged.add(producer.send(record));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
