package org.sleepdelta.ingest.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.NormalisedSink;
import org.sleepdelta.ingest.vendor.PayloadException;
import org.sleepdelta.ingest.vendor.Problem;
import org.sleepdelta.ingest.vendor.Vendor;
import org.sleepdelta.ingest.vendor.VendorAdapter;
import org.sleepdelta.schemas.json.CanonicalJson;

/**
 * A stand-in for the real adapters (other branches): reads {@code {"sleep": [{"id", "start", "end", "total"}]}},
 * reports an item without {@code total} as a problem, and anything that is not such JSON as a payload problem.
 */
final class FakeOuraAdapter implements VendorAdapter {
    @Override
    public Vendor vendor() {
        return Vendor.OURA;
    }

    @Override
    public void normalise(InputStream payload, AdapterContext context, NormalisedSink sink)
            throws IOException, PayloadException {
        JsonNode root;
        try {
            root = CanonicalJson.mapper().readTree(payload);
        } catch (JsonProcessingException e) {
            throw new PayloadException("not JSON");
        }
        if (root == null || !root.path("sleep").isArray()) {
            throw new PayloadException("no 'sleep' array");
        }
        for (int i = 0; i < root.get("sleep").size(); i++) {
            JsonNode item = root.get("sleep").get(i);
            if (!item.hasNonNull("total")) {
                sink.problem(new Problem("sleep[" + i + "]", "total", "is required"));
                continue;
            }
            sink.record(SleepRecord.newBuilder()
                    .setClinicId(context.clinicId())
                    .setClientId(context.clientId())
                    .setSource(Vendor.OURA.source())
                    .setSourceRecordId("oura-" + item.get("id").asText())
                    .setSleepStart(Instant.parse(item.get("start").asText()))
                    .setSleepEnd(Instant.parse(item.get("end").asText()))
                    .setTimezone(
                            context.timezone() == null
                                    ? "UTC"
                                    : context.timezone().getId())
                    .setTotalSleepMinutes(item.get("total").asDouble())
                    .build());
        }
    }
}
