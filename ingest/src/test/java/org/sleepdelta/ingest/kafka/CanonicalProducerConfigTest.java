package org.sleepdelta.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.sleepdelta.platform.config.KafkaClientProperties;

/** The import commands' producer takes kafka.* settings, and keeps acks=all with idempotence. */
class CanonicalProducerConfigTest {
    @Test
    void thePassThroughReachesTheProducerBelowWhatExactlyOnceNeeds() {
        KafkaClientProperties kafka = KafkaClientProperties.of(Map.of(
                "kafka.security.protocol", "SSL",
                "kafka.ssl.keystore.password", "keystore-secret",
                "kafka.compression.type", "zstd"));

        Map<String, Object> built = new HashMap<>(CanonicalProducer.config("broker-1:9093", kafka));
        built.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        built.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        ProducerConfig config = new ProducerConfig(built);

        assertThat(config.getString("security.protocol")).isEqualTo("SSL");
        assertThat(config.getPassword("ssl.keystore.password").value()).isEqualTo("keystore-secret");
        assertThat(config.getString("compression.type")).isEqualTo("zstd");
        assertThat(config.getString("acks")).isEqualTo("-1");
        assertThat(config.getBoolean("enable.idempotence")).isTrue();
        assertThat(config.getString("client.id")).isEqualTo("sleepdelta-ingest");
    }
}
