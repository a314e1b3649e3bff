package org.sleepdelta.schemas;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Kafka record headers the pipeline sets. */
public final class PipelineHeaders {
    /** Wall-clock epoch millis (decimal text) when ingest accepted the record; carried to every metric it causes. */
    public static final String INGESTED_AT = "sleepdelta-ingested-at";

    /** Where a record was read from, e.g. {@code sleep.jsonl:17}; rejections keep it so a person can find the line. */
    public static final String ORIGIN = "sleepdelta-origin";

    /**
     * The label of the API key a record was accepted with (never the key), so that a leaked key's writes can be found
     * on the topics.
     */
    public static final String KEY_LABEL = "sleepdelta-key-label";

    private PipelineHeaders() {}

    public static void setKeyLabel(Headers headers, String label) {
        headers.remove(KEY_LABEL);
        headers.add(KEY_LABEL, label.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the key label, or null when the header is absent */
    public static String keyLabel(Headers headers) {
        Header header = headers.lastHeader(KEY_LABEL);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static void setOrigin(Headers headers, String origin) {
        headers.remove(ORIGIN);
        headers.add(ORIGIN, origin.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the origin, or null when the header is absent */
    public static String origin(Headers headers) {
        Header header = headers.lastHeader(ORIGIN);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static void setIngestedAt(Headers headers, long epochMillis) {
        headers.remove(INGESTED_AT);
        headers.add(INGESTED_AT, Long.toString(epochMillis).getBytes(StandardCharsets.US_ASCII));
    }

    /** @return the ingest time, or -1 when the header is absent or unreadable */
    public static long ingestedAt(Headers headers) {
        Header header = headers.lastHeader(INGESTED_AT);
        if (header == null || header.value() == null) {
            return -1;
        }
        try {
            return Long.parseLong(new String(header.value(), StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
