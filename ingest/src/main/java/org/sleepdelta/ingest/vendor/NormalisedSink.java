package org.sleepdelta.ingest.vendor;

import org.sleepdelta.avro.SleepRecord;

/** Receives an adapter's output as it streams: valid canonical records, and problems with the rest. */
public interface NormalisedSink {
    /** A canonical record that passes {@code ContractValidator}. */
    void record(SleepRecord record);

    void problem(Problem problem);
}
