package org.sleepdelta.schemas.erasure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.schemas.json.StrictJson;

/**
 * A request to erase (or re-register) one client, as written to {@link org.sleepdelta.schemas.Topics#CLIENT_ERASURES}
 * keyed by {@link ClientKey} (so it lands in the partition holding the client's state). JSON, because it is small,
 * rare and read by people during an audit; it carries ids only, never health data.
 *
 * @param erasureId a random UUID that names this request in the audit trail and the status the clinic queries
 * @param requestedBy who asked, e.g. {@code key:<label>} (an API key's label, never the key) or {@code cli:<user>}
 */
public record ErasureRequest(
        String erasureId, ClientKey client, ErasureAction action, Instant requestedAt, String requestedBy) {
    public ErasureRequest {
        Objects.requireNonNull(erasureId, "erasureId");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(requestedBy, "requestedBy");
    }

    /** A new request with a fresh random id. */
    public static ErasureRequest of(ClientKey client, ErasureAction action, Instant now, String requestedBy) {
        return new ErasureRequest(UUID.randomUUID().toString(), client, action, now, requestedBy);
    }

    /** The Kafka record key: the client's key, like the input topics. */
    public String key() {
        return client.toString();
    }

    public byte[] encode() {
        ObjectNode json = StrictJson.mapper().createObjectNode();
        json.put("erasureId", erasureId);
        json.put("clinicId", client.clinicId());
        json.put("clientId", client.clientId());
        json.put("action", action.name());
        json.put("requestedAt", requestedAt.toString());
        json.put("requestedBy", requestedBy);
        try {
            return StrictJson.mapper().writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an erasure request", e);
        }
    }

    /** @throws IllegalArgumentException naming the field that is missing or wrong */
    public static ErasureRequest decode(byte[] bytes) {
        JsonNode json = ErasureJson.read(bytes, "erasure request");
        return new ErasureRequest(
                ErasureJson.text(json, "erasureId"),
                new ClientKey(ErasureJson.text(json, "clinicId"), ErasureJson.text(json, "clientId")),
                ErasureJson.enumValue(json, "action", ErasureAction.class),
                ErasureJson.instant(json, "requestedAt"),
                ErasureJson.text(json, "requestedBy"));
    }
}
