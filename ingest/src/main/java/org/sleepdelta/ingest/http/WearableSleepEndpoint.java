package org.sleepdelta.ingest.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.ingest.auth.ApiKeyPrincipal;
import org.sleepdelta.ingest.auth.Scope;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.ExportLimitExceeded;
import org.sleepdelta.ingest.vendor.NormalisedSink;
import org.sleepdelta.ingest.vendor.PayloadException;
import org.sleepdelta.ingest.vendor.Problem;
import org.sleepdelta.ingest.vendor.Vendor;
import org.sleepdelta.ingest.vendor.VendorAdapter;
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.Ids;

/**
 * {@code POST /v1/wearables/{vendor}/sleep?clientId=...&timezone=...}: a vendor's own payload, exactly as its API or
 * export gives it, for one client of the caller's clinic. The vendor's adapter turns it into canonical sleep records,
 * streaming from the (size-limited, possibly gzip-compressed) body; then the batch goes the way of every batch,
 * all-or-nothing: any item the adapter could not read, or any record breaking a rule, refuses the whole payload (400).
 * Records older than the retention (a history export) are not invalid: they go to the rejection topic, listed by
 * their location in the payload, and the rest is accepted.
 * Any Content-Type is taken, since vendors' exports differ (JSON, XML, CSV, zip); the adapter decides.
 */
final class WearableSleepEndpoint implements Handler {
    private final VendorAdapterLookup adapters;
    private final Authentication authentication;
    private final BatchPipeline pipeline;
    private final int maxRecords;
    private final long maxBodyBytes;
    private final long maxExportUncompressedBytes;
    private final int maxExportEntries;
    private final UploadPace pace;

    WearableSleepEndpoint(
            VendorAdapterLookup adapters,
            Authentication authentication,
            BatchPipeline pipeline,
            int maxRecords,
            long maxBodyBytes,
            long maxExportUncompressedBytes,
            int maxExportEntries,
            UploadPace pace) {
        this.adapters = adapters;
        this.authentication = authentication;
        this.pipeline = pipeline;
        this.maxRecords = maxRecords;
        this.maxBodyBytes = maxBodyBytes;
        this.maxExportUncompressedBytes = maxExportUncompressedBytes;
        this.maxExportEntries = maxExportEntries;
        this.pace = pace;
    }

    @Override
    public void handle(Context ctx) {
        ctx.attribute(IngestMetrics.RECORD_KIND, RecordKind.SLEEP);
        ApiKeyPrincipal caller = authentication.authenticate(ctx, Scope.WRITE);
        String clinicId = caller.clinicId();
        Vendor vendor = Vendor.byPathName(ctx.pathParam("vendor"))
                .orElseThrow(() -> Errors.notFound("no such vendor; vendors are "
                                + Arrays.stream(Vendor.values())
                                        .map(Vendor::pathName)
                                        .collect(Collectors.joining(", ")))
                        .exception());
        VendorAdapter adapter = adapters.find(vendor)
                .orElseThrow(() -> Errors.notFound("payloads of " + vendor.pathName() + " are not accepted yet")
                        .exception());
        boolean dryRun = BatchPipeline.dryRun(ctx);
        AdapterContext context = new AdapterContext(
                clinicId, clientId(ctx), timezone(ctx), maxExportUncompressedBytes, maxExportEntries);
        boolean gzip = RequestBodies.gzip(ctx.header("Content-Encoding"));
        try (RequestSlots.Slot slot = pipeline.takeSlot(clinicId)) {
            Collecting sink = new Collecting(maxRecords);
            try (InputStream payload = RequestBodies.open(ctx, maxBodyBytes, pace)) {
                try {
                    adapter.normalise(payload, context, sink);
                } catch (PayloadException e) {
                    RequestBodies.discardRest(payload);
                    throw e;
                }
            } catch (PayloadException e) {
                exportTooLarge(e);
                if (LimitedInputStream.isTooLarge(e) || PacedInputStream.isTooSlow(e)) {
                    throw RequestBodies.failure(e, gzip, maxBodyBytes).exception();
                }
                throw ApiError.of(
                                400,
                                "invalid_payload",
                                "the payload cannot be read as " + vendor.pathName() + " sleep data: " + e.getMessage())
                        .exception();
            } catch (IOException e) {
                exportTooLarge(e);
                throw RequestBodies.failure(e, gzip, maxBodyBytes).exception();
            }
            if (sink.overflow) {
                throw Errors.tooManyRecords(maxRecords).exception();
            }
            ctx.attribute(BatchPipeline.RECORD_COUNT, sink.records.size());
            if (sink.problemCount > 0) {
                ctx.attribute(BatchPipeline.RECORD_COUNT, sink.records.size() + sink.itemsWithProblems);
                throw Errors.invalidPayloadItems(sink.problemCount, sink.problems)
                        .exception();
            }
            ValidBatch valid = pipeline.validator().validateRecords(clinicId, sink.records, sink.locations);
            pipeline.finish(
                    ctx,
                    slot,
                    valid,
                    RecordKind.SLEEP,
                    dryRun,
                    "POST /v1/wearables/" + vendor.pathName() + "/sleep",
                    caller.label());
        }
    }

