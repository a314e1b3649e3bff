package org.sleepdelta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sleepdelta.cli.run.TopicReader;
import org.sleepdelta.ingest.auth.ApiKeyTool;
import org.sleepdelta.ingest.http.IngestConfiguration;
import org.sleepdelta.ingest.http.IngestService;
import org.sleepdelta.platform.config.ConfigLoader;
import org.sleepdelta.platform.testing.KafkaTestBroker;
import org.sleepdelta.schemas.TopicSetup;
import org.sleepdelta.schemas.Topics;

/** simulate feeds a running ingest service over HTTP; everything it reports accepted is on the input topics. */
class SimulateIT {

    @Test
    void theSimulatedClinicsRecordsReachTheInputTopicsThroughTheApi() throws Exception {
        String bootstrap = KafkaTestBroker.bootstrapServers();
        TopicSetup.ensure(KafkaTestBroker.admin(), 3, (short) 1);
        String clinic = KafkaTestBroker.uniqueName("clinic-sim");
        ApiKeyTool.NewApiKey key = ApiKeyTool.create(clinic, "simulate-test");
        try (IngestService ingest = new IngestService(ConfigLoader.of(IngestConfiguration.ALL).environment(Map.of(
                "SLEEPDELTA_HTTP_PORT", "0", "SLEEPDELTA_API_KEYS", key.keysFileLine(),
                "SLEEPDELTA_BOOTSTRAP_SERVERS", bootstrap,
                "SLEEPDELTA_TRANSACTIONAL_ID_PREFIX", KafkaTestBroker.uniqueName("simulate-it"))).load())) {
            ingest.start();

            CliRun run = CliRun.of("simulate", "--ingest-url", "http://127.0.0.1:" + ingest.port(), "--api-key", key.key(),
                    "--clinic", clinic, "--clients", "4", "--nights", "30");

            assertThat(run.exitCode()).as(run.err()).isZero();
            Matcher accepted = Pattern.compile("simulate: ([\\d,]+) records accepted").matcher(run.out());
            assertThat(accepted.find()).as(run.out()).isTrue();
            long reported = Long.parseLong(accepted.group(1).replace(",", ""));
            AtomicLong onTopics = new AtomicLong();
            for (String topic : new String[] {Topics.SLEEP_RECORDS, Topics.MASSAGE_SESSIONS}) {
                TopicReader.readToEnd(bootstrap, topic, r -> {
                    if (r.key().startsWith(clinic + "/")) {
                        onTopics.incrementAndGet();
                    }
                });
            }
            assertThat(reported).isGreaterThan(100);
            assertThat(onTopics.get()).isEqualTo(reported);
        }
    }
}
