package org.sleepdelta.ingest.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.sleepdelta.ingest.kafka.CanonicalRecords;
import org.sleepdelta.schemas.json.CanonicalJson;

/** The steps every batch endpoint shares: taking a slot, and ending with a dry-run answer or the write and a 202. */
final class BatchPipeline {
    /** Request attribute with the number of records, for the request log. */
    static final String RECORD_COUNT = "sleepdelta.records";

    private final RequestSlots slots;
    private final BatchHook hook;
    private final BatchValidator validator;
    private final TransactionalBatchWriter writer;
    private final CanonicalRecords topics;
    private final Clock clock;
    private final IngestMetrics metrics;

    BatchPipeline(RequestSlots slots, BatchHook hook, BatchValidator validator, TransactionalBatchWriter writer,
                  CanonicalRecords topics, Clock clock, IngestMetrics metrics) {
        this.slots = slots;
        this.hook = hook;
        this.validator = validator;
        this.writer = writer;
        this.topics = topics;
        this.clock = clock;
        this.metrics = metrics;
    }

    BatchValidator validator() {
        return validator;
    }

    /** @throws ApiException 429 when every slot is taken */
    RequestSlots.Slot takeSlot() {
        RequestSlots.Slot slot = slots.tryAcquire().orElseThrow(() -> Errors.busy().exception());
        try {
            hook.slotTaken();
        } catch (RuntimeException e) {
            slot.close();
            throw e;
        }
        return slot;
    }

    /** {@code ?dryRun=true}: validate and answer with the normalised records, write nothing. */
    static boolean dryRun(Context ctx) {
        String value = ctx.queryParam("dryRun");
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw Errors.invalidRequest("dryRun must be true or false").exception();
    }

    /** Answers 200 with the records (dry run), or writes them as one transaction and answers 202. */
    <T> void finish(Context ctx, RequestSlots.Slot slot, List<T> records, RecordKind<T> kind, boolean dryRun) {
        ctx.attribute(RECORD_COUNT, records.size());
        if (dryRun) {
            ObjectNode body = CanonicalJson.mapper().createObjectNode();
            body.put("dryRun", true);
            body.put("valid", records.size());
            ArrayNode list = body.putArray("records");
            records.forEach(r -> list.add(kind.toJson(r)));
            JsonResponses.write(ctx, 200, body);
            return;
        }
        if (!records.isEmpty()) {
            long ingestedAt = clock.millis();
            List<ProducerRecord<String, byte[]>> kafkaRecords = new ArrayList<>(records.size());
            records.forEach(r -> kafkaRecords.add(kind.toKafka(r, ingestedAt, topics)));
            writer.write(slot.id(), kafkaRecords);
            metrics.accepted(kind, records.size());
        }
        ObjectNode body = CanonicalJson.mapper().createObjectNode();
        body.put("accepted", records.size());
        JsonResponses.write(ctx, 202, body);
    }
}