    /** An archive expanding beyond an export limit: 413 naming the limit (the slot is released on the way out). */
    private static void exportTooLarge(Exception failure) {
        ExportLimitExceeded exceeded = ExportLimitExceeded.find(failure);
        if (exceeded != null) {
            throw Errors.exportTooLarge(exceeded.getMessage()).exception();
        }
    }

    private static String clientId(Context ctx) {
        String clientId = ctx.queryParam("clientId");
        if (clientId == null) {
            throw Errors.invalidRequest("the query parameter clientId is required")
                    .exception();
        }
        if (!Ids.isValid(clientId)) {
            throw Errors.invalidRequest("clientId must match " + Ids.PATTERN.pattern())
                    .exception();
        }
        return clientId;
    }

    private static ZoneId timezone(Context ctx) {
        String zone = ctx.queryParam("timezone");
        if (zone == null) {
            return null;
        }
        try {
            if (ZoneId.getAvailableZoneIds().contains(zone)) {
                return ZoneId.of(zone);
            }
        } catch (DateTimeException e) {
            // falls through to the same answer
        }
        throw Errors.invalidRequest("timezone must be an IANA time zone id such as Europe/Berlin")
                .exception();
    }

    /** Keeps the adapter's records (up to the batch limit) and the first problems, counting them all. */
    private static final class Collecting implements NormalisedSink {
        private final int maxRecords;
        final List<CanonicalRecord> records = new ArrayList<>();
        /** Where each record was made from in the payload (null when the adapter did not say), as records. */
        final List<String> locations = new ArrayList<>();

        final List<RecordProblem> problems = new ArrayList<>();
        long problemCount;
        /** Adapters report an item's problems one after the other, so a new location is a new item. */
        long itemsWithProblems;

        private String lastProblemLocation;
        boolean overflow;

        Collecting(int maxRecords) {
            this.maxRecords = maxRecords;
        }

        @Override
        public void record(SleepRecord record) {
            record(null, record);
        }

        @Override
        public void record(String location, SleepRecord record) {
            if (records.size() == maxRecords) {
                overflow = true;
                throw Errors.tooManyRecords(maxRecords).exception(); // stops the adapter; checked again after it
            }
            records.add(CanonicalRecord.of(record));
            locations.add(location);
        }

        @Override
        public void problem(Problem problem) {
            if (problemCount == 0 || !Objects.equals(problem.location(), lastProblemLocation)) {
                itemsWithProblems++;
            }
            lastProblemLocation = problem.location();
            problemCount++;
            if (problems.size() < Errors.MAX_LISTED_PROBLEMS) {
                problems.add(RecordProblem.of(problem));
            }
        }
    }
}
