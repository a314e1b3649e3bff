package org.sleepdelta.ingest.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.ingest.connect.web.PushedSleep;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.NormalisedSink;
import org.sleepdelta.ingest.vendor.PayloadException;
import org.sleepdelta.ingest.vendor.Problem;
import org.sleepdelta.ingest.vendor.Vendor;
import org.sleepdelta.ingest.vendor.VendorAdapter;
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.connections.ConnectionKey;

/**
 * {@link PushedSleep} through the upload path: the vendor's adapter, {@link BatchValidator}, and {@link
 * BatchPipeline#write} in a slot of the connection's clinic (429 to the vendor when it has none free, which it retries).
 * The records carry the key label {@code connection:<vendor>}, so that they can be told from uploads.
 */
final class PushedSleepWriter implements PushedSleep {
    private final VendorAdapterLookup adapters;
    private final BatchPipeline pipeline;
    private final int maxRecords;

    PushedSleepWriter(VendorAdapterLookup adapters, BatchPipeline pipeline, int maxRecords) {
        this.adapters = adapters;
        this.pipeline = pipeline;
        this.maxRecords = maxRecords;
    }

    @Override
    public int write(ConnectionKey key, String adapterVendor, ZoneId zone, byte[] payload) throws Refused {
        Vendor vendor =
                Vendor.byPathName(adapterVendor).orElseThrow(() -> new Refused("no adapter named " + adapterVendor));
        VendorAdapter adapter =
                adapters.find(vendor).orElseThrow(() -> new Refused("payloads of " + adapterVendor + " are not read"));
        List<CanonicalRecord> records = new ArrayList<>();
        List<String> locations = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        NormalisedSink sink = new NormalisedSink() {
            @Override
            public void record(SleepRecord record) {
                record(null, record);
            }

            @Override
            public void record(String location, SleepRecord record) {
                records.add(CanonicalRecord.of(record));
                locations.add(location);
            }

            @Override
            public void problem(Problem problem) {
                problems.add(problem);
            }
        };
        try {
            adapter.normalise(
                    new ByteArrayInputStream(payload), new AdapterContext(key.clinicId(), key.clientId(), zone), sink);
        } catch (PayloadException | IOException e) {
            throw new Refused("the payload cannot be read as " + adapterVendor + " sleep data: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            Problem first = problems.get(0);
            throw new Refused(problems.size() + " item(s) of the payload could not be read, the first at "
                    + first.location() + " (" + first.field() + ": " + first.reason() + ")");
        }
        if (records.size() > maxRecords) {
            throw new Refused("the payload holds " + records.size() + " records, more than max-batch-records");
        }
        ValidBatch valid;
        try {
            valid = pipeline.validator().validateRecords(key.clinicId(), records, locations);
        } catch (ApiException e) {
            if (e.error().status() >= 500) {
                throw e;
            }
            throw new Refused(e.error().message());
        }
        try (RequestSlots.Slot slot = pipeline.takeSlot(key.clinicId())) {
            pipeline.write(
                    slot, valid, RecordKind.SLEEP, "POST /v1/webhooks/" + key.vendor(), "connection:" + key.vendor());
        }
        return valid.size();
    }
}
