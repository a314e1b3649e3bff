package org.sleepdelta.ingest.vendor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.ZoneId;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.ingest.AcceptedRecords;
import org.sleepdelta.schemas.CanonicalRecord;

/**
 * The contract every vendor adapter's fuzz test checks, with the fuzzer's bytes as the upload body, read the way
 * {@code WearableSleepEndpoint} reads it. Allowed outcomes: records and problems, a {@link PayloadException} (400
 * invalid_payload) or an {@link ExportLimitExceeded} (413). Anything else escaping is a finding (an NPE, an index out
 * of bounds, a stack overflow, an OutOfMemoryError under the fuzz profile's small heap, an IOException an in-memory
 * body cannot cause), and so is an emitted record that breaks {@link AcceptedRecords}, or a problem without a location
 * or reason.
 */
public final class AdapterFuzzing {
    /**
     * A client with a zone (Apple Health needs one, Fitbit places local times in it) and small export limits, so a
     * fuzzed zip reaches them within the fuzzer's input sizes.
     */
    public static final AdapterContext CONTEXT =
            new AdapterContext("clinic-fuzz", "client-fuzz", ZoneId.of("Europe/Berlin"), 1 << 20, 16);

    private AdapterFuzzing() {}

    public static void normalise(VendorAdapter adapter, byte[] payload) {
        try {
            adapter.normalise(new ByteArrayInputStream(payload), CONTEXT, new CheckingSink());
        } catch (PayloadException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("a PayloadException must say what is wrong: the answer quotes it", e);
            }
        } catch (ExportLimitExceeded e) {
            // 413 export_too_large: the documented answer to an archive beyond the limits
        } catch (IOException e) {
            if (ExportLimitExceeded.find(e) == null) {
                throw new AssertionError("an in-memory payload cannot fail to be read, yet " + e, e);
            }
        }
    }

    /** Checks each output as the endpoint would take it. */
    private static final class CheckingSink implements NormalisedSink {
        @Override
        public void record(SleepRecord record) {
            if (!CONTEXT.clientId().equals(record.getClientId())) {
                throw new AssertionError("an adapter emitted a record of another client than the upload's");
            }
            AcceptedRecords.check(CanonicalRecord.of(record), CONTEXT.clinicId());
        }

        @Override
        public void problem(Problem problem) {
            if (problem.location() == null || problem.reason() == null) {
                throw new AssertionError("a problem must say where and why: " + problem);
            }
        }
    }
}
