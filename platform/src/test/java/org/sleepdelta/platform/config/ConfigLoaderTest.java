package org.sleepdelta.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    enum Source {
        OURA,
        WHOOP,
        APPLE_HEALTH
    }

    static final Setting<Integer> RETENTION_DAYS =
            Setting.integer("retention-days", 1, 3650).withDefault("30");
    static final Setting<String> APPLICATION_ID =
            Setting.string("application-id").withDefault("sleepdelta");
    static final Setting<Duration> POLL_INTERVAL = Setting.duration(
                    "poll-interval", Duration.ofMillis(100), Duration.ofHours(1))
            .withDefault("30s");

    @TempDir
    Path dir;

    @Nested
    class Precedence {

        @Test
        void environmentBeatsFileBeatsDefault() throws IOException {
            Path file = propertiesFile("retention-days=60\napplication-id=from-file\n");

            Configuration config = ConfigLoader.of(List.of(RETENTION_DAYS, APPLICATION_ID, POLL_INTERVAL))
                    .file(file)
                    .environment(Map.of("SLEEPDELTA_RETENTION_DAYS", "90"))
                    .load();

            assertThat(config.get(RETENTION_DAYS)).isEqualTo(90);
            assertThat(config.get(APPLICATION_ID)).isEqualTo("from-file");
            assertThat(config.get(POLL_INTERVAL)).isEqualTo(Duration.ofSeconds(30));
            assertThat(config.origin(RETENTION_DAYS)).contains("environment SLEEPDELTA_RETENTION_DAYS");
            assertThat(config.origin(APPLICATION_ID)).contains("file " + file.toAbsolutePath());
            assertThat(config.origin(POLL_INTERVAL)).contains("default");
        }

        @Test
        void withoutFileTheEnvironmentOverridesDefaults() {
            Configuration config = ConfigLoader.of(List.of(RETENTION_DAYS, APPLICATION_ID))
                    .environment(Map.of("SLEEPDELTA_APPLICATION_ID", "  from-env  "))
                    .load();

            assertThat(config.get(APPLICATION_ID)).isEqualTo("from-env");
            assertThat(config.get(RETENTION_DAYS)).isEqualTo(30);
        }

        @Test
        void environmentVariablesOutsideTheDeclaredSettingsAreIgnored() {
            Configuration config = ConfigLoader.of(List.of(RETENTION_DAYS))
                    .environment(Map.of("SLEEPDELTA_TEST_BROKER", "embedded", "SLEEPDELTA_RETENTION_DAYZ", "7"))
                    .load();

            assertThat(config.get(RETENTION_DAYS)).isEqualTo(30);
        }

        @Test
        void optionalSettingMayStayUnset() {
            Setting<String> token = Setting.string("api-token").optional();

            Configuration config =
                    ConfigLoader.of(List.of(token)).environment(Map.of()).load();

            assertThat(config.find(token)).isEmpty();
            assertThat(config.origin(token)).isEmpty();
            assertThatThrownBy(() -> config.get(token))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("api-token is not set");
        }
    }

    @Nested
    class Values {

        @Test
        void durationsInEveryUnit() {
            Setting<Duration> any = Setting.duration("timeout", Duration.ZERO, Duration.ofDays(30));

            assertThat(valueOf(any, "500ms")).isEqualTo(Duration.ofMillis(500));
            assertThat(valueOf(any, "30s")).isEqualTo(Duration.ofSeconds(30));
            assertThat(valueOf(any, "5m")).isEqualTo(Duration.ofMinutes(5));
            assertThat(valueOf(any, "2h")).isEqualTo(Duration.ofHours(2));
            assertThat(valueOf(any, "7d")).isEqualTo(Duration.ofDays(7));
            assertThat(valueOf(any, "0ms")).isEqualTo(Duration.ZERO);
        }

        @Test
        void enumsIgnoreCaseAndAcceptDashesForUnderscores() {
            assertThat(valueOf(Setting.oneOf("source", Source.class), "apple-health"))
                    .isEqualTo(Source.APPLE_HEALTH);
            assertThat(valueOf(Setting.oneOf("source", Source.class), "Whoop")).isEqualTo(Source.WHOOP);
        }

        @Test
        void enumListKeepsTheGivenOrder() {
            assertThat(valueOf(Setting.distinctListOf("source-priority", Source.class), "whoop, OURA,apple_health"))
                    .containsExactly(Source.WHOOP, Source.OURA, Source.APPLE_HEALTH);
        }

        @Test
        void booleansIgnoreCase() {
            assertThat(valueOf(Setting.bool("enabled"), "TRUE")).isTrue();
            assertThat(valueOf(Setting.bool("enabled"), "false")).isFalse();
        }

        @Test
        void hostPortsIncludingIpv6() {
            List<HostPort> servers = valueOf(Setting.hostPorts("bootstrap-servers"), "broker-1:9092, [::1]:9093");

            assertThat(servers).containsExactly(new HostPort("broker-1", 9092), new HostPort("[::1]", 9093));
            assertThat(HostPort.commaSeparated(servers)).isEqualTo("broker-1:9092,[::1]:9093");
        }

        @Test
        void customParser() {
            Setting<Path> directory = Setting.custom("spool-dir", "an absolute path", text -> {
                Path path = Path.of(text);
                if (!path.isAbsolute()) {
                    throw new InvalidValueException("it is relative");
                }
                return path;
            });

            assertThat(valueOf(directory, "/var/spool")).isEqualTo(Path.of("/var/spool"));
            assertThat(problemsFor(directory, "spool"))
                    .containsExactly("spool-dir = \"spool\" (from environment SLEEPDELTA_SPOOL_DIR): "
                            + "expected an absolute path (it is relative)");
        }
    }

    @Nested
    class ValidationMessages {

        @Test
        void wholeNumber() {
            assertThat(problemsFor(RETENTION_DAYS, "abc"))
                    .containsExactly("retention-days = \"abc\" (from environment"
                            + " SLEEPDELTA_RETENTION_DAYS): expected a whole number from 1 to 3650");
            assertThat(problemsFor(RETENTION_DAYS, "3651"))
                    .containsExactly("retention-days = \"3651\" (from environment"
                            + " SLEEPDELTA_RETENTION_DAYS): expected a whole number from 1 to 3650");
        }

        @Test
        void blankText() {
            assertThat(problemsFor(APPLICATION_ID, "  "))
                    .containsExactly(
                            "application-id = \"\" (from environment SLEEPDELTA_APPLICATION_ID): expected a non-blank text");
        }

        @Test
        void duration() {
            String expected = "expected a duration from 100ms to 1h, written as a whole number and one of the units"
                    + " ms, s, m, h, d (like 500ms, 30s or 5m)";
            assertThat(problemsFor(POLL_INTERVAL, "30 seconds"))
                    .containsExactly(
                            "poll-interval = \"30 seconds\" (from environment SLEEPDELTA_POLL_INTERVAL): " + expected);
            assertThat(problemsFor(POLL_INTERVAL, "2h"))
                    .containsExactly("poll-interval = \"2h\" (from environment SLEEPDELTA_POLL_INTERVAL): " + expected);
            assertThat(problemsFor(POLL_INTERVAL, "99999999999999999999d"))
                    .containsExactly(
                            "poll-interval = \"99999999999999999999d\" (from environment SLEEPDELTA_POLL_INTERVAL): "
                                    + expected + " (too large)");
        }

        @Test
        void enumValue() {
            assertThat(problemsFor(Setting.oneOf("source", Source.class), "fitbit"))
                    .containsExactly("source = \"fitbit\" (from environment SLEEPDELTA_SOURCE): "
                            + "expected one of OURA, WHOOP, APPLE_HEALTH (case-insensitive)");
        }

        @Test
        void enumListWithDuplicateUnknownOrEmptyItem() {
            Setting<List<Source>> priority = Setting.distinctListOf("source-priority", Source.class);
            String expected = "expected a comma-separated list of one or more distinct values from"
                    + " OURA, WHOOP, APPLE_HEALTH (case-insensitive)";

            assertThat(problemsFor(priority, "oura,whoop,OURA"))
                    .containsExactly(
                            "source-priority = \"oura,whoop,OURA\"" + " (from environment SLEEPDELTA_SOURCE_PRIORITY): "
                                    + expected + " (OURA is listed more than once)");
            assertThat(problemsFor(priority, "oura,fitbit"))
                    .containsExactly(
                            "source-priority = \"oura,fitbit\"" + " (from environment SLEEPDELTA_SOURCE_PRIORITY): "
                                    + expected + " (\"fitbit\" is not one of them)");
            assertThat(problemsFor(priority, "oura,,whoop"))
                    .containsExactly(
                            "source-priority = \"oura,,whoop\"" + " (from environment SLEEPDELTA_SOURCE_PRIORITY): "
                                    + expected + " (empty item in the list)");
        }

        @Test
        void bool() {
            assertThat(problemsFor(Setting.bool("enabled"), "yes"))
                    .containsExactly("enabled = \"yes\" (from environment SLEEPDELTA_ENABLED): expected true or false");
        }

        @Test
        void hostPorts() {
            Setting<List<HostPort>> servers = Setting.hostPorts("bootstrap-servers");
            String expected = "expected a comma-separated list of one or more host:port addresses with ports from 1"
                    + " to 65535 (like broker1:9092,broker2:9092)";

            assertThat(problemsFor(servers, "broker1"))
                    .containsExactly(
                            "bootstrap-servers = \"broker1\" (from" + " environment SLEEPDELTA_BOOTSTRAP_SERVERS): "
                                    + expected + " (\"broker1\" is not host:port)");
            assertThat(problemsFor(servers, "broker1:70000"))
                    .containsExactly("bootstrap-servers = \"broker1:70000\""
                            + " (from environment SLEEPDELTA_BOOTSTRAP_SERVERS): " + expected
                            + " (port 70000 in \"broker1:70000\" is not from 1 to 65535)");
        }

        @Test
        void secretValuesAndTheirDetailsAreNeverShown() {
            Setting<List<HostPort>> secretServers =
                    Setting.hostPorts("private-servers").secret();

            assertThat(problemsFor(secretServers, "hunter2"))
                    .containsExactly("private-servers = <secret> (from"
                            + " environment SLEEPDELTA_PRIVATE_SERVERS): expected a comma-separated list of one or more"
                            + " host:port addresses with ports from 1 to 65535 (like broker1:9092,broker2:9092)");
        }

        @Test
        void invalidDefaultNamesTheDefaultAsOrigin() {
            Setting<Integer> broken = Setting.integer("retention-days", 1, 10).withDefault("30");

            assertThat(problems(ConfigLoader.of(List.of(broken)).environment(Map.of())))
                    .containsExactly("retention-days = \"30\" (from default): expected a whole number from 1 to 10");
        }

        @Test
        void missingRequiredValueSaysHowToSetIt() throws IOException {
            Setting<String> token = Setting.string("api-token");
            Path file = propertiesFile("");

            assertThat(problems(ConfigLoader.of(List.of(token)).environment(Map.of())))
                    .containsExactly("api-token is not set: expected a non-blank text; set SLEEPDELTA_API_TOKEN");
            assertThat(problems(ConfigLoader.of(List.of(token)).file(file).environment(Map.of())))
                    .containsExactly(
                            "api-token is not set: expected a non-blank text; set SLEEPDELTA_API_TOKEN or api-token in file "
                                    + file.toAbsolutePath());
        }

        @Test
        void missingFileGivenExplicitly() {
            Path missing = dir.resolve("nope.properties");

            assertThat(problems(ConfigLoader.of(List.of(RETENTION_DAYS))
                            .file(missing)
                            .environment(Map.of())))
                    .containsExactly("config file " + missing.toAbsolutePath() + " does not exist");
        }

        @Test
        void unknownFileKeysSuggestTheClosestKnownKey() throws IOException {
            Path file = propertiesFile("retention-dayz=7\nsomething-else=1\n");

            assertThat(problems(ConfigLoader.of(List.of(RETENTION_DAYS, APPLICATION_ID))
                            .file(file)
                            .environment(Map.of())))
                    .containsExactly(
                            "retention-dayz (in file " + file.toAbsolutePath()
                                    + ") is not a known setting; did you mean retention-days?",
                            "something-else (in file " + file.toAbsolutePath()
                                    + ") is not a known setting; known settings are retention-days, application-id");
        }

        @Test
        void everyProblemIsReportedInOneException() throws IOException {
            Path file = propertiesFile("retention-days=0\ntypo-key=1\n");

            assertThatThrownBy(() -> ConfigLoader.of(List.of(RETENTION_DAYS, APPLICATION_ID, POLL_INTERVAL))
                            .file(file)
                            .environment(Map.of("SLEEPDELTA_POLL_INTERVAL", "soon"))
                            .load())
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("Invalid configuration (3 problems):")
                    .hasMessageContaining("  - typo-key (in file ")
                    .hasMessageContaining("  - retention-days = \"0\" (from file ")
                    .hasMessageContaining("  - poll-interval = \"soon\" (from environment SLEEPDELTA_POLL_INTERVAL)");
        }
    }

    @Nested
    class Declarations {

        @Test
        void keysMustBeKebabCase() {
            assertThatThrownBy(() -> Setting.string("retentionDays"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("kebab-case");
            assertThatThrownBy(() -> Setting.string("retention_days")).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void environmentVariableNameIsTheUpperSnakeCaseKey() {
            assertThat(Setting.string("source-priority").environmentVariable()).isEqualTo("SLEEPDELTA_SOURCE_PRIORITY");
        }

        @Test
        void aKeyCannotBeDeclaredTwice() {
            assertThatThrownBy(() -> ConfigLoader.of(List.of(RETENTION_DAYS, Setting.string("retention-days"))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("declared twice");
        }

        @Test
        void onlyTheDeclaredSettingObjectCanBeRead() {
            Configuration config = ConfigLoader.of(List.of(RETENTION_DAYS))
                    .environment(Map.of())
                    .load();

            assertThatThrownBy(() -> config.get(Setting.integer("retention-days", 1, 5)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("was not passed to ConfigLoader.of");
        }
    }

    @Test
    void describeShowsEveryValueWithItsOriginButMasksSecrets() throws IOException {
        Setting<String> token = Setting.string("api-token").secret();
        Setting<String> unset = Setting.string("dashboard-url").optional();
        Path file = propertiesFile("api-token=hunter2\n");

        String described = ConfigLoader.of(List.of(RETENTION_DAYS, token, APPLICATION_ID, unset))
                .file(file)
                .environment(Map.of("SLEEPDELTA_APPLICATION_ID", "demo"))
                .load()
                .describe();

        assertThat(described).doesNotContain("hunter2");
        assertThat(described.lines())
                .containsExactly(
                        "retention-days = 30         (default)",
                        "api-token      = <secret>   (file " + file.toAbsolutePath() + ")",
                        "application-id = demo       (environment SLEEPDELTA_APPLICATION_ID)",
                        "dashboard-url  = (not set)");
    }

    private <T> T valueOf(Setting<T> setting, String text) {
        return ConfigLoader.of(List.of(setting))
                .environment(Map.of(setting.environmentVariable(), text))
                .load()
                .get(setting);
    }

    private static List<String> problemsFor(Setting<?> setting, String text) {
        return problems(ConfigLoader.of(List.of(setting)).environment(Map.of(setting.environmentVariable(), text)));
    }

    private static List<String> problems(ConfigLoader loader) {
        try {
            loader.load();
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected the configuration to be rejected");
    }

    private Path propertiesFile(String content) throws IOException {
        return Files.writeString(dir.resolve("sleepdelta.properties"), content);
    }
}
