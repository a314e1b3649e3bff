package org.sleepdelta.dashboard.sink;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sleepdelta.avro.NightlySleep;
import org.sleepdelta.schemas.ClientKey;

/**
 * The nightly-sleep records of one batch, reduced to the last one per key (in offset order): the table has no
 * revision, and a key lives in one partition, so the last write is the newest.
 */
final class NightlySleepBatch {
    private final Map<NightKey, KeyRecords> byKey = new LinkedHashMap<>();

    /** The last value of a key (null: a tombstone), and how many records of each kind led to it. */
    private static final class KeyRecords {
        NightlySleep last;
        int upserts;
        int tombstones;
    }

    void add(SinkRecord.Night record) {
        KeyRecords records = byKey.computeIfAbsent(record.key(), k -> new KeyRecords());
        records.last = record.value();
        if (record.value() == null) {
            records.tombstones++;
        } else {
            records.upserts++;
        }
    }

    boolean isEmpty() {
        return byKey.isEmpty();
    }

    List<NightKey> deletes() {
        List<NightKey> keys = new ArrayList<>();
        byKey.forEach((key, records) -> {
            if (records.last == null) {
                keys.add(key);
            }
        });
        return keys;
    }

    List<NightlySleep> upserts() {
        return byKey.values().stream()
                .map(records -> records.last)
                .filter(value -> value != null)
                .toList();
    }

    /** The clients this batch writes. */
    Set<ClientKey> clients() {
        Set<ClientKey> clients = new HashSet<>();
        byKey.keySet().forEach(key -> clients.add(new ClientKey(key.clinicId(), key.clientId())));
        return clients;
    }

    /**
     * Leaves out every record of {@code clients} (erased clients).
     *
     * @return how many records were left out
     */
    int leaveOut(Set<ClientKey> clients) {
        int left = 0;
        for (Iterator<Map.Entry<NightKey, KeyRecords>> i = byKey.entrySet().iterator(); i.hasNext(); ) {
            Map.Entry<NightKey, KeyRecords> entry = i.next();
            if (clients.contains(
                    new ClientKey(entry.getKey().clinicId(), entry.getKey().clientId()))) {
                left += entry.getValue().upserts + entry.getValue().tombstones;
                i.remove();
            }
        }
        return left;
    }

    /** Every record counts: each would have been written, had they been applied one by one. */
    void tally(SleepChangeBatch.Tally tally) {
        for (KeyRecords records : byKey.values()) {
            tally.upserts += records.upserts;
            tally.deletes += records.tombstones;
        }
    }
}
