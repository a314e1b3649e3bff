package org.sleepdelta.ingest.importer;

import java.util.List;
import org.sleepdelta.schemas.validation.Violation;

/** Receives what an importer reads from one file, with line numbers. */
public interface RecordSink<T> {
    void record(long line, T record);

    /** @param text the row or line as read, kept so the rejection can be repaired and resent */
    void rejected(long line, String text, List<Violation> violations);
}
