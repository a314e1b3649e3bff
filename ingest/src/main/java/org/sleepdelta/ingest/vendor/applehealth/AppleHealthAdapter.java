package org.sleepdelta.ingest.vendor.applehealth;

import java.io.IOException;
import java.io.InputStream;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.NormalisedSink;
import org.sleepdelta.ingest.vendor.PayloadException;
import org.sleepdelta.ingest.vendor.Problem;
import org.sleepdelta.ingest.vendor.Vendor;
import org.sleepdelta.ingest.vendor.VendorAdapter;
import org.sleepdelta.ingest.vendor.support.ValidatingEmitter;

/**
 * The Health app's export ({@code export.zip} or its {@code export.xml}), streamed in bounded memory however large:
 * sleep-analysis segments are assembled into sleep periods per source, one source is chosen per night, and each period
 * of it becomes a canonical record. See docs/vendors/apple-health.md for every rule and why.
 * <p>
 * Export dates carry only UTC offsets, so the client's IANA zone must come with the upload; without it nothing can be
 * placed in a night, and the adapter reports one problem and reads nothing.
 */
public final class AppleHealthAdapter implements VendorAdapter {

    @Override
    public Vendor vendor() {
        return Vendor.APPLE_HEALTH;
    }

    @Override
    public void normalise(InputStream payload, AdapterContext context, NormalisedSink sink)
            throws IOException, PayloadException {
        if (context.timezone() == null) {
            sink.problem(new Problem(
                    "export.xml",
                    "timezone",
                    "the client's IANA time zone is required: Apple Health dates carry only UTC offsets"));
            return;
        }
        ValidatingEmitter out = new ValidatingEmitter(sink);
        NightRecords records = new NightRecords(context, out);
        NightAssembler nights = new NightAssembler(context.timezone(), records);
        RecordInterpreter interpreter = new RecordInterpreter(context.timezone(), nights, records, out);
        ExportReader.read(
                ExportPayload.exportXml(payload, context.maxExportUncompressedBytes(), context.maxExportEntries()),
                RecordInterpreter.TYPES,
                interpreter);
        nights.finish();
    }
}
