package org.sleepdelta.dashboard.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the tables of the compacted topics from the topics ({@code sleepdelta sink --rebuild}).
 *
 * <p>Why: the sink deletes a row only when it reads the key's tombstone. A sink that lagged longer than the topic's
 * {@code delete.retention.ms} may find the tombstone, and the value it replaced, compacted away, and then keeps the
 * row for good. Kafka does not tell a client how far the cleaner has got, so this cannot be detected reliably
 * (docs/operations.md); but a compacted topic read from its beginning holds exactly the latest value of every live
 * key, so emptying a table and reading its topic again from offset 0 leaves exactly the live rows.
 *
 * <p>Per table, one transaction: lock the topic's {@code sink_offsets} rows (an instance still writing the topic
 * waits, and then finds its offsets moved and is fenced, see {@link StoredOffsets}), delete the table's rows, and
 * set every partition's stored offset to 0, creating the rows that do not exist (a partition without a row would
 * start from the consumer group's committed offset, not from the beginning).
 */
final class SinkRebuild {
    private static final Logger log = LoggerFactory.getLogger(SinkRebuild.class);

    static final String LOCK =
            "select next_offset from sink_offsets where topic = ? order by kafka_partition for update";
    static final String RESET = "insert into sink_offsets (topic, kafka_partition, next_offset) values (?, ?, 0)"
            + " on conflict (topic, kafka_partition) do update set next_offset = 0, updated_at = now()";

    private SinkRebuild() {}

    /** The tables the sink fills from the compacted topics, by topic. */
    static Map<String, String> tables(SinkTopics topics) {
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put(topics.sleepChangeMetrics(), "sleep_change");
        tables.put(topics.nightlySleep(), "nightly_sleep");
        return tables;
    }

    /**
     * Empties each table and resets its topic's stored offsets to 0, one transaction per table.
     *
     * @param partitions each topic's partition count, as the broker has it
     * @return the rows deleted, by table
     */
    static Map<String, Integer> run(Database database, SinkTopics topics, Map<String, Integer> partitions)
            throws SQLException {
        Map<String, Integer> deleted = new LinkedHashMap<>();
        Connection connection = database.connection();
        for (Map.Entry<String, String> entry : tables(topics).entrySet()) {
            String topic = entry.getKey();
            String table = entry.getValue();
            Integer count = partitions.get(topic);
            if (count == null || count < 1) {
                throw new IllegalArgumentException("no partitions known for topic " + topic);
            }
            try {
                try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
                    lock.setString(1, topic);
                    lock.executeQuery().close();
                }
                int rows;
                try (Statement delete = connection.createStatement()) {
                    rows = delete.executeUpdate("delete from " + table);
                }
                try (PreparedStatement reset = connection.prepareStatement(RESET)) {
                    for (int partition = 0; partition < count; partition++) {
                        reset.setString(1, topic);
                        reset.setInt(2, partition);
                        reset.addBatch();
                    }
                    reset.executeBatch();
                }
                connection.commit();
                deleted.put(table, rows);
                log.info(
                        "Rebuild: deleted {} rows of {} and set the stored offsets of {} ({} partitions) to 0",
                        rows,
                        table,
                        topic,
                        count);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        return deleted;
    }
}
