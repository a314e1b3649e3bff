package org.sleepdelta.ingest.http;

import java.time.LocalDate;
import java.util.List;
import org.sleepdelta.schemas.CanonicalRecord;

/**
 * A batch that may be written, as {@link BatchValidator} judged it against one retention cut-off: the records for the
 * input topics, in order, and those older than the retention, which are not invalid but go to the rejection topic
 * (TOO_LATE) instead, in the same transaction.
 *
 * @param earliestNight the earliest night (sleep) or date (session) inside the retention when the batch was judged
 */
record ValidBatch(List<CanonicalRecord> records, List<OutsideRetention> outsideRetention, LocalDate earliestNight) {
    ValidBatch {
        records = List.copyOf(records);
        outsideRetention = List.copyOf(outsideRetention);
    }

    /** Every record of the batch, whichever topic it goes to. */
    int size() {
        return records.size() + outsideRetention.size();
    }

    /**
     * A record older than the retention.
     *
     * @param problem  as the answer lists it: where (index or location), the field, and why
     * @param line     its line in an NDJSON body, or null
     * @param location its JSON path in a JSON body, or its location in a vendor payload, or null
     * @param payload  the record as sent, or for a vendor payload as the adapter made it (canonical JSON)
     */
    record OutsideRetention(
            CanonicalRecord record, RecordProblem problem, Long line, String location, byte[] payload) {}
}
