package org.sleepdelta.schemas.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The producer settings every writer of the input topics shares: acks=all and idempotence, so an acknowledged record
 * is on the broker exactly once, and lz4 batches.
 */
public final class ProducerDefaults {
    private ProducerDefaults() {}

    /** A mutable map, so callers can add their own settings on top: {@link #tuning()} and {@link #required}. */
    public static Map<String, Object> reliable(String bootstrapServers, String clientId) {
        Map<String, Object> config = tuning();
        config.putAll(required(bootstrapServers, clientId));
        return config;
    }

    /** Batching and compression: an operator may change them (kafka.producer.* in docs/configuration.md). */
    public static Map<String, Object> tuning() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        return config;
    }

    /** What exactly-once delivery and the clients' names depend on: no configuration overrides them. */
    public static Map<String, Object> required(String bootstrapServers, String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return config;
    }
}
