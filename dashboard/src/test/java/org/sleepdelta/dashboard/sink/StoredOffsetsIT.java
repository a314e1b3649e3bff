package org.sleepdelta.dashboard.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where a partition is read from once assigned: the offset stored with the rows, whatever Kafka committed. */
class StoredOffsetsIT {
    private static TestDatabase database;

    private final String topic = "nights-" + UUID.randomUUID().toString().substring(0, 8);
    private final TopicPartition p0 = new TopicPartition(topic, 0);
    private final TopicPartition p1 = new TopicPartition(topic, 1);
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
    private final StoredOffsets stored = new StoredOffsets(consumer);
    private Database sinkDatabase;

    @BeforeAll
    static void migrate() {
        database = TestPostgres.freshDatabase("stored_offsets");
        Migrations.run(database.url(), database.user(), null);
    }

    @BeforeEach
    void connect() {
        sinkDatabase = new Database(database.url(), database.user(), null);
    }

    @AfterEach
    void disconnect() {
        sinkDatabase.close();
    }

    @Test
    void assignedPartitionsArePausedUntilSyncedAndThenReadFromTheStoredOffsetsNotKafkas() throws SQLException {
        // given: the tables stand at 12 in p0; Kafka has 5 committed for p0 and nothing for p1 (earliest: 3)
        database.execute(
                "insert into sink_offsets (topic, kafka_partition, next_offset) values ('" + topic + "', 0, 12)");
        consumer.assign(List.of(p0, p1));
        consumer.commitSync(Map.of(p0, new OffsetAndMetadata(5)));
        consumer.updateBeginningOffsets(Map.of(p0, 0L, p1, 3L));

        // when
        stored.assigned(List.of(p0, p1));

        // then
        assertThat(consumer.paused()).containsExactlyInAnyOrder(p0, p1);
        assertThat(stored.needsSync()).isTrue();

        // and when
        stored.sync(sinkDatabase.connection());

        // then: p0 from the table's offset, p1 from Kafka's position, now stored as well
        assertThat(consumer.paused()).isEmpty();
        assertThat(stored.needsSync()).isFalse();
        assertThat(consumer.position(p0)).isEqualTo(12);
        assertThat(consumer.position(p1)).isEqualTo(3);
        assertThat(stored.expected()).containsExactlyInAnyOrderEntriesOf(Map.of(p0, 12L, p1, 3L));
        assertThat(offsetsInTheTable()).containsExactlyInAnyOrderEntriesOf(Map.of(p0, 12L, p1, 3L));
    }

    @Test
    void aPartitionThatMovedOnIsPausedAndThenReadFromWhereTheOtherWriterLeftIt() throws SQLException {
        // given: synced at 0, and read up to 40
        consumer.assign(List.of(p0));
        consumer.updateBeginningOffsets(Map.of(p0, 0L));
        stored.assigned(List.of(p0));
        stored.sync(sinkDatabase.connection());
        consumer.seek(p0, 40);

        // when: another writer stored 25
        database.execute("update sink_offsets set next_offset = 25 where topic = '" + topic + "'");
        stored.moved(Set.of(p0));

        // then
        assertThat(consumer.paused()).containsExactly(p0);
        assertThat(stored.expected()).isEmpty();

        // and when
        stored.sync(sinkDatabase.connection());

        // then
        assertThat(consumer.position(p0)).isEqualTo(25);
        assertThat(consumer.paused()).isEmpty();
        assertThat(stored.expected()).containsExactly(Map.entry(p0, 25L));
    }

    @Test
    void afterAFailedTransactionThePartitionsAreReadAgainFromTheOffsetsLastWritten() throws SQLException {
        // given
        consumer.assign(List.of(p0));
        consumer.updateBeginningOffsets(Map.of(p0, 0L));
        stored.assigned(List.of(p0));
        stored.sync(sinkDatabase.connection());
        stored.written(Map.of(p0, 17L));
        consumer.seek(p0, 30);

        // when
        stored.rewind(List.of(p0));

        // then
        assertThat(consumer.position(p0)).isEqualTo(17);
        assertThat(consumer.paused()).isEmpty();
    }

    @Test
    void revokedPartitionsAreForgotten() throws SQLException {
        // given
        consumer.assign(List.of(p0, p1));
        consumer.updateBeginningOffsets(Map.of(p0, 0L, p1, 0L));
        stored.assigned(List.of(p0, p1));
        stored.sync(sinkDatabase.connection());
        stored.assigned(List.of(p1));

        // when
        stored.released(List.of(p0, p1));

        // then
        assertThat(stored.expected()).isEmpty();
        assertThat(stored.needsSync()).isFalse();
    }

    private Map<TopicPartition, Long> offsetsInTheTable() throws SQLException {
        try (Connection connection = database.connect()) {
            return OffsetTable.read(connection, List.of(p0, p1));
        }
    }
}
