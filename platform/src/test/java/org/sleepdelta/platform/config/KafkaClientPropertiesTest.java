package org.sleepdelta.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.platform.config.KafkaClientProperties.Kind;

class KafkaClientPropertiesTest {

    static final Setting<Integer> RETENTION_DAYS =
            Setting.integer("retention-days", 1, 3650).withDefault("30");
    static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"ingest\" password=\"s3cr3t-pw\";";

    @TempDir
    Path dir;

    private Configuration load(String file, Map<String, String> environment) throws IOException {
        Path path = Files.writeString(dir.resolve("sleepdelta.properties"), file);
        return ConfigLoader.of(List.of(RETENTION_DAYS, KafkaClientProperties.SETTING))
                .file(path)
                .environment(environment)
                .load();
    }

    private List<String> problems(String file, Map<String, String> environment) {
        try {
            load(file, environment);
        } catch (ConfigException e) {
            return e.problems();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new AssertionError("expected a ConfigException");
    }

    @Nested
    class Reading {
        @Test
        void fileKeysForEveryClientAndForOneKindAreAccepted() throws IOException {
            Configuration config = load("""
                    retention-days=40
                    kafka.security.protocol=SASL_SSL
                    kafka.producer.linger.ms=20
                    kafka.consumer.fetch.min.bytes=1024
                    kafka.admin.default.api.timeout.ms=30000
                    kafka.streams.main.consumer.max.poll.records=100
                    """, Map.of());

            KafkaClientProperties kafka = config.get(KafkaClientProperties.SETTING);
            assertThat(config.get(RETENTION_DAYS)).isEqualTo(40);
            assertThat(kafka.keys())
                    .containsExactly(
                            "kafka.admin.default.api.timeout.ms",
                            "kafka.consumer.fetch.min.bytes",
                            "kafka.producer.linger.ms",
                            "kafka.security.protocol",
                            "kafka.streams.main.consumer.max.poll.records");
            assertThat(kafka.passThrough(Kind.PRODUCER))
                    .isEqualTo(Map.of("security.protocol", "SASL_SSL", "linger.ms", "20"));
            assertThat(kafka.passThrough(Kind.CONSUMER))
                    .isEqualTo(Map.of("security.protocol", "SASL_SSL", "fetch.min.bytes", "1024"));
            assertThat(kafka.passThrough(Kind.ADMIN))
                    .isEqualTo(Map.of("security.protocol", "SASL_SSL", "default.api.timeout.ms", "30000"));
            assertThat(kafka.passThrough(Kind.STREAMS))
                    .isEqualTo(Map.of("security.protocol", "SASL_SSL", "main.consumer.max.poll.records", "100"));
        }

        @Test
        void nothingSetIsEmpty() throws IOException {
            KafkaClientProperties kafka = load("", Map.of()).get(KafkaClientProperties.SETTING);

            assertThat(kafka.isEmpty()).isTrue();
            assertThat(kafka.passThrough(Kind.PRODUCER)).isEmpty();
            assertThat(kafka).isEqualTo(KafkaClientProperties.none());
        }

        @Test
        void aPropertyForEveryClientReachesOnlyTheKindsThatKnowIt() {
            KafkaClientProperties kafka = KafkaClientProperties.of(
                    Map.of("kafka.linger.ms", "20", "kafka.fetch.min.bytes", "1", "kafka.metadata.max.age.ms", "1000"));

            assertThat(kafka.passThrough(Kind.PRODUCER)).containsOnlyKeys("linger.ms", "metadata.max.age.ms");
            assertThat(kafka.passThrough(Kind.CONSUMER)).containsOnlyKeys("fetch.min.bytes", "metadata.max.age.ms");
            assertThat(kafka.passThrough(Kind.ADMIN)).containsOnlyKeys("metadata.max.age.ms");
            // Kafka Streams takes its inner clients' properties unprefixed.
            assertThat(kafka.passThrough(Kind.STREAMS))
                    .containsOnlyKeys("linger.ms", "fetch.min.bytes", "metadata.max.age.ms");
        }
    }

    @Nested
    class Environment {
        @Test
        void dottedNamesAreFoundByTheirUpperCasedForm() throws IOException {
            KafkaClientProperties kafka = load(
                            "",
                            Map.of(
                                    "SLEEPDELTA_KAFKA_SASL_JAAS_CONFIG", JAAS,
                                    "SLEEPDELTA_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                                    "SLEEPDELTA_KAFKA_PRODUCER_LINGER_MS", "20",
                                    "SLEEPDELTA_KAFKA_STREAMS_MAIN_CONSUMER_MAX_POLL_RECORDS", "100"))
                    .get(KafkaClientProperties.SETTING);

            assertThat(kafka.keys())
                    .containsExactlyInAnyOrder(
                            "kafka.sasl.jaas.config",
                            "kafka.security.protocol",
                            "kafka.producer.linger.ms",
                            "kafka.streams.main.consumer.max.poll.records");
            assertThat(kafka.passThrough(Kind.PRODUCER).get("sasl.jaas.config")).isEqualTo(new Password(JAAS));
        }

        @Test
        void theEnvironmentBeatsTheFile() throws IOException {
            Configuration config =
                    load("kafka.security.protocol=SSL\n", Map.of("SLEEPDELTA_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"));

            assertThat(config.get(KafkaClientProperties.SETTING).passThrough(Kind.ADMIN))
                    .containsEntry("security.protocol", "SASL_SSL");
            assertThat(config.describe())
                    .contains("kafka.security.protocol")
                    .contains("(environment SLEEPDELTA_KAFKA_SECURITY_PROTOCOL)");
        }

        @Test
        void everyVariableNamesOneKeyOnly() {
            // If a Kafka upgrade brings two names that differ only in '.', '-' or '_', this lists them.
            assertThat(KafkaClientProperties.Definitions.ambiguousVariables()).isEmpty();
        }

        @Test
        void anUnknownVariableIsReportedWithTheNearestOne() {
            assertThat(problems("", Map.of("SLEEPDELTA_KAFKA_SASL_JASS_CONFIG", JAAS)))
                    .containsExactly("SLEEPDELTA_KAFKA_SASL_JASS_CONFIG (in the environment) names no Kafka client"
                            + " property; did you mean SLEEPDELTA_KAFKA_SASL_JAAS_CONFIG (kafka.sasl.jaas.config)?");
        }

        @Test
        void otherVariablesAreNotTheNamespaces() throws IOException {
            Configuration config = load("", Map.of("SLEEPDELTA_TEST_BROKER", "x", "SLEEPDELTA_RETENTION_DAYS", "9"));

            assertThat(config.get(KafkaClientProperties.SETTING).isEmpty()).isTrue();
        }
    }

    @Nested
    class Problems {
        @Test
        void anUnknownPropertyIsReportedWithASuggestion() {
            assertThat(problems("kafka.sasl.jass.config=x\n", Map.of()))
                    .singleElement()
                    .asString()
                    .startsWith("kafka.sasl.jass.config (in file ")
                    .contains("is not a property of any Kafka client")
                    .endsWith("did you mean kafka.sasl.jaas.config?")
                    .doesNotContain("x\"");
        }

        @Test
        void aPropertyOfAnotherKindIsNamedAsSuch() {
            assertThat(problems("kafka.producer.fetch.min.bytes=1\n", Map.of()))
                    .singleElement()
                    .asString()
                    .contains("is not a Kafka producer property")
                    .contains("but one of consumer, streams");
        }

        @Test
        void everyProblemIsListedTogetherWithOurOwnSettings() {
            List<String> problems = problems("""
                    retention-days=0
                    kafka.nonsense=1
                    kafka.linger.ms=soon
                    kafka.security.protocol=SASL_SSLL
                    kafka.streams.nonsense=1
                    """, Map.of());

            assertThat(problems).hasSize(5);
            assertThat(problems).anyMatch(p -> p.startsWith("retention-days = \"0\""));
            assertThat(problems)
                    .anyMatch(p -> p.startsWith("kafka.linger.ms = \"soon\" (from file ")
                            && p.contains("expected a valid LONG for the Kafka producer property linger.ms"));
            assertThat(problems)
                    .anyMatch(p -> p.startsWith("kafka.security.protocol = \"SASL_SSLL\"") && p.contains("SASL_SSL"));
            assertThat(problems).anyMatch(p -> p.startsWith("kafka.streams.nonsense (in file "));
        }

        @Test
        void aMisspelledSecretIsNotShown() {
            assertThat(problems("kafka.producer.ssl.key.passwrd=s3cr3t\n", Map.of()))
                    .singleElement()
                    .asString()
                    .startsWith("kafka.producer.ssl.key.passwrd (in file ")
                    .endsWith("did you mean kafka.producer.ssl.key.password?")
                    .doesNotContain("s3cr3t");
        }

        @Test
        void keysInCodeAreCheckedToo() {
            assertThatThrownBy(() -> KafkaClientProperties.of(Map.of("kafka.bootstrap.servers", "b:9092")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("set bootstrap-servers instead");
        }
    }

    @Nested
    class Precedence {
        @Test
        void bootstrapServersComeOnlyFromOurSetting() {
            assertThat(problems("kafka.bootstrap.servers=b:9092\nkafka.producer.bootstrap.servers=b:9092\n", Map.of()))
                    .hasSize(2)
                    .allMatch(p -> p.contains("is sleepdelta's to set, not passed through: set bootstrap-servers"));
        }

        @Test
        void whatThePipelinesCorrectnessNeedsIsRefusedForEveryWayOfSettingIt() {
            List<String> problems = problems("""
                    kafka.isolation.level=read_uncommitted
                    kafka.consumer.isolation.level=read_uncommitted
                    kafka.streams.main.consumer.isolation.level=read_uncommitted
                    kafka.producer.acks=1
                    kafka.enable.idempotence=false
                    kafka.streams.processing.guarantee=at_least_once
                    kafka.streams.application.id=other
                    kafka.producer.transactional.id=t
                    kafka.consumer.group.id=g
                    kafka.producer.value.serializer=org.apache.kafka.common.serialization.StringSerializer
                    kafka.client.id=c
                    """, Map.of("SLEEPDELTA_KAFKA_STREAMS_STATE_DIR", "/x"));

            assertThat(problems).hasSize(12).allMatch(p -> p.contains("is sleepdelta's to set"));
            assertThat(problems)
                    .anyMatch(p -> p.startsWith("kafka.streams.state.dir (in environment ")
                            && p.endsWith("set state-dir instead"));
        }

        @Test
        void aReservationForOneKindLeavesTheOthersFree() {
            // The sink's max.poll.records is batch-max-records; Kafka Streams may still be tuned.
            assertThat(problems("kafka.consumer.max.poll.records=5\n", Map.of()))
                    .singleElement()
                    .asString()
                    .contains("batch-max-records");
            assertThat(KafkaClientProperties.of(Map.of("kafka.streams.max.poll.records", "5"))
                            .passThrough(Kind.STREAMS))
                    .containsEntry("max.poll.records", "5");
        }

        @Test
        void oneKindBeatsEveryClientAndOurRequiredValuesBeatBoth() {
            KafkaClientProperties kafka = KafkaClientProperties.of(Map.of(
                    "kafka.linger.ms", "20",
                    "kafka.producer.linger.ms", "50",
                    "kafka.compression.type", "zstd",
                    "kafka.request.timeout.ms", "9000"));

            Map<String, Object> config = kafka.clientConfig(
                    Kind.PRODUCER,
                    Map.of("compression.type", "lz4", "batch.size", 131072, "linger.ms", 5),
                    Map.of("bootstrap.servers", "b:9092", "request.timeout.ms", 250));

            assertThat(config)
                    .isEqualTo(Map.of(
                            "linger.ms", "50", // kafka.producer.* beats kafka.*, which beats our tuning
                            "compression.type", "zstd",
                            "batch.size", 131072, // our tuning where nothing is passed
                            "bootstrap.servers", "b:9092",
                            "request.timeout.ms", 250)); // required beats everything
        }
    }

    @Nested
    class Masking {
        @Test
        void secretsAreRecognisedByTypeAndName() {
            assertThat(KafkaClientProperties.isSecret(null, "sasl.jaas.config")).isTrue();
            assertThat(KafkaClientProperties.isSecret(null, "ssl.keystore.password"))
                    .isTrue();
            assertThat(KafkaClientProperties.isSecret(null, "ssl.key.password")).isTrue();
            assertThat(KafkaClientProperties.isSecret(null, "ssl.keystore.key")).isTrue();
            assertThat(KafkaClientProperties.isSecret(Kind.STREAMS, "producer.ssl.keystore.key"))
                    .isTrue();
            assertThat(KafkaClientProperties.isSecret(null, "ssl.truststore.certificates"))
                    .isFalse();
            assertThat(KafkaClientProperties.isSecret(null, "security.protocol"))
                    .isFalse();
        }

        @Test
        void printConfigAndToStringMaskSecrets() throws IOException {
            Configuration config = load(
                    """
                    kafka.sasl.jaas.config=%s
                    kafka.ssl.keystore.key=-----BEGIN PRIVATE KEY----- abc
                    kafka.producer.ssl.key.password=kpw-secret
                    kafka.ssl.truststore.certificates=-----BEGIN CERTIFICATE----- pub
                    kafka.security.protocol=SASL_SSL
                    """.formatted(JAAS.replace("\"", "\\\"")),
                    Map.of("SLEEPDELTA_KAFKA_SSL_KEYSTORE_PASSWORD", "kspw-secret"));

            String described = config.describe();
            KafkaClientProperties kafka = config.get(KafkaClientProperties.SETTING);
            for (String shown : List.of(described, kafka.toString())) {
                assertThat(shown)
                        .doesNotContain("s3cr3t-pw", "PRIVATE KEY", "kpw-secret", "kspw-secret")
                        .contains("SASL_SSL", "BEGIN CERTIFICATE");
            }
            assertThat(described.lines())
                    .anyMatch(line -> line.matches("kafka\\.sasl\\.jaas\\.config +=  *<secret> +\\(file .*\\)"))
                    .anyMatch(line -> line.matches("kafka\\.ssl\\.keystore\\.password += +<secret> +\\(environment"
                            + " SLEEPDELTA_KAFKA_SSL_KEYSTORE_PASSWORD\\)"));
            // Passed as Password, so that the clients log them as [hidden].
            assertThat(kafka.passThrough(Kind.PRODUCER).get("ssl.key.password"))
                    .isEqualTo(new Password("kpw-secret"))
                    .hasToString("[hidden]");
        }

        @Test
        void printConfigSaysWhenNoneIsSet() throws IOException {
            assertThat(load("", Map.of()).describe()).containsPattern("kafka\\.\\* += \\(none set\\)");
        }
    }

    @Test
    void theReservedNamesAreRealProperties() {
        for (Map.Entry<String, KafkaClientProperties.Reservation> entry : KafkaClientProperties.RESERVED.entrySet()) {
            for (Kind kind : entry.getValue().kinds()) {
                assertThat(KafkaClientProperties.Definitions.plainKey(kind, entry.getKey()))
                        .as(entry.getKey() + " of " + kind)
                        .isNotNull();
            }
        }
        assertThat(Set.copyOf(KafkaClientProperties.RESERVED.keySet())).contains("bootstrap.servers");
    }
}
