package org.sleepdelta.ingest.vendor.jsonapi;

import java.util.ArrayList;
import java.util.List;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.ingest.vendor.NormalisedSink;
import org.sleepdelta.ingest.vendor.Problem;

/** A sink that keeps what an adapter emits, in order, for assertions. */
public final class CollectingSink implements NormalisedSink {
    public final List<SleepRecord> records = new ArrayList<>();
    public final List<Problem> problems = new ArrayList<>();

    @Override
    public void record(SleepRecord record) {
        records.add(record);
    }

    @Override
    public void problem(Problem problem) {
        problems.add(problem);
    }

    public SleepRecord record(String sourceRecordId) {
        return records.stream()
                .filter(r -> r.getSourceRecordId().equals(sourceRecordId))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no record " + sourceRecordId + " in " + records));
    }
}
