package org.sleepdelta.ingest.kafka;

import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.platform.config.KafkaClientProperties;
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.kafka.CanonicalRecords;
import org.sleepdelta.schemas.kafka.ProducerDefaults;

/**
 * Writes canonical records to the input topics, one by one, as {@link CanonicalRecords} lays them out (key, event-time
 * timestamp, ingest-time header). Idempotent with acks=all: a record acknowledged here is on the broker exactly once.
 */
public final class CanonicalProducer implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final CanonicalRecords records = CanonicalRecords.INPUT_TOPICS;

    /** @param kafka kafka.* client properties (security, tuning) for the producer */
    public CanonicalProducer(String bootstrapServers, KafkaClientProperties kafka) {
        producer =
                new KafkaProducer<>(config(bootstrapServers, kafka), new StringSerializer(), new ByteArraySerializer());
    }

    /** Our batching, then the kafka.* pass-through, then what exactly-once delivery needs (ProducerDefaults). */
    static Map<String, Object> config(String bootstrapServers, KafkaClientProperties kafka) {
        return kafka.clientConfig(
                KafkaClientProperties.Kind.PRODUCER,
                ProducerDefaults.tuning(),
                ProducerDefaults.required(bootstrapServers, "sleepdelta-ingest"));
    }

    /** @param origin where the record was read from (e.g. {@code file:line}), or null */
    public Future<RecordMetadata> send(
            CanonicalRecord record, long ingestedAtMillis, String origin, Callback onAcknowledged) {
        return producer.send(records.producerRecord(record, ingestedAtMillis, origin), onAcknowledged);
    }

    /** Sends a rejection to the rejection topic, keyed like the record it rejects (or unkeyed when that is unknown). */
    public Future<RecordMetadata> send(Rejection rejection, String key, Callback onAcknowledged) {
        return producer.send(records.rejection(rejection, key, System.currentTimeMillis()), onAcknowledged);
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
