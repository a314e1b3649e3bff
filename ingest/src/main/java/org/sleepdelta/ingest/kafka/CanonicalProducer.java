package org.sleepdelta.ingest.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.schemas.PipelineHeaders;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.schemas.codec.Codecs;

/**
 * Writes canonical records to the input topics, keyed by client so both topics stay co-partitioned. The record
 * timestamp is the event time (sleep end, session start), so Kafka Streams interleaves the two topics in event
 * order even when a backlog is replayed; the ingest time travels in a header. Idempotent with acks=all: a record
 * acknowledged here is on the broker exactly once.
 */
public final class CanonicalProducer implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;

    public CanonicalProducer(String bootstrapServers, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "sleepdelta-ingest");
        config.putAll(overrides);
        producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    public Future<RecordMetadata> send(SleepRecord record, long ingestedAtMillis, Callback onAcknowledged) {
        return send(record, ingestedAtMillis, null, onAcknowledged);
    }

    public Future<RecordMetadata> send(MassageSession session, long ingestedAtMillis, Callback onAcknowledged) {
        return send(session, ingestedAtMillis, null, onAcknowledged);
    }

    /** @param origin where the record was read from (e.g. {@code file:line}), or null */
    public Future<RecordMetadata> send(SleepRecord record, long ingestedAtMillis, String origin, Callback onAcknowledged) {
        long eventTime = record.getSleepEnd() == null ? ingestedAtMillis : record.getSleepEnd().toEpochMilli();
        return send(Topics.SLEEP_RECORDS, new ClientKey(record.getClinicId(), record.getClientId()),
                Codecs.sleepRecord().encode(record), eventTime, ingestedAtMillis, origin, onAcknowledged);
    }

    /** @param origin where the session was read from (e.g. {@code file:line}), or null */
    public Future<RecordMetadata> send(MassageSession session, long ingestedAtMillis, String origin, Callback onAcknowledged) {
        return send(Topics.MASSAGE_SESSIONS, new ClientKey(session.getClinicId(), session.getClientId()),
                Codecs.massageSession().encode(session), session.getStart().toEpochMilli(), ingestedAtMillis, origin,
                onAcknowledged);
    }

    private Future<RecordMetadata> send(String topic, ClientKey key, byte[] value, long eventTimeMillis,
                                        long ingestedAtMillis, String origin, Callback onAcknowledged) {
        // Never later than now: brokers refuse timestamps too far ahead, and the topology judges future dates itself.
        long timestamp = Math.min(eventTimeMillis, ingestedAtMillis);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, timestamp, key.toString(), value);
        PipelineHeaders.setIngestedAt(record.headers(), ingestedAtMillis);
        if (origin != null) {
            PipelineHeaders.setOrigin(record.headers(), origin);
        }
        return producer.send(record, onAcknowledged);
    }

    /** Sends a rejection to the rejection topic, keyed like the record it rejects (or unkeyed when that is unknown). */
    public Future<RecordMetadata> send(Rejection rejection, String key, Callback onAcknowledged) {
        long now = System.currentTimeMillis();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.REJECTIONS, null, now, key,
                Codecs.rejection().encode(rejection));
        PipelineHeaders.setIngestedAt(record.headers(), now);
        return producer.send(record, onAcknowledged);
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
