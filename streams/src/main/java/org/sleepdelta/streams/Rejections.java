package org.sleepdelta.streams;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.avro.RejectionReason;
import org.sleepdelta.schemas.validation.Violation;

/** Builds rejection records that say where a record came from and why it was not processed. */
final class Rejections {
    private Rejections() {}

    static Rejection of(
            RejectionReason reason,
            String field,
            String detail,
            Optional<RecordMetadata> origin,
            String key,
            byte[] payload) {
        return Rejection.newBuilder()
                .setReason(reason)
                .setField(field)
                .setDetail(detail)
                .setSourceTopic(origin.map(RecordMetadata::topic).orElse(null))
                .setSourcePartition(origin.map(RecordMetadata::partition).orElse(null))
                .setSourceOffset(origin.map(RecordMetadata::offset).orElse(null))
                .setRecordKey(key)
                .setPayload(payload == null ? null : ByteBuffer.wrap(payload))
                .setRejectedAt(Instant.now())
                .build();
    }

    static Rejection invalid(List<Violation> violations, Optional<RecordMetadata> origin, String key, byte[] payload) {
        String field = violations.size() == 1 ? violations.get(0).field() : null;
        String detail =
                String.join("; ", violations.stream().map(Violation::toString).toList());
        return of(RejectionReason.INVALID, field, detail, origin, key, payload);
    }
}
