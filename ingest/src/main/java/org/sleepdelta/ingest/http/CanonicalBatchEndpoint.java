package org.sleepdelta.ingest.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.sleepdelta.ingest.auth.ApiKeyPrincipal;
import org.sleepdelta.ingest.auth.Scope;

/**
 * {@code POST /v1/sleep-records} and {@code POST /v1/massage-sessions}: a batch of canonical records (a JSON object,
 * a JSON array or NDJSON, optionally gzip-compressed), accepted all-or-nothing: one invalid record refuses the batch.
 * Records older than the retention are not invalid; they go to the rejection topic with the rest of the batch.
 */
final class CanonicalBatchEndpoint implements Handler {
    private final RecordKind kind;
    private final Authentication authentication;
    private final BatchPipeline pipeline;
    private final BatchParser parser;
    private final long maxBodyBytes;
    private final UploadPace pace;

    CanonicalBatchEndpoint(
            RecordKind kind,
            Authentication authentication,
            BatchPipeline pipeline,
            BatchParser parser,
            long maxBodyBytes,
            UploadPace pace) {
        this.kind = kind;
        this.authentication = authentication;
        this.pipeline = pipeline;
        this.parser = parser;
        this.maxBodyBytes = maxBodyBytes;
        this.pace = pace;
    }

    @Override
    public void handle(Context ctx) {
        ctx.attribute(IngestMetrics.RECORD_KIND, kind);
        ApiKeyPrincipal caller = authentication.authenticate(ctx, Scope.WRITE);
        boolean dryRun = BatchPipeline.dryRun(ctx);
        BatchFormat format = BatchFormat.of(ctx.contentType());
        RequestBodies.gzip(ctx.header("Content-Encoding")); // 415 for an encoding we cannot read, before taking a slot
        try (RequestSlots.Slot slot = pipeline.takeSlot(caller.clinicId())) {
            byte[] body = RequestBodies.readAll(ctx, maxBodyBytes, pace);
            BatchParser.Result batch = parser.parse(body, format);
            ctx.attribute(BatchPipeline.RECORD_COUNT, batch.total());
            ValidBatch valid = pipeline.validator().validate(caller.clinicId(), batch, kind);
            pipeline.finish(ctx, slot, valid, kind, dryRun, "POST " + route(ctx), caller.label());
        }
    }

    /** The route served: {@code /v1/sleep-records} or {@code /v1/massage-sessions} (templates without parameters). */
    private static String route(Context ctx) {
        var endpoint = ctx.endpoints().lastHttpEndpoint();
        return endpoint == null ? ctx.path() : endpoint.path;
    }
}
