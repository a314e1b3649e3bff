package org.sleepdelta.ingest.vendor.openmhealth;

import java.io.IOException;
import java.io.InputStream;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.NormalisedSink;
import org.sleepdelta.ingest.vendor.PayloadException;
import org.sleepdelta.ingest.vendor.Vendor;
import org.sleepdelta.ingest.vendor.VendorAdapter;
import org.sleepdelta.ingest.vendor.support.ItemProblem;
import org.sleepdelta.ingest.vendor.support.JsonItems;
import org.sleepdelta.ingest.vendor.support.ValidatingEmitter;

/**
 * Open mHealth {@code omh:sleep-episode} (1.0, 1.1) and IEEE 1752.1 {@code sleep-episode} data: data points
 * {@code {"header": …, "body": …}} or bare bodies, one object or an array. One episode becomes one canonical record;
 * see {@link SleepEpisodes} for the mapping.
 */
public final class OpenMHealthAdapter implements VendorAdapter {

    @Override
    public Vendor vendor() {
        return Vendor.OPEN_MHEALTH;
    }

    @Override
    public void normalise(InputStream payload, AdapterContext context, NormalisedSink sink)
            throws IOException, PayloadException {
        ValidatingEmitter out = new ValidatingEmitter(sink);
        JsonItems.forEach(payload, (location, item) -> {
            SleepRecord record;
            try {
                record = SleepEpisodes.toRecord(DataPoint.of(item), context);
            } catch (ItemProblem p) {
                out.problem(location, p.field(), p.reason());
                return;
            }
            out.emit(location, record);
        });
    }
}
