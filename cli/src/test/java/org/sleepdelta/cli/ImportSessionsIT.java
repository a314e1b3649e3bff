package org.sleepdelta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.avro.MassageSession;
import org.sleepdelta.avro.Rejection;
import org.sleepdelta.avro.RejectionReason;
import org.sleepdelta.cli.run.TopicReader;
import org.sleepdelta.embedded.testing.KafkaTestBroker;
import org.sleepdelta.schemas.PipelineHeaders;
import org.sleepdelta.schemas.TopicSetup;
import org.sleepdelta.schemas.Topics;
import org.sleepdelta.schemas.codec.Codecs;

/**
 * import sessions against a real broker: good rows reach the input topic, bad rows and rows older than the retention
 * the rejection topic.
 */
class ImportSessionsIT {

    @Test
    void goodRowsAreProducedAndABadRowGoesToTheRejectionTopicWithFileAndLine(@TempDir Path dir) throws Exception {
        String bootstrap = KafkaTestBroker.bootstrapServers();
        TopicSetup.ensure(KafkaTestBroker.admin(), 3, (short) 1);
        String clinic = KafkaTestBroker.uniqueName("clinic");
        Path config = Files.writeString(
                dir.resolve("sleepdelta.properties"),
                "bootstrap-servers=" + bootstrap + "\nmaster-keys=" + CliTestKeys.TEXT + "\n");
        // dated within the retention (60 days before today by default), which import applies as the HTTP API does;
        // the columns clientName and notes are not mapped, and hold what the pipeline must never keep
        Path csv = Files.writeString(dir.resolve("bookings.csv"), """
                sessionId,clientId,clientName,modality,start,durationMinutes,timezone,notes
                s1,c1,Erika NAME-MARKER,SWEDISH,%sT17:00:00+01:00,60,Europe/Berlin,NOTE-MARKER
                s2,c1,Erika NAME-MARKER,SWEDISH,%sT17:00:00+01:00,900,Europe/Berlin,NOTE-MARKER back pain
                s3,c2,Max NAME-MARKER,THAI,%sT10:00:00Z,45,UTC,
                """.formatted(daysAgo(9), daysAgo(2), daysAgo(8)));

        CliRun run = CliRun.of("import", "sessions", "--clinic", clinic, "--config", config.toString(), csv.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err())
                .contains("bookings.csv:3: durationMinutes: must be from 5 to 300", "2 accepted, 1 rejected");
        List<ConsumerRecord<String, byte[]>> sessions = readAll(bootstrap, Topics.MASSAGE_SESSIONS, clinic);
        assertThat(sessions)
                .extracting(r -> Codecs.massageSession().decode(r.value()))
                .extracting(MassageSession::getSessionId)
                .containsExactlyInAnyOrder("s1", "s3");
        assertThat(sessions)
                .extracting(r -> PipelineHeaders.origin(r.headers()))
                .containsExactlyInAnyOrder("bookings.csv:2", "bookings.csv:4");
        assertThat(sessions).extracting(ConsumerRecord::key).contains(clinic + "/c1", clinic + "/c2");

        List<Rejection> rejections = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : readAll(bootstrap, Topics.REJECTIONS, null)) {
            Rejection rejection = Codecs.rejection().decode(r.value());
            if ("bookings.csv".equals(rejection.getSourceFile())
                    && rejection.getPayload() != null
                    && StandardCharsets.UTF_8
                            .decode(rejection.getPayload().duplicate())
                            .toString()
                            .contains("900")) {
                rejections.add(rejection);
            }
        }
        assertThat(rejections).singleElement().satisfies(r -> {
            assertThat(r.getReason()).isEqualTo(RejectionReason.INVALID);
            assertThat(r.getSourceLine()).isEqualTo(3L);
            assertThat(r.getField()).isEqualTo("durationMinutes");
            // only the mapped cells, under their canonical fields: never an unmapped column
            assertThat(StandardCharsets.UTF_8.decode(r.getPayload().duplicate()).toString())
                    .contains("\"sessionId\":\"s2\"", "\"clientId\":\"c1\"", "\"durationMinutes\":\"900\"")
                    .doesNotContain("MARKER", "Erika", "back pain");
        });
    }

    @Test
    void theRejectionTopicIsCreatedKeepingRecordsThirtyDays() throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.REJECTIONS);
        try (Admin admin = KafkaTestBroker.admin()) {
            TopicSetup.ensure(admin, 3, (short) 1);

            Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
            assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value())
                    .isEqualTo(Long.toString(Duration.ofDays(30).toMillis()));
        }
    }

    @Test
    void theCompactedTopicsAreCreatedKeepingTombstonesSevenDaysAndRollingSegmentsDaily() throws Exception {
        try (Admin admin = KafkaTestBroker.admin()) {
            TopicSetup.ensure(admin, 3, (short) 1);

            for (String name : List.of(Topics.SLEEP_CHANGE_METRICS, Topics.NIGHTLY_SLEEP)) {
                ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, name);
                Config config =
                        admin.describeConfigs(List.of(topic)).all().get().get(topic);
                assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                        .as(name)
                        .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
                assertThat(config.get(TopicConfig.DELETE_RETENTION_MS_CONFIG).value())
                        .as(name)
                        .isEqualTo(Long.toString(Duration.ofDays(7).toMillis()));
                assertThat(config.get(TopicConfig.SEGMENT_MS_CONFIG).value())
                        .as(name)
                        .isEqualTo(Long.toString(Duration.ofDays(1).toMillis()));
            }
        }
    }

    @Test
    void aRowOlderThanTheRetentionGoesToTheRejectionTopicAsTooLateWithFileAndLine(@TempDir Path dir) throws Exception {
        String bootstrap = KafkaTestBroker.bootstrapServers();
        TopicSetup.ensure(KafkaTestBroker.admin(), 3, (short) 1);
        String clinic = KafkaTestBroker.uniqueName("clinic");
        Path config = Files.writeString(
                dir.resolve("sleepdelta.properties"),
                "bootstrap-servers=" + bootstrap + "\nretention-days=60\nmaster-keys=" + CliTestKeys.TEXT + "\n");
        Path csv = Files.writeString(dir.resolve("backfill.csv"), """
                sessionId,clientId,modality,start,durationMinutes,timezone
                s1,c1,SWEDISH,%sT17:00:00Z,60,UTC
                s2,c1,SWEDISH,%sT17:00:00Z,60,UTC
                """.formatted(daysAgo(3), daysAgo(200)));

        CliRun run = CliRun.of("import", "sessions", "--clinic", clinic, "--config", config.toString(), csv.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err())
                .contains(
                        "backfill.csv:3: start: is on " + daysAgo(200) + ", older than the retention of" + " 60 days",
                        "1 accepted, 1 rejected",
                        "older than the retention of 60 days (TOO_LATE)");
        assertThat(readAll(bootstrap, Topics.MASSAGE_SESSIONS, clinic))
                .extracting(r -> Codecs.massageSession().decode(r.value()).getSessionId())
                .containsExactly("s1");
        assertThat(readAll(bootstrap, Topics.REJECTIONS, clinic))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.key()).isEqualTo(clinic + "/c1");
                    Rejection rejection = Codecs.rejection().decode(r.value());
                    assertThat(rejection.getReason()).isEqualTo(RejectionReason.TOO_LATE);
                    assertThat(rejection.getSourceFile()).isEqualTo("backfill.csv");
                    assertThat(rejection.getSourceLine()).isEqualTo(3L);
                    assertThat(rejection.getField()).isEqualTo("start");
                    assertThat(StandardCharsets.UTF_8
                                    .decode(rejection.getPayload().duplicate())
                                    .toString())
                            .contains("\"sessionId\":\"s2\"");
                });
    }

    private static LocalDate daysAgo(int days) {
        return LocalDate.now(ZoneOffset.UTC).minusDays(days);
    }

    /** The records as imported, before encryption: input values and keyed rejections' payloads opened. */
    private static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic, String keyPrefix) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (CliTestKeys.Reader keys = new CliTestKeys.Reader(bootstrap)) {
            TopicReader.readToEnd(bootstrap, topic, r -> {
                if (keyPrefix != null && (r.key() == null || !r.key().startsWith(keyPrefix + "/"))) {
                    return;
                }
                if (r.key() == null || r.value() == null) {
                    records.add(r);
                    return;
                }
                byte[] plain = topic.equals(Topics.REJECTIONS)
                        ? Codecs.rejection().encode(keys.rejection(r.key(), r.value()))
                        : keys.open(r.key(), r.value());
                records.add(new ConsumerRecord<>(
                        r.topic(),
                        r.partition(),
                        r.offset(),
                        r.timestamp(),
                        r.timestampType(),
                        r.serializedKeySize(),
                        plain.length,
                        r.key(),
                        plain,
                        r.headers(),
                        r.leaderEpoch()));
            });
        }
        return records;
    }
}
