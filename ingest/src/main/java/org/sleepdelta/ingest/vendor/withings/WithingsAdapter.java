package org.sleepdelta.ingest.vendor.withings;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
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
 * Withings {@code v2/sleep?action=getsummary} responses: {@code {"status": 0, "body": {"series": [...]}}}. A
 * {@code status} other than 0 is Withings reporting an error, so the payload is a {@link PayloadException} naming the
 * status. Each item's {@code id} gives {@code withings:<id>}; Withings revises an item in place (same id, later
 * {@code modified}), so the revision replaces the earlier record, and within one payload an older revision never
 * undoes a newer one.
 */
public final class WithingsAdapter implements VendorAdapter {
    private static final JsonPayload.Shape SHAPE = JsonPayload.Shape.wrapped(
            List.of("body", "series"),
            "a Withings sleep summary response {\"status\": 0, \"body\": {\"series\": [...]}}");

    @Override
    public Vendor vendor() {
        return Vendor.WITHINGS;
    }

    @Override
    public void normalise(InputStream payload, AdapterContext context, NormalisedSink sink)
            throws IOException, PayloadException {
        RecordEmitter emitter = new RecordEmitter(sink);
        LatestRevisions revisions = new LatestRevisions();
        JsonPayload.walk(payload, SHAPE, new JsonPayload.Handler() {
            @Override
            public void field(String name, JsonNode value) throws PayloadException {
                if (name.equals("status") && !(value.isIntegralNumber() && value.longValue() == 0)) {
                    throw new PayloadException(
                            "Withings answered with status " + value.asText() + " instead of 0 (success)");
                }
            }

            @Override
            public void item(String location, JsonNode element) {
                emitter.item(location, () -> {
                    ItemFields item = ItemFields.of(element);
                    String id = item.requiredId("id");
                    Long modified = item.optionalWhole("modified");
                    long revision = modified == null ? Long.MIN_VALUE : modified;
                    if (revisions.superseded(id, revision)) {
                        throw new BadItem(
                                "modified",
                                "is older than that of an item with the same id earlier in "
                                        + "this payload; the newer revision is kept");
                    }
                    if (emitter.emit(
                            location,
                            WithingsSeriesMapper.map(item, id, context).toRecord(context, Vendor.WITHINGS.source()))) {
                        revisions.emitted(id, revision);
                    }
                });
            }
        });
    }
}
