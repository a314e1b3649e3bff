package org.sleepdelta.schemas.kafka;

import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.schemas.PipelineHeaders;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.schemas.codec.Codecs;

/**
 * How a {@link CanonicalRecord} becomes a Kafka record, for every producer of the input topics (the HTTP API, the
 * importers, replay, and the streams tests and benchmarks): keyed by {@link ClientKey} so
 * both topics stay co-partitioned, the value in the codec's encoding, the ingest time in a header, and the record
 * timestamp set to the event time (sleep end, session start), so Kafka Streams interleaves the two topics in event
 * order even when a backlog is replayed.
 */
public final class CanonicalRecords {
    /** The pipeline's input topics. */
    public static final CanonicalRecords INPUT_TOPICS =
            new CanonicalRecords(Topics.SLEEP_RECORDS, Topics.MASSAGE_SESSIONS, Topics.REJECTIONS);

    private final String sleepTopic;
    private final String sessionTopic;
    private final String rejectionsTopic;

    /** Other topic names are for tests, which each use topics of their own on a shared broker. */
    public CanonicalRecords(String sleepTopic, String sessionTopic, String rejectionsTopic) {
        this.sleepTopic = Objects.requireNonNull(sleepTopic, "sleepTopic");
        this.sessionTopic = Objects.requireNonNull(sessionTopic, "sessionTopic");
        this.rejectionsTopic = Objects.requireNonNull(rejectionsTopic, "rejectionsTopic");
    }

    /** Other input topics, and the pipeline's rejection topic. */
    public CanonicalRecords(String sleepTopic, String sessionTopic) {
        this(sleepTopic, sessionTopic, Topics.REJECTIONS);
    }

    public String sleepTopic() {
        return sleepTopic;
    }

    public String sessionTopic() {
        return sessionTopic;
    }

    public String rejectionsTopic() {
        return rejectionsTopic;
    }

    /**
     * The record for its input topic. A deletion carries no dates, so its timestamp is the ingest time.
     *
     * @param origin where the record was read from (e.g. {@code file:line}), or null
     */
    public ProducerRecord<String, byte[]> producerRecord(CanonicalRecord record, long ingestedAtMillis, String origin) {
        // Never later than now: brokers refuse timestamps too far ahead, and the topology judges future dates itself.
        long timestamp =
                Math.min(record.eventTime().map(Instant::toEpochMilli).orElse(ingestedAtMillis), ingestedAtMillis);
        ProducerRecord<String, byte[]> produced = new ProducerRecord<>(
                record.fold(sleep -> sleepTopic, session -> sessionTopic),
                null,
                timestamp,
                record.clientKey().toString(),
                record.encode());
        PipelineHeaders.setIngestedAt(produced.headers(), ingestedAtMillis);
        if (origin != null) {
            PipelineHeaders.setOrigin(produced.headers(), origin);
        }
        return produced;
    }

    /**
     * A rejection for the rejection topic (ingest's {@code Rejections}), keyed like the record it rejects, or unkeyed when that
     * is unknown, and stamped with the ingest time.
     */
    public ProducerRecord<String, byte[]> rejection(Rejection rejection, String key, long ingestedAtMillis) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                rejectionsTopic, null, ingestedAtMillis, key, Codecs.rejection().encode(rejection));
        PipelineHeaders.setIngestedAt(record.headers(), ingestedAtMillis);
        return record;
    }
}
