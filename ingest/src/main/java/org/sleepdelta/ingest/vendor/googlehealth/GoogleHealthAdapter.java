package org.sleepdelta.ingest.vendor.googlehealth;

import java.io.IOException;
import java.io.InputStream;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.NormalisedSink;
import org.sleepdelta.ingest.vendor.PayloadException;
import org.sleepdelta.ingest.vendor.Vendor;
import org.sleepdelta.ingest.vendor.VendorAdapter;
import org.sleepdelta.ingest.vendor.jsonapi.ItemFields;
import org.sleepdelta.ingest.vendor.jsonapi.JsonPayload;
import org.sleepdelta.ingest.vendor.jsonapi.RecordEmitter;

/**
 * Google Health API v4 {@code sleep} data points (Fitbit and Pixel Watch sleep since the Fitbit Web API was retired),
 * as {@code GET /v4/users/me/dataTypes/sleep/dataPoints} returns one page of them ({@code {"dataPoints": [...],
 * "nextPageToken": ...}}), or the array alone, or one data point. The list never shows a deleted data point, so
 * nothing here withdraws a record (docs/connections/fitbit.md).
 */
public final class GoogleHealthAdapter implements VendorAdapter {
    private static final JsonPayload.Shape SHAPE = new JsonPayload.Shape(
            "dataPoints",
            root -> root.has("sleep"),
            "a Google Health API sleep list response {\"dataPoints\": [...]}, the array alone, or one data point");

    @Override
    public Vendor vendor() {
        return Vendor.GOOGLE_HEALTH;
    }

    @Override
    public void normalise(InputStream payload, AdapterContext context, NormalisedSink sink)
            throws IOException, PayloadException {
        RecordEmitter emitter = new RecordEmitter(sink);
        JsonPayload.walk(
                payload,
                SHAPE,
                (location, element) -> emitter.item(
                        location,
                        () -> emitter.emit(
                                location,
                                GoogleHealthSleepMapper.map(ItemFields.of(element), context)
                                        .toRecord(context, Vendor.GOOGLE_HEALTH.source()))));
    }
}
