package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.ingest.auth.ApiKeyTool;
import org.sleepdelta.ingest.auth.TestMasterKeys;
import org.sleepdelta.ingest.auth.TestPepper;
import org.sleepdelta.platform.config.ConfigException;
import org.sleepdelta.platform.config.ConfigLoader;

class IngestConfigurationTest {
    @TempDir
    Path dir;

    @Test
    void defaultsApplyAndTheEnvironmentOverridesThem() throws Exception {
        // given
        Path keys = Files.writeString(dir.resolve("keys"), "");

        // when
        IngestSettings settings = load(Map.of(
                "SLEEPDELTA_API_KEYS_FILE",
                keys.toString(),
                "SLEEPDELTA_MAX_BODY_BYTES",
                "512kb",
                "SLEEPDELTA_PRODUCER_TIMEOUT",
                "800ms"));

        // then
        assertThat(settings.httpHost()).isEqualTo("127.0.0.1");
        assertThat(settings.httpPort()).isEqualTo(8080);
        assertThat(settings.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(settings.maxBatchRecords()).isEqualTo(10_000);
        assertThat(settings.maxBodyBytes()).isEqualTo(512 * 1024);
        assertThat(settings.maxWearableBodyBytes()).isEqualTo(200L * 1024 * 1024);
        assertThat(settings.maxExportUncompressedBytes()).isEqualTo(8L << 30);
        assertThat(settings.maxExportEntries()).isEqualTo(100_000);
        assertThat(settings.maxConcurrentBatches()).isEqualTo(4);
        assertThat(settings.maxBatchesPerClinic()).isEqualTo(2);
        assertThat(settings.uploadPace())
                .isEqualTo(new UploadPace(1024, Duration.ofSeconds(30), Duration.ofMinutes(10)));
        assertThat(settings.producerTimeout()).isEqualTo(Duration.ofMillis(800));
        assertThat(settings.retentionDays()).isEqualTo(60);
        assertThat(settings.futureTolerance()).isEqualTo(Duration.ofDays(1));
        assertThat(settings.apiKeysFile()).isEqualTo(keys);
    }

    @Test
    void keysMayComeOnlyFromTheEnvironment() {
        // given
        ApiKeyTool.NewApiKey a = TestPepper.key("clinic-a", null);
        ApiKeyTool.NewApiKey b = TestPepper.key("clinic-b", "ci");

        // when
        IngestSettings settings = load(Map.of(
                "SLEEPDELTA_API_KEYS",
                a.keysFileLine() + ";" + b.keysFileLine(),
                "SLEEPDELTA_API_KEY_PEPPER",
                TestPepper.TEXT));

        // then
        assertThat(settings.apiKeysFile()).isNull();
        assertThat(settings.environmentKeys()).hasSize(2);
        assertThat(settings.apiKeyPepper()).isNotNull();
        assertThat(settings.authFailureLimit()).isEqualTo(10);
        assertThat(settings.authFailureWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.authFailureBlock()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void thePepperIsMaskedWhereTheConfigurationIsPrinted() {
        ApiKeyTool.NewApiKey a = TestPepper.key("clinic-a", null);
        String printed = ConfigLoader.of(IngestConfiguration.ALL)
                .environment(Map.of(
                        "SLEEPDELTA_API_KEYS",
                        a.keysFileLine(),
                        "SLEEPDELTA_API_KEY_PEPPER",
                        TestPepper.TEXT,
                        "SLEEPDELTA_MASTER_KEYS",
                        TestMasterKeys.TEXT))
                .load()
                .describe();
        assertThat(printed).contains("api-key-pepper").doesNotContain(TestPepper.TEXT);
    }

    @Test
    void hmacKeysWithoutAPepperAreRefused() {
        ApiKeyTool.NewApiKey a = TestPepper.key("clinic-a", null);
        assertThatThrownBy(() -> load(Map.of("SLEEPDELTA_API_KEYS", a.keysFileLine())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no pepper is set");
    }

    @Test
    void batchesPerClinicDefaultToHalfTheSlotsAndMayNotExceedThem() throws Exception {
        // given
        String keys = Files.writeString(dir.resolve("keys"), "").toString();

        // then
        assertThat(load(Map.of("SLEEPDELTA_API_KEYS_FILE", keys, "SLEEPDELTA_MAX_CONCURRENT_BATCHES", "1"))
                        .maxBatchesPerClinic())
                .isEqualTo(1);
        assertThat(load(Map.of("SLEEPDELTA_API_KEYS_FILE", keys, "SLEEPDELTA_MAX_CONCURRENT_BATCHES", "5"))
                        .maxBatchesPerClinic())
                .isEqualTo(3);
        assertThat(load(Map.of(
                                "SLEEPDELTA_API_KEYS_FILE", keys,
                                "SLEEPDELTA_MAX_CONCURRENT_BATCHES", "8",
                                "SLEEPDELTA_MAX_BATCHES_PER_CLINIC", "8"))
                        .maxBatchesPerClinic())
                .isEqualTo(8);
        assertThatThrownBy(() -> load(Map.of(
                        "SLEEPDELTA_API_KEYS_FILE", keys,
                        "SLEEPDELTA_MAX_CONCURRENT_BATCHES", "4",
                        "SLEEPDELTA_MAX_BATCHES_PER_CLINIC", "5")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max-batches-per-clinic must be from 1 to max-concurrent-batches (4), not 5");
        assertThatThrownBy(
                        () -> load(Map.of("SLEEPDELTA_API_KEYS_FILE", keys, "SLEEPDELTA_MAX_BATCHES_PER_CLINIC", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("max-batches-per-clinic");
    }

    @Test
    void pepperFileBesideTheKeysFileIsRefused() throws Exception {
        // given
        Path keys = Files.writeString(dir.resolve("keys"), "");
        Path pepper = Files.writeString(dir.resolve("pepper"), TestPepper.TEXT + "\n");
        Path elsewhere = Files.createDirectory(dir.resolve("secrets"));
        Path pepperElsewhere = Files.writeString(elsewhere.resolve("pepper"), TestPepper.TEXT + "\n");

        // then
        assertThatThrownBy(() -> load(Map.of(
                        "SLEEPDELTA_API_KEYS_FILE", keys.toString(),
                        "SLEEPDELTA_API_KEY_PEPPER_FILE", pepper.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be in the directory of api-keys-file");
        IngestSettings settings = load(Map.of(
                "SLEEPDELTA_API_KEYS_FILE", keys.toString(),
                "SLEEPDELTA_API_KEY_PEPPER_FILE", pepperElsewhere.toString()));
        ApiKeyTool.NewApiKey a = TestPepper.key("clinic-a", null);
        assertThat(settings.apiKeyPepper().hmac(a.key())).isEqualTo(TestPepper.PEPPER.hmac(a.key()));
    }

    @Test
    void shortOrDoublePepperIsRefusedWithoutEchoingIt() throws Exception {
        ApiKeyTool.NewApiKey a = TestPepper.key("clinic-a", null);
        assertThatThrownBy(() -> load(Map.of(
                        "SLEEPDELTA_API_KEYS", a.keysFileLine(), "SLEEPDELTA_API_KEY_PEPPER", "short-pepper-value")))
                .isInstanceOf(ConfigException.class)
                .hasMessageNotContaining("short-pepper-value");
        Path pepper = Files.writeString(dir.resolve("pepper"), TestPepper.TEXT);
        assertThatThrownBy(() -> load(Map.of(
                        "SLEEPDELTA_API_KEYS", a.keysFileLine(),
                        "SLEEPDELTA_API_KEY_PEPPER", TestPepper.TEXT,
                        "SLEEPDELTA_API_KEY_PEPPER_FILE", pepper.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not both");
    }

    @Test
    void badValuesAreReportedTogetherAndKeyEntriesAreNotEchoed() {
        // given
        String secretish = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef clinic-a";

        // then
        assertThatThrownBy(() -> load(Map.of(
                        "SLEEPDELTA_API_KEYS",
                        secretish,
                        "SLEEPDELTA_MAX_BODY_BYTES",
                        "lots",
                        "SLEEPDELTA_API_KEYS_FILE",
                        dir.resolve("missing").toString())))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    assertThat(((ConfigException) e).problems()).hasSize(3);
                    assertThat(e.getMessage())
                            .doesNotContain("0123456789abcdef")
                            .contains("no such file");
                });
    }

    @Test
    void withoutAnyKeyTheServiceCannotBeConfigured() {
        assertThatThrownBy(() -> load(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no API keys");
    }

    @Test
    void withoutAMasterKeyTheServiceRefusesToStartAndNamesTheSettings() {
        ApiKeyTool.NewApiKey a = TestPepper.key("clinic-a", null);
        assertThatThrownBy(() -> load(Map.of(
                        "SLEEPDELTA_API_KEYS",
                        a.keysFileLine(),
                        "SLEEPDELTA_API_KEY_PEPPER",
                        TestPepper.TEXT,
                        "SLEEPDELTA_MASTER_KEYS",
                        "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("master-keys-file (SLEEPDELTA_MASTER_KEYS_FILE)")
                .hasMessageContaining("SLEEPDELTA_MASTER_KEYS");
    }

    @Test
    void aBadMasterKeyIsNamedButNeverShown() {
        ApiKeyTool.NewApiKey a = TestPepper.key("clinic-a", null);
        String shortKey = "c2hvcnQta2V5";
        assertThatThrownBy(() -> load(Map.of(
                        "SLEEPDELTA_API_KEYS",
                        a.keysFileLine(),
                        "SLEEPDELTA_API_KEY_PEPPER",
                        TestPepper.TEXT,
                        "SLEEPDELTA_MASTER_KEYS",
                        TestMasterKeys.TEXT + ",old=" + shortKey)))
                .hasMessageContaining("master-keys = <secret>")
                .hasMessageContaining("entry 2 (id 'old'): the key must be 32 bytes")
                .hasMessageNotContaining(shortKey)
                .hasMessageNotContaining(TestMasterKeys.TEXT.substring(7));
    }

    /** With the test master key unless the environment sets master keys (or their absence: empty value). */
    private static IngestSettings load(Map<String, String> environment) {
        Map<String, String> withMasterKeys = new java.util.HashMap<>(environment);
        withMasterKeys.putIfAbsent("SLEEPDELTA_MASTER_KEYS", TestMasterKeys.TEXT);
        withMasterKeys.values().removeIf(String::isEmpty);
        return IngestConfiguration.settings(ConfigLoader.of(IngestConfiguration.ALL)
                .environment(withMasterKeys)
                .load());
    }
}
