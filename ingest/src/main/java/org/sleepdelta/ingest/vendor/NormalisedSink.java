package org.sleepdelta.ingest.vendor;

import org.sleepdelta.avro.SleepRecord;

/** Receives an adapter's output as it streams: valid canonical records, and problems with the rest. */
public interface NormalisedSink {
    /** A canonical record that passes {@code ContractValidator}. */
    void record(SleepRecord record);

    /**
     * A canonical record with where it was made from in the payload, in the words of {@link Problem#location()}
     * (e.g. {@code data[3]}), for sinks that report on records they do not take. Adapters emit through this; by
     * default the location is dropped.
     */
    default void record(String location, SleepRecord record) {
        record(record);
    }

    void problem(Problem problem);
}
