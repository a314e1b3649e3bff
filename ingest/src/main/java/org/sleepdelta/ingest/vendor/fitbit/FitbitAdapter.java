package org.sleepdelta.ingest.vendor.fitbit;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.sleepdelta.ingest.vendor.jsonapi.RecordEmitter;

/**
 * Fitbit Web API sleep logs v1.2, as {@code GET /1.2/user/-/sleep/date/...} ({@code {"sleep": [...], "summary": ...}})
 * or {@code .../sleep/list.json} ({@code {"sleep": [...], "pagination": ...}}) return them, or the {@code sleep}
 * array alone, or one log object. Fitbit's times have no offset, so the caller's {@code ?timezone=} is required: without
 * it every log becomes a problem on field {@code timezone}. A response or log whose {@code meta.state} is
 * {@code pending} is not passed on ({@link FitbitPending}).
 */
public final class FitbitAdapter implements VendorAdapter {
    private static final JsonPayload.Shape SHAPE = new JsonPayload.Shape(
            "sleep",
            root -> root.has("logId"),
            "a Fitbit v1.2 sleep log response {\"sleep\": [...]}, the sleep array alone, or one sleep log");

    @Override
    public Vendor vendor() {
        return Vendor.FITBIT;
    }

    @Override
    public void normalise(InputStream payload, AdapterContext context, NormalisedSink sink)
            throws IOException, PayloadException {
        RecordEmitter emitter = new RecordEmitter(sink);
        JsonPayload.walk(payload, SHAPE, new JsonPayload.Handler() {
            private boolean pending;
            private int logsSeen;

            @Override
            public void field(String name, JsonNode value) {
                if (name.equals("meta") && FitbitPending.isPending(value)) {
                    pending = true;
                    if (logsSeen > 0) {
                        emitter.problem(
                                "meta",
                                "meta.state",
                                FitbitPending.REASON
                                        + "; the logs before this marker were passed on and the re-sent ones replace them");
                    }
                }
            }

            @Override
            public void item(String location, JsonNode element) {
                logsSeen++;
                emitter.item(location, () -> {
                    if (pending) {
                        throw new BadItem("meta.state", FitbitPending.REASON);
                    }
                    emitter.emit(
                            location,
                            FitbitLogMapper.map(ItemFields.of(element), context)
                                    .toRecord(context, Vendor.FITBIT.source()));
                });
            }
        });
    }
}
