package org.sleepdelta.streams.app;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.Options;

/**
 * Kafka Streams' {@code rocksdb.config.setter}: puts every RocksDB store of the instance under the instance's one
 * memory bound ({@link RocksDbMemory}, setting {@code rocksdb-memory}). Kafka Streams makes one setter per store, by
 * class, and hands it the instance's configuration, which carries the {@link RocksDbMemory} under
 * {@link #MEMORY_CONFIG}.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
    /** Not a Kafka property: the entry of the streams configuration that holds the instance's {@link RocksDbMemory}. */
    static final String MEMORY_CONFIG = "sleepdelta.rocksdb.memory";

    private RocksDbMemory memory;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        if (!(configs.get(MEMORY_CONFIG) instanceof RocksDbMemory shared)) {
            throw new ConfigException(
                    MEMORY_CONFIG, configs.get(MEMORY_CONFIG), "the instance's RocksDB memory is missing");
        }
        shared.applyTo(options);
        memory = shared;
    }

    @Override
    public void close(String storeName, Options options) {
        if (memory != null) {
            memory.release();
            memory = null;
        }
    }
}
