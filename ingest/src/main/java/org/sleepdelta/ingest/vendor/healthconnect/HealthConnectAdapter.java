package org.sleepdelta.ingest.vendor.healthconnect;

import java.io.IOException;
import java.io.InputStream;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.NormalisedSink;
import org.sleepdelta.ingest.vendor.PayloadException;
import org.sleepdelta.ingest.vendor.Vendor;
import org.sleepdelta.ingest.vendor.VendorAdapter;
import org.sleepdelta.ingest.vendor.support.CanonicalRecords;
import org.sleepdelta.ingest.vendor.support.ItemProblem;
import org.sleepdelta.ingest.vendor.support.JsonItems;
import org.sleepdelta.ingest.vendor.support.SourceRecordIds;
import org.sleepdelta.ingest.vendor.support.ValidatingEmitter;

/**
 * Android Health Connect sleep sessions in our JSON form of {@code SleepSessionRecord} (Health Connect has no export
 * format of its own; the form is written down in docs/vendors/health-connect-json.md): one object or an array.
 * One session becomes one canonical record, identified by {@code metadata.id} (or, without it, a hash of the session's
 * start and end). The canonical zone is the client's IANA zone from the context: the payload only has UTC offsets.
 */
public final class HealthConnectAdapter implements VendorAdapter {
    private static final String HASH_PREFIX = "hc-";

    @Override
    public Vendor vendor() {
        return Vendor.HEALTH_CONNECT;
    }

    @Override
    public void normalise(InputStream payload, AdapterContext context, NormalisedSink sink)
            throws IOException, PayloadException {
        ValidatingEmitter out = new ValidatingEmitter(sink);
        JsonItems.forEach(payload, (location, item) -> {
            SleepSession session;
            try {
                session = SleepSessionReader.read(item);
            } catch (ItemProblem p) {
                out.problem(location, p.field(), p.reason());
                return;
            }
            out.emit(location, record(session, context));
        });
    }

    private static SleepRecord record(SleepSession session, AdapterContext context) {
        String id = session.id() != null
                ? SourceRecordIds.fromVendorId(HASH_PREFIX, session.id())
                : SourceRecordIds.hashed(
                        HASH_PREFIX, session.start().toString(), session.end().toString());
        SessionMeasures m = SessionMeasures.of(session);
        return CanonicalRecords.period(context, Vendor.HEALTH_CONNECT, id, session.start(), session.end())
                .setTotalSleepMinutes(m.totalSleepMinutes())
                .setTimeInBedMinutes(m.timeInBedMinutes())
                .setSleepLatencyMinutes(m.latencyMinutes())
                .setWasoMinutes(m.wasoMinutes())
                .setAwakenings(m.awakenings())
                .setDeepMinutes(m.deepMinutes())
                .setRemMinutes(m.remMinutes())
                .setLightMinutes(m.lightMinutes())
                .build();
    }
}
