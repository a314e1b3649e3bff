package org.sleepdelta.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.sleepdelta.schemas.json.CanonicalJson;

/**
 * One record of a batch as read, before validation, with its index for problem reports ({@link RecordProblem}).
 *
 * @param raw      the record's bytes exactly as sent (a view into the body), or null when not known
 * @param location its JSON path in a JSON body ({@code $[3]}, or {@code $} for a body of one object); null in NDJSON,
 *                 where {@code index} is its line
 */
record BatchItem(long index, JsonNode node, ByteBuffer raw, String location) {
    /** An item of a JSON array, without its bytes as sent. */
    BatchItem(long index, JsonNode node) {
        this(index, node, null, "$[" + index + "]");
    }

    /** The line of an NDJSON body the item is on, or null. */
    Long line() {
        return location == null ? index : null;
    }

    /** The item as sent, or, when that is not known, its JSON as read. */
    byte[] bytesAsSent() {
        if (raw == null) {
            return CanonicalJson.line(node).getBytes(StandardCharsets.UTF_8);
        }
        ByteBuffer view = raw.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }
}
