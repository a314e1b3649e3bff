package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.sleepdelta.ingest.auth.ApiKeyPepper;
import org.sleepdelta.ingest.auth.ApiKeyTool;
import org.sleepdelta.ingest.auth.TestMasterKeys;
import org.sleepdelta.platform.config.ConfigException;
import org.sleepdelta.platform.config.ConfigLoader;

/** kafka.* settings reach the ingest service's producers and its readiness admin client, as Kafka reads them. */
class IngestKafkaPropertiesTest {
    private static final String PEPPER = "ingest-test-pepper-of-at-least-32-bytes-0";
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"ingest\" password=\"ingest-secret\";";

    private static IngestSettings load(Map<String, String> environment) {
        Map<String, String> withKeys = new java.util.HashMap<>(environment);
        withKeys.put("SLEEPDELTA_API_KEY_PEPPER", PEPPER);
        withKeys.put("SLEEPDELTA_MASTER_KEYS", TestMasterKeys.TEXT);
        withKeys.put(
                "SLEEPDELTA_API_KEYS",
                ApiKeyTool.create(ApiKeyPepper.of(PEPPER), "clinic-a", null).keysFileLine());
        withKeys.put("SLEEPDELTA_BOOTSTRAP_SERVERS", "broker-1:9093");
        return IngestConfiguration.settings(
                ConfigLoader.of(IngestConfiguration.ALL).environment(withKeys).load());
    }

    private static final Map<String, String> SECURED = Map.of(
            "SLEEPDELTA_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
            "SLEEPDELTA_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
            "SLEEPDELTA_KAFKA_SASL_JAAS_CONFIG", JAAS,
            "SLEEPDELTA_KAFKA_PRODUCER_LINGER_MS", "25",
            "SLEEPDELTA_KAFKA_PRODUCER_REQUEST_TIMEOUT_MS", "4000",
            "SLEEPDELTA_KAFKA_ADMIN_RETRIES", "3");

    @Test
    void theTransactionalProducersGetThePassThroughUnderTheirOwnRequiredSettings() {
        IngestSettings settings = load(SECURED);
        TransactionalProducers producers = new TransactionalProducers(
                settings.bootstrapServers(),
                settings.kafka(),
                "ingest-a",
                2,
                Duration.ofSeconds(5),
                config -> new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());

        ProducerConfig config = withSerializers(producers.config(1));

        assertThat(config.getString("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(config.getString("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
        assertThat(config.getPassword("sasl.jaas.config").value()).isEqualTo(JAAS);
        assertThat(config.getLong("linger.ms")).isEqualTo(25L); // kafka.producer.* beats our 5ms
        assertThat(config.getInt("request.timeout.ms")).isEqualTo(4000); // beats the one from producer-timeout
        assertThat(config.getLong("max.block.ms")).isEqualTo(5000L); // ours where nothing is passed
        assertThat(config.getString("transactional.id")).isEqualTo("ingest-a-1");
        assertThat(config.getString("client.id")).isEqualTo("ingest-a-1");
        assertThat(config.getString("acks")).isEqualTo("-1");
        assertThat(config.getBoolean("enable.idempotence")).isTrue();
        assertThat(config.getList("bootstrap.servers")).containsExactly("broker-1:9093");
        assertThat(config.originals()).doesNotContainKey("retries"); // kafka.admin.* is the admin client's
        producers.close();
    }

    /** As KafkaProducer reads it with the serializers it is given. */
    static ProducerConfig withSerializers(Map<String, Object> config) {
        Map<String, Object> copy = new java.util.HashMap<>(config);
        copy.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        copy.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new ProducerConfig(copy);
    }

    @Test
    void theReadinessAdminClientGetsThePassThrough() {
        IngestSettings settings = load(SECURED);

        AdminClientConfig config = new AdminClientConfig(KafkaReadiness.config(
                settings.bootstrapServers(), settings.kafka(), "ingest-a-readiness", Duration.ofSeconds(2)));

        assertThat(config.getString("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(config.getPassword("sasl.jaas.config").value()).isEqualTo(JAAS);
        assertThat(config.getInt("retries")).isEqualTo(3);
        assertThat(config.getInt("request.timeout.ms")).isEqualTo(2000);
        assertThat(config.getString("client.id")).isEqualTo("ingest-a-readiness");
        assertThat(config.originals()).doesNotContainKey("linger.ms");
    }

    @Test
    void theTransactionalIdStaysOurs() {
        assertThatThrownBy(() -> load(Map.of("SLEEPDELTA_KAFKA_PRODUCER_TRANSACTIONAL_ID", "x")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.producer.transactional.id (in environment"
                        + " SLEEPDELTA_KAFKA_PRODUCER_TRANSACTIONAL_ID) is sleepdelta's to set")
                .hasMessageContaining("transactional-id-prefix");
    }

    @Test
    void printConfigListsThePropertiesWithTheSecretMasked() {
        String described = ConfigLoader.of(IngestConfiguration.ALL)
                .environment(SECURED)
                .load()
                .describe();

        assertThat(described)
                .contains("kafka.security.protocol")
                .contains("SASL_SSL")
                .doesNotContain("ingest-secret")
                .containsPattern("kafka\\.sasl\\.jaas\\.config +=  *<secret> +\\(environment");
    }
}
