package org.sleepdelta.dashboard.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The {@code sink_offsets} table (V3): per partition, the offset after the last record the tables hold. Statements
 * only; the caller owns the transaction.
 */
final class OffsetTable {
    /** Rows are locked in this order by every writer, so that two writers never wait for each other in a circle. */
    static final Comparator<TopicPartition> LOCK_ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    static final String INSERT_IF_ABSENT = "insert into sink_offsets (topic, kafka_partition, next_offset)"
            + " values (?, ?, ?) on conflict (topic, kafka_partition) do nothing";
    static final String UPDATE =
            "update sink_offsets set next_offset = ?, updated_at = now()" + " where topic = ? and kafka_partition = ?";

    private OffsetTable() {}

    /** The stored offsets of {@code partitions} that have a row, without locking them. */
    static Map<TopicPartition, Long> read(Connection connection, Collection<TopicPartition> partitions)
            throws SQLException {
        return select(connection, partitions, "");
    }

    /**
     * The stored offsets of {@code partitions} that have a row, each row locked until the transaction ends: a
     * concurrent writer of the same partition waits here until this transaction commits or rolls back, and then
     * reads what it left.
     */
    static Map<TopicPartition, Long> lock(Connection connection, Collection<TopicPartition> partitions)
            throws SQLException {
        return select(connection, partitions, " for update");
    }

    /** Creates the rows that do not exist yet; existing rows keep their offsets. */
    static void insertIfAbsent(Connection connection, Map<TopicPartition, Long> offsets) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_IF_ABSENT)) {
            for (TopicPartition partition : sorted(offsets.keySet())) {
                statement.setString(1, partition.topic());
                statement.setInt(2, partition.partition());
                statement.setLong(3, offsets.get(partition));
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** Sets the offsets of rows that exist (and that this transaction has locked). */
    static void update(Connection connection, Map<TopicPartition, Long> offsets) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(UPDATE)) {
            for (TopicPartition partition : sorted(offsets.keySet())) {
                statement.setLong(1, offsets.get(partition));
                statement.setString(2, partition.topic());
                statement.setInt(3, partition.partition());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private static Map<TopicPartition, Long> select(
            Connection connection, Collection<TopicPartition> partitions, String locking) throws SQLException {
        Map<TopicPartition, Long> stored = new HashMap<>();
        if (partitions.isEmpty()) {
            return stored;
        }
        List<TopicPartition> ordered = sorted(partitions);
        StringBuilder sql = new StringBuilder("select topic, kafka_partition, next_offset from sink_offsets"
                + " where (topic, kafka_partition) in (");
        for (int i = 0; i < ordered.size(); i++) {
            sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
        }
        // FOR UPDATE locks rows in the order the query returns them.
        sql.append(") order by topic, kafka_partition").append(locking);
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int parameter = 1;
            for (TopicPartition partition : ordered) {
                statement.setString(parameter++, partition.topic());
                statement.setInt(parameter++, partition.partition());
            }
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    stored.put(new TopicPartition(result.getString(1), result.getInt(2)), result.getLong(3));
                }
            }
        }
        return stored;
    }

    private static List<TopicPartition> sorted(Collection<TopicPartition> partitions) {
        return partitions.stream().sorted(LOCK_ORDER).toList();
    }
}
