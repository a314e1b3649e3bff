package org.sleepdelta.ingest.vendor.garmin;

import java.io.IOException;
import java.io.InputStream;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.NormalisedSink;
import org.sleepdelta.ingest.vendor.PayloadException;
import org.sleepdelta.ingest.vendor.Vendor;
import org.sleepdelta.ingest.vendor.VendorAdapter;
import org.sleepdelta.ingest.vendor.jsonapi.BadItem;
import org.sleepdelta.ingest.vendor.jsonapi.ItemFields;
import org.sleepdelta.ingest.vendor.jsonapi.JsonPayload;
import org.sleepdelta.ingest.vendor.jsonapi.LatestRevisions;
import org.sleepdelta.ingest.vendor.jsonapi.RecordEmitter;

/**
 * Garmin Health API sleep summaries: the array the summary endpoint returns, the push/ping body
 * {@code {"sleeps": [...]}}, or one summary. A later summary with the same {@code summaryId} (e.g. {@code
 * AUTO_FINAL} after {@code AUTO_TENTATIVE}) has the same {@code garmin:<summaryId>} and so replaces the earlier one;
 * within one payload a tentative summary never undoes a final one that came before it.
 */
public final class GarminAdapter implements VendorAdapter {
    private static final JsonPayload.Shape SHAPE = new JsonPayload.Shape(
            "sleeps",
            root -> root.has("summaryId"),
            "Garmin sleep summaries: an array, {\"sleeps\": [...]}, or one summary");
    private static final long TENTATIVE = 0;
    private static final long FINAL = 1;

    @Override
    public Vendor vendor() {
        return Vendor.GARMIN;
    }

    @Override
    public void normalise(InputStream payload, AdapterContext context, NormalisedSink sink)
            throws IOException, PayloadException {
        RecordEmitter emitter = new RecordEmitter(sink);
        LatestRevisions revisions = new LatestRevisions();
        JsonPayload.walk(
                payload,
                SHAPE,
                (location, element) -> emitter.item(location, () -> {
                    ItemFields summary = ItemFields.of(element);
                    String summaryId = GarminSleepMapper.summaryId(summary);
                    String validation = summary.optionalText("validation");
                    long rank = validation != null && validation.endsWith("_TENTATIVE") ? TENTATIVE : FINAL;
                    if (revisions.superseded(summaryId, rank)) {
                        throw new BadItem(
                                "validation",
                                "is tentative, but a final summary with the same summaryId "
                                        + "came earlier in this payload; the final one is kept");
                    }
                    if (emitter.emit(
                            location,
                            GarminSleepMapper.map(summary, summaryId, context)
                                    .toRecord(context, Vendor.GARMIN.source()))) {
                        revisions.emitted(summaryId, rank);
                    }
                }));
    }
}
