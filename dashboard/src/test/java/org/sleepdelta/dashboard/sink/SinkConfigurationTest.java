package org.sleepdelta.dashboard.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleepdelta.platform.config.ConfigException;
import org.sleepdelta.platform.config.ConfigLoader;
import org.sleepdelta.platform.config.Configuration;

class SinkConfigurationTest {

    @Test
    void defaultsNeedNoSettingAtAll() {
        // when
        SinkSettings settings = SinkConfiguration.settings(load(Map.of()));

        // then
        assertThat(settings.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/sleepdelta");
        assertThat(settings.jdbcUser()).isEqualTo("sleepdelta");
        assertThat(settings.jdbcPassword()).isNull();
        assertThat(settings.groupId()).isEqualTo("sleepdelta-sink");
        assertThat(settings.batchMaxRecords()).isEqualTo(2000);
        assertThat(settings.pollTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.metricsPort()).isEqualTo(8082);
        assertThat(settings.retryBackoffMax()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.databaseWait()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.rejectionsRetention()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void everySettingComesFromTheEnvironment() {
        // when
        SinkSettings settings = SinkConfiguration.settings(load(Map.ofEntries(
                Map.entry("SLEEPDELTA_BOOTSTRAP_SERVERS", "kafka1:9092,kafka2:9092"),
                Map.entry("SLEEPDELTA_JDBC_URL", "jdbc:postgresql://db:5432/dash"),
                Map.entry("SLEEPDELTA_JDBC_USER", "sink"),
                Map.entry("SLEEPDELTA_JDBC_PASSWORD", "s3cret"),
                Map.entry("SLEEPDELTA_GROUP_ID", "sink-2"),
                Map.entry("SLEEPDELTA_BATCH_MAX_RECORDS", "500"),
                Map.entry("SLEEPDELTA_POLL_TIMEOUT", "250ms"),
                Map.entry("SLEEPDELTA_METRICS_PORT", "9100"),
                Map.entry("SLEEPDELTA_RETRY_BACKOFF_MAX", "5s"),
                Map.entry("SLEEPDELTA_DATABASE_WAIT", "10m"),
                Map.entry("SLEEPDELTA_REJECTIONS_RETENTION", "7d"))));

        // then
        assertThat(settings)
                .isEqualTo(new SinkSettings(
                        "kafka1:9092,kafka2:9092",
                        "jdbc:postgresql://db:5432/dash",
                        "sink",
                        "s3cret",
                        "sink-2",
                        500,
                        Duration.ofMillis(250),
                        9100,
                        Duration.ofSeconds(5),
                        Duration.ofMinutes(10),
                        Duration.ofDays(7)));
    }

    @Test
    void thePasswordIsNeverShown() {
        // given
        Configuration config = load(Map.of("SLEEPDELTA_JDBC_PASSWORD", "s3cret"));

        // then
        assertThat(config.describe()).contains("jdbc-password").doesNotContain("s3cret");
        assertThat(SinkConfiguration.settings(config).toString())
                .contains("<secret>")
                .doesNotContain("s3cret");
    }

    @Test
    void logsAndErrorsShowTheUrlWithoutParametersOrCredentials() {
        // given
        SinkSettings settings = SinkConfiguration.settings(
                load(Map.of("SLEEPDELTA_JDBC_URL", "jdbc:postgresql://sink:pw1@db:5432/dash?password=pw2&ssl=true")));

        // then
        assertThat(settings.jdbcUrlForLogs()).isEqualTo("jdbc:postgresql://db:5432/dash");
        assertThat(settings.toString()).doesNotContain("pw1", "pw2");
    }

    @Test
    void theDatabaseWaitIsAtLeastOneSecondAndAtMostOneHour() {
        assertThat(SinkConfiguration.settings(load(Map.of("SLEEPDELTA_DATABASE_WAIT", "1s")))
                        .databaseWait())
                .isEqualTo(Duration.ofSeconds(1));
        for (String refused : new String[] {"0s", "500ms", "2h", "soon"}) {
            assertThatThrownBy(() -> load(Map.of("SLEEPDELTA_DATABASE_WAIT", refused)))
                    .isInstanceOfSatisfying(
                            ConfigException.class,
                            e -> assertThat(e.problems())
                                    .singleElement()
                                    .satisfies(problem -> assertThat(problem).startsWith("database-wait")));
        }
    }

    @Test
    void rejectionsAreKeptAtLeastAnHourAndAtMostTenYears() {
        for (String refused : new String[] {"59m", "3651d", "0s"}) {
            assertThatThrownBy(() -> load(Map.of("SLEEPDELTA_REJECTIONS_RETENTION", refused)))
                    .isInstanceOfSatisfying(
                            ConfigException.class,
                            e -> assertThat(e.problems())
                                    .singleElement()
                                    .satisfies(problem -> assertThat(problem).startsWith("rejections-retention")));
        }
    }

    @Test
    void aUrlOfAnotherDatabaseAndABatchOfNothingAreRefusedTogether() {
        assertThatThrownBy(() -> load(
                        Map.of("SLEEPDELTA_JDBC_URL", "jdbc:mysql://db/dash", "SLEEPDELTA_BATCH_MAX_RECORDS", "0")))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .anySatisfy(problem -> assertThat(problem).startsWith("jdbc-url"))
                                .anySatisfy(problem -> assertThat(problem).startsWith("batch-max-records")));
    }

    private static Configuration load(Map<String, String> environment) {
        return ConfigLoader.of(SinkConfiguration.ALL).environment(environment).load();
    }
}
