package org.sleepdelta.dashboard.sink;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.sleepdelta.avro.NightlySleep;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.dashboard.sink.SinkRejection.Reason;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.schemas.MetricKey;
import org.sleepdelta.schemas.PipelineHeaders;
import org.sleepdelta.schemas.codec.Codecs;
import org.sleepdelta.schemas.codec.RecordDecodingException;
import org.sleepdelta.schemas.erasure.ErasureRequest;

/** Turns a consumed record into what it asks of the database, or into a rejection saying why it cannot. */
final class RecordReader {
    private final SinkTopics topics;

    RecordReader(SinkTopics topics) {
        this.topics = topics;
    }

    /** Whether {@code topic} is the one of erasure requests. */
    boolean readsErasures(String topic) {
        return topic.equals(topics.clientErasures());
    }

    SinkRecord read(ConsumerRecord<byte[], byte[]> record) {
        if (record.topic().equals(topics.sleepChangeMetrics())) {
            return sleepChange(record);
        }
        if (record.topic().equals(topics.nightlySleep())) {
            return night(record);
        }
        if (record.topic().equals(topics.clientErasures())) {
            return erasure(record);
        }
        throw new IllegalArgumentException("the sink does not read topic " + record.topic());
    }

    private static SinkRecord sleepChange(ConsumerRecord<byte[], byte[]> record) {
        MetricKey key;
        try {
            key = MetricKey.parse(keyText(record));
        } catch (IllegalArgumentException e) {
            return rejected(record, Reason.INVALID_KEY, e.getMessage());
        }
        long ingestedAt = PipelineHeaders.ingestedAt(record.headers());
        if (record.value() == null) {
            return new SinkRecord.SleepChange(key, null, ingestedAt);
        }
        SleepChangeMetric value;
        try {
            value = Codecs.sleepChangeMetric().decode(record.value());
        } catch (RecordDecodingException e) {
            return rejected(record, Reason.UNDECODABLE, e.getMessage());
        }
        List<String> differing = new ArrayList<>();
        differs(differing, "clinicId", key.clinicId(), value.getClinicId());
        differs(differing, "clientId", key.clientId(), value.getClientId());
        differs(differing, "sessionId", key.sessionId(), value.getSessionId());
        differs(differing, "window", key.window(), value.getWindow());
        if (!differing.isEmpty()) {
            return rejected(
                    record,
                    Reason.KEY_MISMATCH,
                    "the value's " + String.join(", ", differing) + " differ from the key's");
        }
        return new SinkRecord.SleepChange(key, value, ingestedAt);
    }

    private static SinkRecord night(ConsumerRecord<byte[], byte[]> record) {
        NightKey key;
        try {
            key = NightKey.parse(keyText(record));
        } catch (IllegalArgumentException e) {
            return rejected(record, Reason.INVALID_KEY, e.getMessage());
        }
        if (record.value() == null) {
            return new SinkRecord.Night(key, null);
        }
        NightlySleep value;
        try {
            value = Codecs.nightlySleep().decode(record.value());
        } catch (RecordDecodingException e) {
            return rejected(record, Reason.UNDECODABLE, e.getMessage());
        }
        List<String> differing = new ArrayList<>();
        differs(differing, "clinicId", key.clinicId(), value.getClinicId());
        differs(differing, "clientId", key.clientId(), value.getClientId());
        differs(differing, "night", key.night(), value.getNight());
        if (!differing.isEmpty()) {
            return rejected(
                    record,
                    Reason.KEY_MISMATCH,
                    "the value's " + String.join(", ", differing) + " differ from the key's");
        }
        return new SinkRecord.Night(key, value);
    }

    private static SinkRecord erasure(ConsumerRecord<byte[], byte[]> record) {
        ClientKey key;
        try {
            key = ClientKey.parse(keyText(record));
        } catch (IllegalArgumentException e) {
            return rejected(record, Reason.INVALID_KEY, e.getMessage());
        }
        ErasureRequest request;
        try {
            request = ErasureRequest.decode(record.value());
        } catch (IllegalArgumentException e) {
            // The message names the field, never its value (ErasureJson).
            return rejected(record, Reason.UNDECODABLE, e.getMessage());
        }
        if (!request.client().equals(key)) {
            return rejected(record, Reason.KEY_MISMATCH, "the value's client differs from the key's");
        }
        return new SinkRecord.Erasure(request);
    }

    private static String keyText(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            throw new IllegalArgumentException("the record has no key");
        }
        return new String(record.key(), StandardCharsets.UTF_8);
    }

    private static void differs(List<String> differing, String field, Object inKey, Object inValue) {
        if (!Objects.equals(inKey, inValue)) {
            differing.add(field);
        }
    }

    private static SinkRecord rejected(ConsumerRecord<byte[], byte[]> record, Reason reason, String detail) {
        return new SinkRecord.Rejected(new SinkRejection(
                record.topic(),
                record.partition(),
                record.offset(),
                reason,
                detail == null ? reason.name() : detail,
                record.key(),
                record.value(),
                record.timestamp()));
    }
}
