package org.sleepdelta.ingest.vendor.oura;

import java.io.IOException;
import java.io.InputStream;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.NormalisedSink;
import org.sleepdelta.ingest.vendor.PayloadException;
import org.sleepdelta.ingest.vendor.Vendor;
import org.sleepdelta.ingest.vendor.VendorAdapter;
import org.sleepdelta.ingest.vendor.jsonapi.ItemFields;
import org.sleepdelta.ingest.vendor.jsonapi.JsonPayload;
import org.sleepdelta.ingest.vendor.jsonapi.RecordDraft;
import org.sleepdelta.ingest.vendor.jsonapi.RecordEmitter;

/**
 * Oura API v2 sleep documents, as {@code GET /v2/usercollection/sleep} returns them ({@code {"data": [...],
 * "next_token": ...}}), or one document as {@code GET /v2/usercollection/sleep/{id}} returns it. A document of type
 * {@code deleted} becomes a deletion of the same {@code oura:<id>}.
 */
public final class OuraAdapter implements VendorAdapter {
    private static final JsonPayload.Shape SHAPE = new JsonPayload.Shape(
            "data", root -> root.has("id"), "an Oura v2 sleep response {\"data\": [...]} or one sleep document");

    @Override
    public Vendor vendor() {
        return Vendor.OURA;
    }

    @Override
    public void normalise(InputStream payload, AdapterContext context, NormalisedSink sink)
            throws IOException, PayloadException {
        RecordEmitter emitter = new RecordEmitter(sink);
        JsonPayload.walk(
                payload,
                SHAPE,
                (location, element) -> emitter.item(location, () -> {
                    ItemFields document = ItemFields.of(element);
                    if (OuraSleepMapper.isDeletion(document)) {
                        emitter.emit(
                                location,
                                RecordDraft.deletion(
                                        context, Vendor.OURA.source(), OuraSleepMapper.sourceRecordId(document)));
                    } else {
                        emitter.emit(
                                location,
                                OuraSleepMapper.map(document, context).toRecord(context, Vendor.OURA.source()));
                    }
                }));
    }
}
