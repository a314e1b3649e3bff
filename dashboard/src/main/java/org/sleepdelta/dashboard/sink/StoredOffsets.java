package org.sleepdelta.dashboard.sink;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Where the tables stand in each partition ({@code sink_offsets}), and the consumer's positions kept in line with it.
 * This is what keeps a zombie, an instance that lost its partitions and does not know yet, from writing over newer
 * rows.
 *
 * <p><b>Design.</b> Every batch transaction locks the {@code sink_offsets} rows of its partitions ({@code FOR UPDATE})
 * and goes on only if each still holds the offset this instance expects: the one it synced to or last wrote itself.
 * It then writes the rows and the new offsets, and commits. The row lock serialises all writers of a partition, and
 * each of them starts exactly where the tables are, so the tables always hold a prefix of each partition applied in
 * offset order, each record once. A writer that finds another offset rolls back before it has written anything,
 * commits no Kafka offset for those partitions, and syncs them again ({@link #moved}).
 *
 * <p>This replaces an owner epoch bumped on assignment: an epoch fences a stale owner, but its successor still starts
 * from Kafka's committed offsets, which trail the database whenever the old owner's Kafka commit did not happen, and
 * re-applying from there briefly shows older nights and deleted rows again. With offsets stored with the rows there is
 * no such window, a commit whose answer was lost is recognised instead of applied twice, and no database work is
 * needed inside the rebalance callback.
 *
 * <p><b>Ordering.</b>
 * <ul>
 *   <li>Assigned: the partition is paused until {@link #sync}: a missing row is created from the consumer's position
 *       (the group's committed offset, or the earliest), the row is read, and the consumer seeks to it. This happens
 *       on the sink's thread after the callback, so a database that is down, or a zombie's transaction holding the
 *       lock, cannot stall the group's rebalance.</li>
 *   <li>A zombie's transaction that got the lock first commits, and the new owner, waiting for the lock, then finds
 *       the offset moved and syncs to it. A zombie paused inside its transaction holds that lock for a minute at
 *       most: the server then ends the transaction ({@link Database#properties}). A zombie that comes later finds the
 *       new owner's offset and writes nothing. Should it sync and write again before Kafka tells it that the
 *       partition is gone, that write starts exactly where the tables are, in offset order, so it cannot bring back
 *       older rows either.</li>
 *   <li>Revoked or lost: forgotten. Kafka offsets are still committed after each database commit (and on
 *       revocation), for lag monitoring and for a database that has no row yet; they no longer decide what is read
 *       next.</li>
 * </ul>
 */
final class StoredOffsets {
    private final Consumer<?, ?> consumer;
    private final Map<TopicPartition, Long> expected = new HashMap<>();
    private final Set<TopicPartition> unsynced = new HashSet<>();

    StoredOffsets(Consumer<?, ?> consumer) {
        this.consumer = consumer;
    }

    /** Newly assigned: read nothing from them until they are synced. Called in the rebalance callback. */
    void assigned(Collection<TopicPartition> partitions) {
        consumer.pause(partitions);
        unsynced.addAll(partitions);
    }

    /** Revoked or lost. */
    void released(Collection<TopicPartition> partitions) {
        partitions.forEach(expected::remove);
        unsynced.removeAll(partitions);
    }

    /** Their stored offsets are not what this instance expected (another writer, or a commit whose answer got lost). */
    void moved(Set<TopicPartition> partitions) {
        Set<TopicPartition> owned = owned(partitions);
        partitions.forEach(expected::remove);
        consumer.pause(owned);
        unsynced.addAll(owned);
    }

    boolean needsSync() {
        return !unsynced.isEmpty();
    }

    /**
     * Reads the stored offsets of the partitions waiting for it, creating missing rows from the consumer's positions,
     * in one transaction of its own; seeks to them and resumes the partitions.
     *
     * @throws SQLException after rolling back; the partitions stay paused and waiting
     * @throws org.apache.kafka.common.KafkaException when a position cannot be looked up; the same
     */
    void sync(Connection connection) throws SQLException {
        Set<TopicPartition> partitions = owned(unsynced);
        unsynced.retainAll(partitions);
        Map<TopicPartition, Long> stored;
        try {
            stored = OffsetTable.read(connection, partitions);
            Map<TopicPartition, Long> missing = new HashMap<>();
            for (TopicPartition partition : partitions) {
                if (!stored.containsKey(partition)) {
                    missing.put(partition, consumer.position(partition));
                }
            }
            if (!missing.isEmpty()) {
                OffsetTable.insertIfAbsent(connection, missing);
                // Another instance may have created some of them first: what is stored now counts.
                stored = OffsetTable.read(connection, partitions);
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollback(connection, e);
            throw e;
        }
        Set<TopicPartition> synced = new HashSet<>();
        for (TopicPartition partition : partitions) {
            Long offset = stored.get(partition);
            if (offset != null) { // null only if a row was deleted meanwhile: the next sync creates it again
                consumer.seek(partition, offset);
                expected.put(partition, offset);
                synced.add(partition);
            }
        }
        consumer.resume(synced);
        unsynced.removeAll(synced);
    }

    /** Per partition, the offset {@code sink_offsets} must hold for this instance's next batch. */
    Map<TopicPartition, Long> expected() {
        return Collections.unmodifiableMap(expected);
    }

    /** A batch committed: the table now holds these offsets. */
    void written(Map<TopicPartition, Long> offsetsAfter) {
        expected.putAll(offsetsAfter);
    }

    /** After a failed transaction: read these partitions again from where the tables are. */
    void rewind(Collection<TopicPartition> partitions) {
        Set<TopicPartition> unknown = new HashSet<>();
        for (TopicPartition partition : owned(partitions)) {
            Long offset = expected.get(partition);
            if (offset == null) {
                unknown.add(partition);
            } else {
                consumer.seek(partition, offset);
            }
        }
        moved(unknown);
    }

    private Set<TopicPartition> owned(Collection<TopicPartition> partitions) {
        Set<TopicPartition> owned = new HashSet<>(partitions);
        owned.retainAll(consumer.assignment());
        return owned;
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
