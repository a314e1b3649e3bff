package org.sleepdelta.schemas.crypto;

import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.schemas.kafka.CanonicalRecords;

/**
 * Encrypts what a producer of input records writes, just before it is sent: the whole value of an input record, and
 * the {@code payload} of a rejection keyed by a client (its other fields say what was wrong and stay readable). An
 * unkeyed rejection has no client to shred it for; it stays as it is and ages out with the rejection topic's
 * retention.
 */
public final class RecordSealer {
    private final CanonicalRecords topics;

    public RecordSealer(CanonicalRecords topics) {
        this.topics = topics;
    }

    /**
     * @param keyFor the data key of a client ({@code clinicId/clientId}), e.g. {@link ClientKeyWriter.Transaction#keyFor}
     * @return the record to send instead; the same one when there is nothing to encrypt
     */
    public ProducerRecord<String, byte[]> seal(
            ProducerRecord<String, byte[]> record, Function<String, DataKey> keyFor) {
        String key = record.key();
        if (key == null || record.value() == null) {
            return record;
        }
        byte[] sealed;
        if (record.topic().equals(topics.sleepTopic()) || record.topic().equals(topics.sessionTopic())) {
            sealed = PayloadEnvelope.seal(keyFor.apply(key), key, record.value());
        } else if (record.topic().equals(topics.rejectionsTopic())) {
            Rejection rejection = Codecs.rejection().decode(record.value());
            if (rejection.getPayload() == null) {
                return record;
            }
            byte[] payload = new byte[rejection.getPayload().remaining()];
            rejection.getPayload().duplicate().get(payload);
            rejection.setPayload(java.nio.ByteBuffer.wrap(PayloadEnvelope.seal(keyFor.apply(key), key, payload)));
            sealed = Codecs.rejection().encode(rejection);
        } else {
            return record;
        }
        return new ProducerRecord<>(
                record.topic(), record.partition(), record.timestamp(), key, sealed, record.headers());
    }
}
