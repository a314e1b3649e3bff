package org.sleepdelta.ingest.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.producer.Producer;
import org.sleepdelta.ingest.auth.ApiKeyPrincipal;
import org.sleepdelta.ingest.auth.Scope;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.schemas.Ids;
import org.sleepdelta.schemas.erasure.ErasureAction;
import org.sleepdelta.schemas.erasure.ErasureAudit;
import org.sleepdelta.schemas.erasure.ErasureRequest;
import org.sleepdelta.schemas.erasure.ErasureStatus;
import org.sleepdelta.schemas.erasure.ErasureWriter;
import org.sleepdelta.schemas.json.CanonicalJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code DELETE /v1/clients/{clientId}}, {@code POST /v1/clients/{clientId}/registration} and {@code GET
 * /v1/erasures/{erasureId}}, all with the {@code erase} scope. The clinic is always the API key's: a key can erase,
 * re-register and see erasures of its own clinic only, and an erasure of another clinic answers 404 like an unknown id.
 *
 * <p>A request takes a batch slot (and counts towards the clinic's quota), because it writes with the slot's
 * transactional producer, as a batch does.
 */
final class ErasureEndpoints {
    private static final Logger log = LoggerFactory.getLogger(ErasureEndpoints.class);
    static final String STATUS_PATH = "/v1/erasures/";

    private final Authentication authentication;
    private final BatchPipeline pipeline;
    private final TransactionalProducers producers;
    private final ErasureWriter writer;
    private final ErasureAudit audit;
    private final ErasureMetrics metrics;
    private final Clock clock;
    private final Duration retryAfter;

    ErasureEndpoints(
            Authentication authentication,
            BatchPipeline pipeline,
            TransactionalProducers producers,
            ErasureWriter writer,
            ErasureAudit audit,
            ErasureMetrics metrics,
            Clock clock,
            Duration retryAfter) {
        this.authentication = authentication;
        this.pipeline = pipeline;
        this.producers = producers;
        this.writer = writer;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
        this.retryAfter = retryAfter;
    }

    /** {@code DELETE /v1/clients/{clientId}}. */
    void erase(Context ctx) {
        request(ctx, ErasureAction.ERASE);
    }

    /** {@code POST /v1/clients/{clientId}/registration}: accept the client's records again, on purpose. */
    void reregister(Context ctx) {
        request(ctx, ErasureAction.REREGISTER);
    }

    private void request(Context ctx, ErasureAction action) {
        ApiKeyPrincipal caller = authentication.authenticate(ctx, Scope.ERASE);
        String clientId = ctx.pathParam("clientId");
        if (!Ids.isValid(clientId)) {
            throw Errors.invalidRequest("clientId must match " + Ids.PATTERN.pattern())
                    .exception();
        }
        ErasureRequest request = ErasureRequest.of(
                new ClientKey(caller.clinicId(), clientId), action, clock.instant(), requestedBy(caller.label()));
        ErasureWriter.Written written;
        try (RequestSlots.Slot slot = pipeline.takeSlot(caller.clinicId())) {
            written = write(slot.id(), request);
        }
        metrics.committed(action);
        ObjectNode body = CanonicalJson.mapper().createObjectNode();
        body.put("erasureId", request.erasureId());
        body.put("action", action.name());
        body.put("status", STATUS_PATH + request.erasureId());
        ArrayNode stages = body.putArray("stages");
        ErasureStatus.stagesOf(action).forEach(s -> stages.add(s.name()));
        ArrayNode completed = body.putArray("completed");
        written.stagesCompleted().forEach(s -> completed.add(s.name()));
        if (action == ErasureAction.ERASE) {
            body.put("keysDestroyed", written.keysDestroyed());
        }
        ctx.header("Location", STATUS_PATH + request.erasureId());
        JsonResponses.write(ctx, 202, body);
    }

    private ErasureWriter.Written write(int slot, ErasureRequest request) {
        Producer<String, byte[]> producer;
        try {
            producer = producers.get(slot);
        } catch (RuntimeException e) {
            throw failed(e, "starting a transactional producer");
        }
        try {
            return writer.write(producer, request);
        } catch (RuntimeException e) {
            // Erasures are rare: a fresh producer is cheaper to reason about than telling which failures leave this
            // one usable. Its transactional id aborts anything left open.
            producers.discard(slot);
            throw failed(e, "writing an erasure request");
        }
    }

    /** {@code GET /v1/erasures/{erasureId}}. */
    void status(Context ctx) {
        ApiKeyPrincipal caller = authentication.authenticate(ctx, Scope.ERASE);
        String erasureId = ctx.pathParam("erasureId");
        if (!isUuid(erasureId)) {
            throw Errors.invalidRequest("erasureId must be a UUID as returned by DELETE /v1/clients/{clientId}")
                    .exception();
        }
        ErasureStatus status;
        try {
            status = audit.status(erasureId, caller.clinicId()).orElse(null);
        } catch (RuntimeException e) {
            throw failed(e, "reading the erasure audit trail");
        }
        if (status == null) {
            throw Errors.notFound("no erasure with this id").exception();
        }
        JsonResponses.write(ctx, 200, status.toJson());
    }

    private ApiException failed(RuntimeException e, String doing) {
        ApiError error = KafkaFailures.toApiError(e, retryAfter);
        // Kafka's messages name topics and partitions, never a client.
        if (error.status() >= 500) {
            log.error("{} failed: {}", doing, error.error(), e);
        } else {
            log.warn("{} failed: {} ({})", doing, error.error(), e.toString());
        }
        return error.exception();
    }

    /** What the audit trail says asked: the key's label, never the key. */
    static String requestedBy(String keyLabel) {
        return keyLabel.startsWith("key:") ? keyLabel : "key:" + keyLabel;
    }

    private static boolean isUuid(String text) {
        try {
            return UUID.fromString(text).toString().equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
