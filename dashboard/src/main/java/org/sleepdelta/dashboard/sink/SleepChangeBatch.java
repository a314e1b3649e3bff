package org.sleepdelta.dashboard.sink;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sleepdelta.avro.SleepChangeMetric;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.schemas.MetricKey;

/**
 * The sleep-change records of one batch, reduced to at most one delete and one upsert per key, with the same end
 * result as applying them one by one in offset order. PostgreSQL needs this: one multi-row
 * {@code INSERT ... ON CONFLICT DO UPDATE} may not touch a row twice.
 *
 * <p>Per key: a tombstone deletes the row, whatever revision it holds, so an upsert after it is inserted afresh; among
 * upserts (since the last tombstone) the highest revision wins, and the table's own revision guard decides whether
 * it is written at all. An upsert whose revision is not above one already seen in the batch is stale.
 */
final class SleepChangeBatch {
    private final Map<MetricKey, KeyChanges> byKey = new LinkedHashMap<>();

    /** What the batch does to one key, and the records that led to it (for counting them once the outcome is known). */
    private static final class KeyChanges {
        boolean deleteFirst;
        SleepChangeMetric upsert;
        /** Ingest times of the records whose fate is that of {@code upsert}: it, and those it superseded. */
        final List<Long> followingUpsert = new ArrayList<>();
        /** Ingest times of tombstones and of upserts a later tombstone removed: applied whatever the table held. */
        final List<Long> applied = new ArrayList<>();

        int tombstones;
        int upsertsRemovedByTombstone;
        int staleInBatch;
    }

    void add(SinkRecord.SleepChange record) {
        KeyChanges changes = byKey.computeIfAbsent(record.key(), k -> new KeyChanges());
        SleepChangeMetric value = record.value();
        if (value == null) {
            changes.applied.addAll(changes.followingUpsert);
            changes.upsertsRemovedByTombstone += changes.followingUpsert.size();
            changes.followingUpsert.clear();
            changes.upsert = null;
            changes.deleteFirst = true;
            changes.tombstones++;
            changes.applied.add(record.ingestedAt());
        } else if (changes.upsert != null && value.getRevision() <= changes.upsert.getRevision()) {
            changes.staleInBatch++;
        } else {
            changes.upsert = value;
            changes.followingUpsert.add(record.ingestedAt());
        }
    }

    boolean isEmpty() {
        return byKey.isEmpty();
    }

    /** The clients this batch writes. */
    Set<ClientKey> clients() {
        Set<ClientKey> clients = new HashSet<>();
        byKey.keySet().forEach(key -> clients.add(new ClientKey(key.clinicId(), key.clientId())));
        return clients;
    }

    /**
     * Leaves out every record of {@code clients} (erased clients: their rows are gone and stay gone).
     *
     * @return how many records were left out
     */
    int leaveOut(Set<ClientKey> clients) {
        int records = 0;
        for (Iterator<Map.Entry<MetricKey, KeyChanges>> i = byKey.entrySet().iterator(); i.hasNext(); ) {
            Map.Entry<MetricKey, KeyChanges> entry = i.next();
            if (clients.contains(
                    new ClientKey(entry.getKey().clinicId(), entry.getKey().clientId()))) {
                KeyChanges changes = entry.getValue();
                records += changes.tombstones
                        + changes.upsertsRemovedByTombstone
                        + changes.staleInBatch
                        + changes.followingUpsert.size();
                i.remove();
            }
        }
        return records;
    }

    /** Keys whose row is deleted, before {@link #upserts()} are written. */
    List<MetricKey> deletes() {
        List<MetricKey> keys = new ArrayList<>();
        byKey.forEach((key, changes) -> {
            if (changes.deleteFirst) {
                keys.add(key);
            }
        });
        return keys;
    }

    /**
     * An upsert of the batch.
     *
     * @param afterDelete the batch deletes the row first, so the value is written whatever revision the row held
     */
    record Upsert(MetricKey key, SleepChangeMetric value, boolean afterDelete) {}

    /** One per key at most, in the order {@link #tally} expects the outcome. */
    List<Upsert> upserts() {
        List<Upsert> upserts = new ArrayList<>();
        byKey.forEach((key, changes) -> {
            if (changes.upsert != null) {
                upserts.add(new Upsert(key, changes.upsert, changes.deleteFirst));
            }
        });
        return upserts;
    }

    /**
     * Counts the batch's records as if each had been applied on its own.
     *
     * @param written for each of {@link #upserts()}, whether the table took it (false: it held the same or a newer
     *                revision)
     */
    void tally(boolean[] written, Tally tally) {
        int i = 0;
        for (KeyChanges changes : byKey.values()) {
            tally.deletes += changes.tombstones;
            tally.upserts += changes.upsertsRemovedByTombstone;
            tally.stale += changes.staleInBatch;
            tally.latencies.addAll(changes.applied);
            if (changes.upsert != null) {
                if (written[i++]) {
                    tally.upserts += changes.followingUpsert.size();
                    tally.latencies.addAll(changes.followingUpsert);
                } else {
                    tally.stale += changes.followingUpsert.size();
                }
            }
        }
        if (i != written.length) {
            throw new IllegalArgumentException("expected " + i + " outcomes, got " + written.length);
        }
    }

    /** Record counts of one table in one batch; {@code latencies} holds ingest times (epoch millis, -1 unknown). */
    static final class Tally {
        int upserts;
        int deletes;
        int stale;
        final List<Long> latencies = new ArrayList<>();
    }
}
