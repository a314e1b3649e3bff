package org.sleepdelta.ingest.kafka;

import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.schemas.PipelineHeaders;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.schemas.codec.Codecs;

/**
 * How a canonical record becomes a Kafka record, for every producer of the input topics: keyed by {@link ClientKey} so
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
     * @param origin where the record was read from (e.g. {@code file:line}), or null. A deletion carries no dates,
     *               so its timestamp is the ingest time.
     */
    public ProducerRecord<String, byte[]> sleep(SleepRecord record, long ingestedAtMillis, String origin) {
        long eventTime = record.getSleepEnd() == null
                ? ingestedAtMillis
                : record.getSleepEnd().toEpochMilli();
        return record(
                sleepTopic,
                new ClientKey(record.getClinicId(), record.getClientId()),
                Codecs.sleepRecord().encode(record),
                eventTime,
                ingestedAtMillis,
                origin);
    }

    /** @param origin where the session was read from (e.g. {@code file:line}), or null */
    public ProducerRecord<String, byte[]> session(MassageSession session, long ingestedAtMillis, String origin) {
        return record(
                sessionTopic,
                new ClientKey(session.getClinicId(), session.getClientId()),
                Codecs.massageSession().encode(session),
                session.getStart().toEpochMilli(),
                ingestedAtMillis,
                origin);
    }

    /**
     * A rejection for the rejection topic ({@link Rejections}), keyed like the record it rejects, or unkeyed when that
     * is unknown, and stamped with the ingest time.
     */
    public ProducerRecord<String, byte[]> rejection(Rejection rejection, String key, long ingestedAtMillis) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                rejectionsTopic, null, ingestedAtMillis, key, Codecs.rejection().encode(rejection));
        PipelineHeaders.setIngestedAt(record.headers(), ingestedAtMillis);
        return record;
    }

    private static ProducerRecord<String, byte[]> record(
            String topic, ClientKey key, byte[] value, long eventTimeMillis, long ingestedAtMillis, String origin) {
        // Never later than now: brokers refuse timestamps too far ahead, and the topology judges future dates itself.
        long timestamp = Math.min(eventTimeMillis, ingestedAtMillis);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, timestamp, key.toString(), value);
        PipelineHeaders.setIngestedAt(record.headers(), ingestedAtMillis);
        if (origin != null) {
            PipelineHeaders.setOrigin(record.headers(), origin);
        }
        return record;
    }
}
