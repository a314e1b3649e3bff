package org.sleepdelta.streams.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.embedded.testing.KafkaTestBroker;
import org.sleepdelta.schemas.TopicSetup;
import org.sleepdelta.streams.TopologyInputs;
import org.sleepdelta.streams.TopologySettings;

/**
 * The application on a real broker: several partitions, two threads, exactly-once, and a restart that loses the
 * local state (so it must be restored from changelogs) half-way through. The compacted result must still equal
 * the batch definition, and every key's revisions must rise strictly along the log: no duplicate or lost emission.
 * All RocksDB stores run within the smallest {@code rocksdb-memory} allowed (16 MB for 4 tasks × 9 stores), so their
 * memtables are flushed early and often, in processing and in the restore.
 */
class SleepChangeAppIT {
    private static final int PARTITIONS = 4;
    private static final long SMALLEST_ROCKSDB_MEMORY = 16L << 20;

    @Test
    void restartWithLostLocalStateStillEndsAtTheBatchDefinitionWithRisingRevisions(@TempDir Path dir) throws Exception {
        String bootstrap = KafkaTestBroker.bootstrapServers();
        Admin admin = KafkaTestBroker.admin();
        TopicSetup.ensure(admin, PARTITIONS, (short) 1);
        TopologyInputs inputs = TopologyInputs.randomClients(31, 6);
        String applicationId = KafkaTestBroker.uniqueName("sleepdelta-it");
        int half = inputs.arrivals().size() / 2;
        SharedInputs.skipEarlierTestsRecords(admin, applicationId);

        try (KafkaProducer<String, byte[]> producer = AppInputs.producer(bootstrap)) {
            AppInputs.send(producer, inputs.arrivals().subList(0, half));
            try (SleepChangeApp app =
                    SleepChangeApp.start(settings(bootstrap, applicationId, dir.resolve("a")), Duration.ofMinutes(2))) {
                AppInputs.awaitProcessed(admin, applicationId, PARTITIONS);
            }
            AppInputs.removeGoneMembers(admin, applicationId);
            AppInputs.send(
                    producer, inputs.arrivals().subList(half, inputs.arrivals().size()));
            // A different state dir: the instance comes back with nothing local and must restore from changelogs.
            try (SleepChangeApp app =
                    SleepChangeApp.start(settings(bootstrap, applicationId, dir.resolve("b")), Duration.ofMinutes(2))) {
                AppInputs.awaitProcessed(admin, applicationId, PARTITIONS);
            }
        }

        AppInputs.assertDashboardEqualsBatchWithRisingRevisions(bootstrap, inputs, PARTITIONS);
    }

    private static StreamsAppSettings settings(String bootstrap, String applicationId, Path stateDir) throws Exception {
        Files.createDirectories(stateDir);
        return new StreamsAppSettings(
                        bootstrap,
                        applicationId,
                        stateDir,
                        StreamsConfig.EXACTLY_ONCE_V2,
                        2,
                        Duration.ofMillis(100),
                        TopologySettings.defaults().keepingEverything(),
                        Map.of())
                .withRocksDbMemory(SMALLEST_ROCKSDB_MEMORY);
    }
}
