package org.sleepdelta.ingest.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.avro.RejectionReason;
import org.sleepdelta.ingest.kafka.Rejections;
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.PipelineHeaders;
import org.sleepdelta.schemas.json.CanonicalJson;
import org.sleepdelta.schemas.kafka.CanonicalRecords;
import org.sleepdelta.schemas.validation.Violation;

/**
 * The steps every batch endpoint shares: taking a slot, and ending with a dry-run answer or the write and a 202.
 *
 * <p>The write is one transaction: the records to the input topics, and the records older than the retention to the
 * rejection topic as TOO_LATE (with where they were in the request, why, and their bytes as sent), so that every record
 * of an accepted batch is either processed or on the rejection topic, and an aborted batch leaves neither.
 */
final class BatchPipeline {
    /** Request attribute with the number of records, for the request log. */
    static final String RECORD_COUNT = "sleepdelta.records";
    /** At most this many records outside the retention are listed, so the answer stays small whatever the batch. */
    static final int MAX_LISTED_SKIPPED = 100;

    private final RequestSlots slots;
    private final BatchHook hook;
    private final BatchValidator validator;
    private final TransactionalBatchWriter writer;
    private final CanonicalRecords topics;
    private final Clock clock;
    private final IngestMetrics metrics;

    BatchPipeline(
            RequestSlots slots,
            BatchHook hook,
            BatchValidator validator,
            TransactionalBatchWriter writer,
            CanonicalRecords topics,
            Clock clock,
            IngestMetrics metrics) {
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

    /**
     * A slot for a batch of the caller's clinic, known only once its API key is checked (a request refused before
     * authentication never holds one).
     *
     * @throws ApiException 429 {@code clinic_busy} when the clinic has {@code max-batches-per-clinic} batches in work,
     *     429 {@code busy} when every slot is taken
     */
    RequestSlots.Slot takeSlot(String clinicId) {
        RequestSlots.Attempt attempt = slots.tryAcquire(clinicId);
        if (attempt.slot() == null) {
            throw (attempt.refusal() == RequestSlots.Refusal.CLINIC_AT_QUOTA
                            ? Errors.clinicBusy(slots.perClinic())
                            : Errors.busy())
                    .exception();
        }
        RequestSlots.Slot slot = attempt.slot();
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

    /**
     * Answers 200 with the records (dry run), or writes them as one transaction and answers 202.
     *
     * @param origin   the request, as the rejection topic names where a record came from ({@code POST /v1/sleep-records})
     * @param keyLabel the API key's label, which every written record carries ({@link PipelineHeaders#KEY_LABEL}) so
     *                 that a leaked key's writes can be found
     */
    void finish(
            Context ctx,
            RequestSlots.Slot slot,
            ValidBatch batch,
            RecordKind kind,
            boolean dryRun,
            String origin,
            String keyLabel) {
        ctx.attribute(RECORD_COUNT, batch.size());
        List<CanonicalRecord> records = batch.records();
        if (dryRun) {
            ObjectNode body = CanonicalJson.mapper().createObjectNode();
            body.put("dryRun", true);
            body.put("valid", records.size());
            ArrayNode list = body.putArray("records");
            records.forEach(r -> list.add(r.toJson()));
            outsideRetention(body, batch);
            JsonResponses.write(ctx, 200, body);
            return;
        }
        write(slot, batch, kind, origin, keyLabel);
        ObjectNode body = CanonicalJson.mapper().createObjectNode();
        body.put("accepted", records.size());
        outsideRetention(body, batch);
        JsonResponses.write(ctx, 202, body);
    }

    /**
     * Writes a valid batch as one transaction (records, and those outside the retention to the rejection topic) and
     * counts it; nothing for an empty batch. For uploads, and for vendor pushes that arrive by webhook.
     */
    void write(RequestSlots.Slot slot, ValidBatch batch, RecordKind kind, String origin, String keyLabel) {
        if (batch.size() == 0) {
            return;
        }
        long ingestedAt = clock.millis();
        List<ProducerRecord<String, byte[]>> kafkaRecords = new ArrayList<>(batch.size());
        batch.records().forEach(r -> kafkaRecords.add(topics.producerRecord(r, ingestedAt, null)));
        for (ValidBatch.OutsideRetention old : batch.outsideRetention()) {
            String key = old.record().clientKey().toString();
            kafkaRecords.add(topics.rejection(tooLate(old, origin, key, ingestedAt), key, ingestedAt));
        }
        kafkaRecords.forEach(r -> PipelineHeaders.setKeyLabel(r.headers(), keyLabel));
        writer.write(slot.id(), kafkaRecords);
        metrics.accepted(kind, batch.records().size());
        metrics.outsideRetention(kind, batch.outsideRetention().size());
    }

    private static Rejection tooLate(ValidBatch.OutsideRetention old, String origin, String key, long ingestedAt) {
        Violation why = new Violation(old.problem().field(), old.problem().reason());
        Rejections.CappedPayload payload =
                Rejections.capped(old.payload(), CanonicalJson.line(old.record().toJson()));
        Rejection rejection = Rejections.of(
                RejectionReason.TOO_LATE,
                List.of(old.location() == null ? why : Rejections.at(old.location(), why)),
                origin,
                old.line(),
                key,
                payload.bytes(),
                Instant.ofEpochMilli(ingestedAt));
        if (payload.note() != null) {
            rejection.setDetail(rejection.getDetail() + "; " + payload.note());
        }
        return rejection;
    }

    /**
     * Only when some records are outside the retention: how many, the earliest night still inside, and the first
     * {@value #MAX_LISTED_SKIPPED} of them, in the shape of an error's problems.
     */
    private static void outsideRetention(ObjectNode body, ValidBatch batch) {
        if (batch.outsideRetention().isEmpty()) {
            return;
        }
        body.put("outsideRetention", batch.outsideRetention().size());
        body.put("earliestAcceptedNight", batch.earliestNight().toString());
        ArrayNode skipped = body.putArray("skipped");
        batch.outsideRetention().stream()
                .limit(MAX_LISTED_SKIPPED)
                .forEach(old -> skipped.add(old.problem().toJson()));
    }
}
