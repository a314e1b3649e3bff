package org.sleepdelta.ingest.kafka;

import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.platform.config.KafkaClientProperties;
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.crypto.ClientKeyRecords;
import org.sleepdelta.schemas.crypto.ClientKeyWriter;
import org.sleepdelta.schemas.crypto.MasterKeys;
import org.sleepdelta.schemas.crypto.RecordSealer;
import org.sleepdelta.schemas.kafka.CanonicalRecords;
import org.sleepdelta.schemas.kafka.ProducerDefaults;

/**
 * Writes canonical records to the input topics, one by one, as {@link CanonicalRecords} lays them out (key, event-time
 * timestamp, ingest-time header), each value encrypted under its client's data key. Idempotent with acks=all: a record acknowledged here is on the broker exactly once.
 */
public final class CanonicalProducer implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final CanonicalRecords records = CanonicalRecords.INPUT_TOPICS;
    private final ClientKeyWriter keys;
    private final RecordSealer sealer = new RecordSealer(records);

    /**
     * @param kafka      kafka.* client properties (security, tuning) for the producer
     * @param masterKeys what wraps the client data keys every value is encrypted with
     */
    public CanonicalProducer(String bootstrapServers, KafkaClientProperties kafka, MasterKeys masterKeys) {
        producer =
                new KafkaProducer<>(config(bootstrapServers, kafka), new StringSerializer(), new ByteArraySerializer());
        // An import is one short run: a client erased while it runs keeps the key it started with, and whatever is
        // sealed with it after the erasure is unreadable, as the erasure intends.
        keys = new ClientKeyWriter(ClientKeyRecords.onPipelineTopic(), masterKeys, (client, keyId) -> false);
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
        return producer.send(sealed(records.producerRecord(record, ingestedAtMillis, origin)), onAcknowledged);
    }

    /** Sends a rejection to the rejection topic, keyed like the record it rejects (or unkeyed when that is unknown). */
    public Future<RecordMetadata> send(Rejection rejection, String key, Callback onAcknowledged) {
        return producer.send(sealed(records.rejection(rejection, key, System.currentTimeMillis())), onAcknowledged);
    }

    /** Without transactions, a client's new key is acknowledged before the first record sealed with it is sent. */
    private ProducerRecord<String, byte[]> sealed(ProducerRecord<String, byte[]> record) {
        return sealer.seal(record, client -> keys.keyForAcknowledged(client, producer));
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
