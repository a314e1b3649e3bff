package org.sleepdelta.ingest.importer;

import java.util.List;
import org.sleepdelta.schemas.CanonicalRecord;
import org.sleepdelta.schemas.validation.Violation;

/** Receives what an importer reads from one file, with line numbers. */
public interface RecordSink {
    void record(long line, CanonicalRecord record);

    /** @param text the row or line as read, kept so the rejection can be repaired and resent */
    void rejected(long line, String text, List<Violation> violations);
}
