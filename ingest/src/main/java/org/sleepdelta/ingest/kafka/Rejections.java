package org.sleepdelta.ingest.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.avro.RejectionReason;
import org.sleepdelta.schemas.validation.Violation;

/**
 * Rejections of records refused on their way into the input topics, built one way for every path in (the importers
 * and the HTTP API), so that the rejection topic reads the same whichever way a record came.
 *
 * <p>Where the record came from: {@code sourceFile} is the file it was imported from, or the request for the HTTP
 * API (e.g. {@code POST /v1/sleep-records}); {@code sourceLine} its line there (1-based), when it has one. An item
 * located by a path instead of a line (an item of a vendor payload, {@code data[3]}, or of a JSON array, {@code [3]})
 * has that path in front of its fields ({@link #at}), so {@code field} and {@code detail} say where it is.
 */
public final class Rejections {
    /**
     * Most bytes of a record kept in a rejection: 64 KiB, the same cap as the streams service's rejections (no
     * service module depends on another, so the value is repeated there). A rejection must stay well under Kafka's
     * default {@code max.request.size} of 1 MB, or the whole batch it is written with fails.
     */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    private Rejections() {}

    /**
     * The payload to keep for a valid record: its bytes as sent when they fit in {@link #MAX_PAYLOAD_BYTES}, else its
     * canonical JSON. A valid record's bytes as sent are only that large when padded (whitespace, an NDJSON line up
     * to the body limit); its canonical JSON holds every field it was accepted with, so the rejection can still be
     * read and resent, which a truncated prefix of the padding could not. Should even the canonical JSON exceed the
     * cap, its first {@link #MAX_PAYLOAD_BYTES} are kept.
     */
    public static CappedPayload capped(byte[] asSent, String canonicalJson) {
        if (asSent == null || asSent.length <= MAX_PAYLOAD_BYTES) {
            return new CappedPayload(asSent, null);
        }
        byte[] canonical = canonicalJson.getBytes(StandardCharsets.UTF_8);
        if (canonical.length <= MAX_PAYLOAD_BYTES) {
            return new CappedPayload(
                    canonical,
                    "payload is the record's canonical JSON: its " + asSent.length + " bytes as sent exceed "
                            + MAX_PAYLOAD_BYTES);
        }
        return new CappedPayload(
                Arrays.copyOf(canonical, MAX_PAYLOAD_BYTES),
                "payload truncated to the first " + MAX_PAYLOAD_BYTES + " of the record's " + canonical.length
                        + " bytes of canonical JSON (" + asSent.length + " bytes as sent)");
    }

    /**
     * @param bytes the payload to keep, or null
     * @param note  what was done to it when it is not the bytes as sent, or null
     */
    public record CappedPayload(byte[] bytes, String note) {}

    /** The violation with {@code location} in front of its field ({@code data[3].sleepStart}), or as it when none. */
    public static Violation at(String location, Violation violation) {
        return new Violation(
                violation.field() == null ? location : location + "." + violation.field(), violation.reason());
    }

    /** Every violation as {@code field: reason}, separated by {@code ; }. */
    public static String detail(List<Violation> violations) {
        return String.join("; ", violations.stream().map(Violation::toString).toList());
    }

    /**
     * @param violations why, at least one; {@code field} is set when there is exactly one
     * @param sourceFile the file it was read from, or the request it came in
     * @param sourceLine the 1-based line in that file or NDJSON body, or null
     * @param recordKey  the Kafka key the record would have had ({@code clinicId/clientId}), or null when unknown
     * @param payload    the record as it came, so that it can be repaired and resent, or null
     */
    public static Rejection of(
            RejectionReason reason,
            List<Violation> violations,
            String sourceFile,
            Long sourceLine,
            String recordKey,
            byte[] payload,
            Instant rejectedAt) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a rejection says why");
        }
        return Rejection.newBuilder()
                .setReason(reason)
                .setField(violations.size() == 1 ? violations.get(0).field() : null)
                .setDetail(detail(violations))
                .setSourceFile(sourceFile)
                .setSourceLine(sourceLine)
                .setRecordKey(recordKey)
                .setPayload(payload == null ? null : ByteBuffer.wrap(payload))
                .setRejectedAt(rejectedAt)
                .build();
    }
}
