package org.sleepdelta.ingest.vendor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleepdelta.avro.SleepRecord;

/** Keeps everything an adapter emits, in order, and folds it the way a consumer would. */
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

    /** The latest record per sourceRecordId, withdrawn ones removed: what the pipeline ends up holding. */
    public Map<String, SleepRecord> finalState() {
        Map<String, SleepRecord> state = new LinkedHashMap<>();
        for (SleepRecord r : records) {
            if (r.getDeleted()) {
                state.remove(r.getSourceRecordId());
            } else {
                state.put(r.getSourceRecordId(), r);
            }
        }
        return state;
    }
}
