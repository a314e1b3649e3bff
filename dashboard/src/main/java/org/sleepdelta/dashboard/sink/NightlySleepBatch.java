package org.sleepdelta.dashboard.sink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleepdelta.avro.NightlySleep;

/**
 * The nightly-sleep records of one batch, reduced to the last one per key (in offset order): the table has no
 * revision, and a key lives in one partition, so the last write is the newest.
 */
final class NightlySleepBatch {
    private final Map<NightKey, NightlySleep> lastByKey = new LinkedHashMap<>();
    private int upsertRecords;
    private int tombstones;

    void add(SinkRecord.Night record) {
        lastByKey.put(record.key(), record.value());
        if (record.value() == null) {
            tombstones++;
        } else {
            upsertRecords++;
        }
    }

    boolean isEmpty() {
        return lastByKey.isEmpty();
    }

    List<NightKey> deletes() {
        List<NightKey> keys = new ArrayList<>();
        lastByKey.forEach((key, value) -> {
            if (value == null) {
                keys.add(key);
            }
        });
        return keys;
    }

    List<NightlySleep> upserts() {
        return lastByKey.values().stream().filter(value -> value != null).toList();
    }

    /** Every record counts: each would have been written, had they been applied one by one. */
    void tally(SleepChangeBatch.Tally tally) {
        tally.upserts += upsertRecords;
        tally.deletes += tombstones;
    }
}
