package org.sleepdelta.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rocksdb.Options;
import org.sleepdelta.platform.config.ConfigException;
import org.sleepdelta.platform.config.ConfigLoader;
import org.sleepdelta.streams.TopologySettings;

class SleepChangeAppPropertiesTest {
    @ParameterizedTest
    @ValueSource(strings = {StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE})
    void inputIsReadCommittedWhateverTheProcessingGuarantee(String guarantee) {
        // given
        StreamsAppSettings settings = new StreamsAppSettings(
                "127.0.0.1:9092",
                "app",
                Path.of("state"),
                guarantee,
                1,
                Duration.ofMillis(100),
                TopologySettings.defaults(),
                Map.of());

        // when
        Map<String, Object> consumer =
                new StreamsConfig(SleepChangeApp.properties(settings)).getMainConsumerConfigs("group", "client", 0);

        // then aborted ingest batches are never read
        assertThat(consumer.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG)).isEqualTo("read_committed");
    }

    @Test
    void oversizedOrUnserialisableOutputsGoToOurProductionExceptionHandler() {
        StreamsAppSettings settings = new StreamsAppSettings(
                "127.0.0.1:9092",
                "app",
                Path.of("state"),
                StreamsConfig.AT_LEAST_ONCE,
                1,
                Duration.ofMillis(100),
                TopologySettings.defaults(),
                Map.of());

        StreamsConfig config = new StreamsConfig(SleepChangeApp.properties(settings));

        assertThat(config.productionExceptionHandler()).isInstanceOf(ProductionErrorHandler.class);
    }

    @Test
    void kafkaClientPropertiesReachEveryInnerClientUnderWhatThePipelineNeeds() {
        // given a configuration like a secured deployment's
        String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"streams\" password=\"streams-secret\";";
        StreamsAppSettings settings = StreamsConfiguration.appSettings(ConfigLoader.of(StreamsConfiguration.ALL)
                .environment(Map.of(
                        "SLEEPDELTA_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                        "SLEEPDELTA_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                        "SLEEPDELTA_KAFKA_SASL_JAAS_CONFIG", jaas,
                        "SLEEPDELTA_KAFKA_COMPRESSION_TYPE", "zstd",
                        "SLEEPDELTA_KAFKA_STREAMS_MAIN_CONSUMER_MAX_POLL_RECORDS", "250",
                        "SLEEPDELTA_KAFKA_STREAMS_STATESTORE_CACHE_MAX_BYTES", "1048576",
                        "SLEEPDELTA_KAFKA_PRODUCER_LINGER_MS", "77",
                        "SLEEPDELTA_APPLICATION_ID", "sleepdelta-prod"))
                .load());

        // when
        StreamsConfig config = new StreamsConfig(SleepChangeApp.properties(settings));
        Map<String, Object> consumer = config.getMainConsumerConfigs("group", "client", 0);
        Map<String, Object> producer = config.getProducerConfigs("client");
        Map<String, Object> admin = config.getAdminConfigs("client");

        // then every client is secured
        for (Map<String, Object> client : List.of(consumer, producer, admin)) {
            assertThat(client)
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
            assertThat(client.get("sasl.jaas.config")).isEqualTo(new Password(jaas));
        }
        // kafka.streams.* and kafka.* tune it
        assertThat(consumer).containsEntry("max.poll.records", "250");
        assertThat(producer).containsEntry("compression.type", "zstd");
        assertThat(config.getLong(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG))
                .isEqualTo(1_048_576L);
        assertThat(producer.get("linger.ms")).isNotEqualTo("77"); // kafka.producer.* is for the plain producers
        // and what the pipeline needs stays ours
        assertThat(consumer).containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        assertThat(consumer).containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        assertThat(config.getString(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("sleepdelta-prod");
        assertThat(config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
                .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    }

    @Test
    void theProcessingGuaranteeIsNotPassedThrough() {
        assertThatThrownBy(() -> ConfigLoader.of(StreamsConfiguration.ALL)
                        .environment(Map.of("SLEEPDELTA_KAFKA_STREAMS_PROCESSING_GUARANTEE", "at_least_once"))
                        .load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("set processing-guarantee instead");
    }

    @Test
    void withoutKafkaPropertiesTheProducersStillCompressWithLz4() {
        StreamsAppSettings settings = StreamsConfiguration.appSettings(
                ConfigLoader.of(StreamsConfiguration.ALL).environment(Map.of()).load());

        assertThat(new StreamsConfig(SleepChangeApp.properties(settings)).getProducerConfigs("client"))
                .containsEntry("compression.type", "lz4");
    }

    @Test
    void everyInstanceBoundsItsRocksDbStoresWithItsOwnMemoryOfTheConfiguredSize() {
        StreamsAppSettings settings = StreamsConfiguration.appSettings(ConfigLoader.of(StreamsConfiguration.ALL)
                .environment(Map.of("SLEEPDELTA_ROCKSDB_MEMORY", "64MB"))
                .load());

        Map<String, Object> one = new StreamsConfig(SleepChangeApp.properties(settings)).originals();
        Map<String, Object> other = new StreamsConfig(SleepChangeApp.properties(settings)).originals();

        assertThat(one)
                .containsEntry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
        assertThat(one.get(BoundedRocksDbMemory.MEMORY_CONFIG))
                .isInstanceOfSatisfying(
                        RocksDbMemory.class, m -> assertThat(m.totalBytes()).isEqualTo(64L << 20))
                .isNotSameAs(other.get(BoundedRocksDbMemory.MEMORY_CONFIG));
    }

    @Test
    void anOperatorsOwnRocksDbConfigSetterReplacesTheBound() {
        StreamsAppSettings settings = StreamsConfiguration.appSettings(ConfigLoader.of(StreamsConfiguration.ALL)
                .environment(Map.of("SLEEPDELTA_KAFKA_STREAMS_ROCKSDB_CONFIG_SETTER", OwnSetter.class.getName()))
                .load());

        assertThat(new StreamsConfig(SleepChangeApp.properties(settings))
                        .getClass(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
                .isEqualTo(OwnSetter.class);
    }

    /** An operator's own setter. */
    public static final class OwnSetter implements RocksDBConfigSetter {
        @Override
        public void setConfig(String storeName, Options options, Map<String, Object> configs) {}

        @Override
        public void close(String storeName, Options options) {}
    }
}
