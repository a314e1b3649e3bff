package org.sleepdelta.schemas.erasure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import org.sleepdelta.schemas.json.StrictJson;

/**
 * One line of the erasure audit trail ({@link org.sleepdelta.schemas.Topics#ERASURE_AUDIT}, keyed by erasure id): which
 * stage of which erasure completed, when, and by whom. It names the clinic and the erasure, never the client, so the
 * trail can be kept after the client is forgotten.
 *
 * @param by for {@link ErasureStage#REQUESTED}, who asked (as {@link ErasureRequest#requestedBy()}); otherwise the
 *     service that completed the stage ({@code ingest}, {@code erase-command}, {@code streams}, {@code sink})
 * @param detail counts only (e.g. {@code 3 data keys}, {@code 412 store entries, 57 tombstones}); never health data
 */
public record ErasureEvent(
        String erasureId,
        String clinicId,
        ErasureAction action,
        ErasureStage stage,
        Instant at,
        String by,
        String detail) {
    public ErasureEvent {
        Objects.requireNonNull(erasureId, "erasureId");
        Objects.requireNonNull(clinicId, "clinicId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(detail, "detail");
    }

    /** The event for {@code stage} of {@code request}. */
    public static ErasureEvent of(ErasureRequest request, ErasureStage stage, Instant at, String by, String detail) {
        return new ErasureEvent(
                request.erasureId(), request.client().clinicId(), request.action(), stage, at, by, detail);
    }

    /** The Kafka record key: the erasure id, so one erasure's events stay in order in one partition. */
    public String key() {
        return erasureId;
    }

    public byte[] encode() {
        ObjectNode json = StrictJson.mapper().createObjectNode();
        json.put("erasureId", erasureId);
        json.put("clinicId", clinicId);
        json.put("action", action.name());
        json.put("stage", stage.name());
        json.put("at", at.toString());
        json.put("by", by);
        json.put("detail", detail);
        try {
            return StrictJson.mapper().writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an erasure event", e);
        }
    }

    /** @throws IllegalArgumentException naming the field that is missing or wrong */
    public static ErasureEvent decode(byte[] bytes) {
        JsonNode json = ErasureJson.read(bytes, "erasure event");
        return new ErasureEvent(
                ErasureJson.text(json, "erasureId"),
                ErasureJson.text(json, "clinicId"),
                ErasureJson.enumValue(json, "action", ErasureAction.class),
                ErasureJson.enumValue(json, "stage", ErasureStage.class),
                ErasureJson.instant(json, "at"),
                ErasureJson.text(json, "by"),
                ErasureJson.text(json, "detail"));
    }
}
