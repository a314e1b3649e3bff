package org.sleepdelta.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.state.internals.BlockBasedTableConfigWithAccessibleCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Cache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class BoundedRocksDbMemoryTest {
    private static final long BOUND = 16L << 20;

    /** Options as Kafka Streams hands them to a setter: its table config, whose block cache it reads back. */
    private static Options kafkaStreamsOptions() {
        Options options = new Options().setCreateIfMissing(true);
        options.setTableFormatConfig(new BlockBasedTableConfigWithAccessibleCache());
        return options;
    }

    private static BlockBasedTableConfigWithAccessibleCache table(Options options) {
        return (BlockBasedTableConfigWithAccessibleCache) options.tableFormatConfig();
    }

    @Test
    void everyStoreOfAnInstanceSharesOneCacheAndMemtableBudgetWithIndexAndFiltersInTheCache() {
        RocksDbMemory memory = new RocksDbMemory(BOUND);
        Map<String, Object> configs = Map.of(BoundedRocksDbMemory.MEMORY_CONFIG, memory);
        BoundedRocksDbMemory first = new BoundedRocksDbMemory();
        BoundedRocksDbMemory second = new BoundedRocksDbMemory();
        try (Options a = kafkaStreamsOptions();
                Options b = kafkaStreamsOptions()) {
            // when
            first.setConfig("sleep-by-night", a, configs);
            second.setConfig("sessions-by-id", b, configs);

            // then
            Cache cache = memory.cache();
            assertThat(table(a).blockCache()).isSameAs(cache);
            assertThat(table(b).blockCache()).isSameAs(cache);
            assertThat(a.writeBufferManager()).isSameAs(memory.writeBufferManager());
            assertThat(b.writeBufferManager()).isSameAs(memory.writeBufferManager());
            assertThat(table(a).cacheIndexAndFilterBlocks()).isTrue();
            assertThat(table(a).cacheIndexAndFilterBlocksWithHighPriority()).isTrue();
            // a quarter of 16 MB for memtables, each store's the smallest, 1 MB, so no one store fills it alone
            assertThat(a.writeBufferSize()).isEqualTo(1L << 20);
            assertThat(a.maxWriteBufferNumber()).isEqualTo(RocksDbMemory.WRITE_BUFFERS_PER_STORE);

            // and the shared objects live until the last store closes
            first.close("sleep-by-night", a);
            assertThat(cache.isOwningHandle()).isTrue();
            second.close("sessions-by-id", b);
            assertThat(cache.isOwningHandle()).isFalse();
            assertThat(memory.cache()).isNull();
        }
    }

    @Test
    void twoInstancesHaveTheirOwnBoundAndAStoreOpenedAgainGetsANewCache() {
        RocksDbMemory one = new RocksDbMemory(BOUND);
        RocksDbMemory other = new RocksDbMemory(2 * BOUND);
        try (Options a = kafkaStreamsOptions();
                Options b = kafkaStreamsOptions();
                Options again = kafkaStreamsOptions()) {
            BoundedRocksDbMemory first = new BoundedRocksDbMemory();
            first.setConfig("s", a, Map.of(BoundedRocksDbMemory.MEMORY_CONFIG, one));
            BoundedRocksDbMemory second = new BoundedRocksDbMemory();
            second.setConfig("s", b, Map.of(BoundedRocksDbMemory.MEMORY_CONFIG, other));

            assertThat(table(a).blockCache()).isNotSameAs(table(b).blockCache());

            first.close("s", a);
            BoundedRocksDbMemory reopened = new BoundedRocksDbMemory();
            reopened.setConfig("s", again, Map.of(BoundedRocksDbMemory.MEMORY_CONFIG, one));
            assertThat(table(again).blockCache()).isSameAs(one.cache());
            assertThat(one.cache().isOwningHandle()).isTrue();
            reopened.close("s", again);
            second.close("s", b);
        }
    }

    @Test
    void aStoreWritesAndReadsThroughTheBoundedMemoryAndItsMemtablesAreChargedToTheCache(@TempDir Path dir)
            throws Exception {
        RocksDbMemory memory = new RocksDbMemory(BOUND);
        BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
        byte[] value = new byte[1024];
        Arrays.fill(value, (byte) 'x');
        try (Options options = kafkaStreamsOptions()) {
            setter.setConfig("store", options, Map.of(BoundedRocksDbMemory.MEMORY_CONFIG, memory));
            try (RocksDB db = RocksDB.open(options, dir.toString())) {
                // when a little is written, less than one memtable, and nothing is read
                for (int i = 0; i < 200; i++) {
                    db.put(key(i), value);
                }
                // then the cache carries the memtable's memory
                assertThat(memory.usedBytes()).isPositive();

                // and when more is written than the memtable budget holds (8 MB against 4 MB), all of it reads back
                for (int i = 200; i < 8192; i++) {
                    db.put(key(i), value);
                }
                for (int i = 0; i < 8192; i += 97) {
                    assertThat(db.get(key(i))).isEqualTo(value);
                }
                // Kafka Streams closes the setter before the database: the database keeps the cache alive meanwhile
                setter.close("store", options);
                assertThat(db.get(key(8191))).isEqualTo(value);
            }
        }
        assertThat(memory.usedBytes()).isZero();
    }

    @Test
    void withoutTheInstancesMemoryAStoreDoesNotOpen() {
        try (Options options = kafkaStreamsOptions()) {
            assertThatThrownBy(() -> new BoundedRocksDbMemory().setConfig("store", options, Map.of()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(BoundedRocksDbMemory.MEMORY_CONFIG);
        }
    }

    private static byte[] key(int i) {
        return ("client-" + i).getBytes(StandardCharsets.UTF_8);
    }
}
