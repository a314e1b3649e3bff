package org.sleepdelta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sleepdelta.cli.run.TopicReader;
import org.sleepdelta.embedded.testing.KafkaTestBroker;
import org.sleepdelta.ingest.auth.ApiKeyPepper;
import org.sleepdelta.ingest.auth.ApiKeyTool;
import org.sleepdelta.ingest.http.IngestConfiguration;
import org.sleepdelta.ingest.http.IngestService;
import org.sleepdelta.platform.config.ConfigLoader;
import org.sleepdelta.schemas.TopicSetup;
import org.sleepdelta.schemas.Topics;

/**
 * simulate feeds a running ingest service over HTTP: everything it reports accepted is on the input topics, and the
 * nights older than ingest's retention (60 days here) that it reports are on rejected-records.
 */
class SimulateIT {

    @Test
    void theSimulatedClinicsRecordsReachTheInputTopicsThroughTheApi() throws Exception {
        String bootstrap = KafkaTestBroker.bootstrapServers();
        TopicSetup.ensure(KafkaTestBroker.admin(), 3, (short) 1);
        String clinic = KafkaTestBroker.uniqueName("clinic-sim");
        ApiKeyTool.NewApiKey key = ApiKeyTool.create(
                ApiKeyPepper.of("cli-test-pepper-of-at-least-32-bytes-0123"), clinic, "simulate-test");
        try (IngestService ingest = new IngestService(ConfigLoader.of(IngestConfiguration.ALL)
                .environment(Map.of(
                        "SLEEPDELTA_HTTP_PORT",
                        "0",
                        "SLEEPDELTA_API_KEYS",
                        key.keysFileLine(),
                        "SLEEPDELTA_API_KEY_PEPPER",
                        "cli-test-pepper-of-at-least-32-bytes-0123",
                        "SLEEPDELTA_MASTER_KEYS",
                        CliTestKeys.TEXT,
                        "SLEEPDELTA_BOOTSTRAP_SERVERS",
                        bootstrap,
                        "SLEEPDELTA_TRANSACTIONAL_ID_PREFIX",
                        KafkaTestBroker.uniqueName("simulate-it")))
                .load())) {
            ingest.start();

            CliRun run = CliRun.of(
                    "simulate",
                    "--ingest-url",
                    "http://127.0.0.1:" + ingest.port(),
                    "--api-key",
                    key.key(),
                    "--clinic",
                    clinic,
                    "--clients",
                    "4",
                    "--nights",
                    "90");

            assertThat(run.exitCode()).as(run.err()).isZero();
            Matcher accepted =
                    Pattern.compile("simulate: ([\\d,]+) records accepted").matcher(run.out());
            assertThat(accepted.find()).as(run.out()).isTrue();
            long reported = Long.parseLong(accepted.group(1).replace(",", ""));
            Matcher old = Pattern.compile("; ([\\d,]+) older than its retention \\(on rejected-records as TOO_LATE\\)")
                    .matcher(run.out());
            assertThat(old.find()).as(run.out()).isTrue();
            long reportedOld = Long.parseLong(old.group(1).replace(",", ""));
            assertThat(reported).isGreaterThan(100);
            assertThat(reportedOld).isGreaterThan(10);
            assertThat(recordsOfClinic(bootstrap, clinic, Topics.SLEEP_RECORDS, Topics.MASSAGE_SESSIONS))
                    .isEqualTo(reported);
            assertThat(recordsOfClinic(bootstrap, clinic, Topics.REJECTIONS)).isEqualTo(reportedOld);
        }
    }

    private static long recordsOfClinic(String bootstrap, String clinic, String... topics) {
        AtomicLong count = new AtomicLong();
        for (String topic : topics) {
            TopicReader.readToEnd(bootstrap, topic, r -> {
                if (r.key() != null && r.key().startsWith(clinic + "/")) {
                    count.incrementAndGet();
                }
            });
        }
        return count.get();
    }
}
