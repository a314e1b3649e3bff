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
    /**
     * Most bytes of the rejected value kept in a rejection: 64 KiB. A rejection must stay well under Kafka's
     * default {@code max.request.size} of 1 MB even when it wraps a value of nearly that size; the detail then
     * says how large the original was, and its topic, partition and offset say where to find all of it.
     */
    static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    /** Most characters of the detail text kept (a library's message may quote the input). */
    static final int MAX_DETAIL_CHARS = 4 * 1024;

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
                .setDetail(detail(detail, payload))
                .setSourceTopic(origin.map(RecordMetadata::topic).orElse(null))
                .setSourcePartition(origin.map(RecordMetadata::partition).orElse(null))
                .setSourceOffset(origin.map(RecordMetadata::offset).orElse(null))
                .setRecordKey(key)
                .setPayload(
                        payload == null
                                ? null
                                : ByteBuffer.wrap(payload, 0, Math.min(payload.length, MAX_PAYLOAD_BYTES))
                                        .slice())
                .setRejectedAt(Instant.now())
                .build();
    }

    private static String detail(String detail, byte[] payload) {
        String text = detail;
        if (text != null && text.length() > MAX_DETAIL_CHARS) {
            text = text.substring(0, MAX_DETAIL_CHARS) + "...";
        }
        if (payload == null || payload.length <= MAX_PAYLOAD_BYTES) {
            return text;
        }
        String truncated = "payload truncated to its first " + MAX_PAYLOAD_BYTES + " of " + payload.length + " bytes";
        return text == null ? truncated : text + "; " + truncated;
    }

    static Rejection invalid(List<Violation> violations, Optional<RecordMetadata> origin, String key, byte[] payload) {
        String field = violations.size() == 1 ? violations.get(0).field() : null;
        String detail =
                String.join("; ", violations.stream().map(Violation::toString).toList());
        return of(RejectionReason.INVALID, field, detail, origin, key, payload);
    }
}
