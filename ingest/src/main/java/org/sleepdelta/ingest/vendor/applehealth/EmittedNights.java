package org.sleepdelta.ingest.vendor.applehealth;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sleepdelta.avro.SleepRecord;

/**
 * What has been sent for each night: the source it came from, its record ids, and its main-sleep record. One small
 * entry per night (a few hundred bytes: about a megabyte for ten years), not per segment, so that a source or a
 * resting heart rate that Apple writes in a later part of the file can still improve a night already sent, by
 * re-sending under the same ids.
 */
final class EmittedNights {

    /** @param main the main-sleep record as sent, or null if it did not pass validation */
    record Night(SourceRank rank, List<String> ids, SleepRecord main) {}

    private final Map<LocalDate, Night> nights = new HashMap<>();

    Night get(LocalDate night) {
        return nights.get(night);
    }

    void put(LocalDate night, Night sent) {
        nights.put(night, sent);
    }
}
