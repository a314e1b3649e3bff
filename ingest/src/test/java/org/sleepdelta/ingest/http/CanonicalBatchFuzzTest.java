package org.sleepdelta.ingest.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Set;
import org.sleepdelta.ingest.AcceptedRecords;
import org.sleepdelta.schemas.CanonicalRecord;

/**
 * Any body as a canonical batch, through what {@link CanonicalBatchEndpoint} does with it: {@link BatchParser} then
 * {@link BatchValidator} (which reads each record with {@code CanonicalJson}). The first byte of the input picks the
 * endpoint and format, so every seed is a readable body behind one character: {@code '0'} sleep JSON, {@code '1'}
 * sleep NDJSON, {@code '2'} session JSON, {@code '3'} session NDJSON (bit 0: NDJSON, bit 1: sessions).
 * <p>
 * Allowed outcomes: a valid batch whose every record passes {@link AcceptedRecords}, or an {@link ApiException} with
 * 400, 403 or 413 (the batch's documented answers). Anything else is a finding.
 */
class CanonicalBatchFuzzTest {
    private static final String CLINIC = "clinic-a";
    private static final Set<Integer> ANSWERS = Set.of(400, 403, 413);
    private static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");

    private final BatchParser parser = new BatchParser(1000);
    private final BatchValidator validator =
            new BatchValidator(new IngestRules(Clock.fixed(NOW, ZoneOffset.UTC), 60, Duration.ofDays(1)));

    @FuzzTest
    void parseAndValidate(byte[] input) {
        if (input.length == 0) {
            return;
        }
        BatchFormat format = (input[0] & 1) == 0 ? BatchFormat.JSON : BatchFormat.NDJSON;
        RecordKind kind = (input[0] & 2) == 0 ? RecordKind.SLEEP : RecordKind.SESSION;
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        ValidBatch valid;
        try {
            valid = validator.validate(CLINIC, parser.parse(body, format), kind);
        } catch (ApiException e) {
            if (!ANSWERS.contains(e.error().status())) {
                throw new AssertionError("a batch may only be answered 400, 403 or 413, not " + e.error(), e);
            }
            return;
        }
        for (CanonicalRecord record : valid.records()) {
            AcceptedRecords.check(record, CLINIC);
        }
        for (ValidBatch.OutsideRetention old : valid.outsideRetention()) {
            AcceptedRecords.check(old.record(), CLINIC);
        }
    }
}
