package org.sleepdelta.ingest.kafka;

import java.nio.ByteBuffer;
import java.time.Instant;
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
    private Rejections() {}

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
