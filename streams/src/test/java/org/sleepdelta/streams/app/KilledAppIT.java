package org.sleepdelta.streams.app;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.embedded.testing.KafkaTestBroker;
import org.sleepdelta.schemas.TopicSetup;
import org.sleepdelta.streams.TopologyInputs;
import org.sleepdelta.streams.TopologySettings;

/**
 * kill -9 of the application while it processes, its client views warm and a transaction open: the instance that
 * takes over (same application id, same state directory, so Kafka Streams finds local state of a task that did not
 * close) must end at the batch definition with strictly rising revisions. The killed JVM's in-heap client views die
 * with it; the new instance rebuilds them from stores restored to the last committed transaction. A view that outlived
 * an aborted transaction would show here as a wrong or repeated emission.
 */
class KilledAppIT {
    private static final int PARTITIONS = 4;
    private Process child;

    @AfterEach
    void kill() {
        if (child != null) {
            child.destroyForcibly();
        }
    }

    @Test
    void anInstanceKilledMidProcessingIsReplacedWithoutLosingOrRepeatingAnEmission(@TempDir Path dir) throws Exception {
        String bootstrap = KafkaTestBroker.bootstrapServers();
        Admin admin = KafkaTestBroker.admin();
        TopicSetup.ensure(admin, PARTITIONS, (short) 1);
        TopologyInputs inputs = TopologyInputs.randomClients(47, 24);
        String applicationId = KafkaTestBroker.uniqueName("sleepdelta-killed");
        Path stateDir = Files.createDirectories(dir.resolve("state"));
        Path output = dir.resolve("child.txt");
        int half = inputs.arrivals().size() / 2;
        SharedInputs.skipEarlierTestsRecords(admin, applicationId);

        try (KafkaProducer<String, byte[]> producer = AppInputs.producer(bootstrap)) {
            // given an instance in a child JVM that has processed half of the input
            child = startChild(bootstrap, applicationId, stateDir, output);
            AppInputs.send(producer, inputs.arrivals().subList(0, half));
            AppInputs.awaitProcessed(admin, applicationId, PARTITIONS);
            Map<TopicPartition, OffsetAndMetadata> atHalf = committed(admin, applicationId);

            // when it is killed once it has started on the second half
            AppInputs.send(
                    producer, inputs.arrivals().subList(half, inputs.arrivals().size()));
            await("the child to commit some of the second half")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(20))
                    .failFast("the child JVM ended; output: " + output, () -> !child.isAlive())
                    .until(() -> committed(admin, applicationId).entrySet().stream()
                            .anyMatch(e -> atHalf.get(e.getKey()) == null
                                    || e.getValue().offset()
                                            > atHalf.get(e.getKey()).offset()));
            child.destroyForcibly();
            await("the child to die").atMost(Duration.ofSeconds(30)).until(() -> !child.isAlive());
            AppInputs.removeGoneMembers(admin, applicationId);

            // then an instance on the same state directory takes over and ends where the definition does
            StreamsAppSettings settings = new StreamsAppSettings(
                    bootstrap,
                    applicationId,
                    stateDir,
                    StreamsConfig.EXACTLY_ONCE_V2,
                    1,
                    Duration.ofMillis(100),
                    TopologySettings.defaults().keepingEverything(),
                    Map.of());
            try (SleepChangeApp app = SleepChangeApp.start(settings, Duration.ofMinutes(2))) {
                AppInputs.awaitProcessed(admin, applicationId, PARTITIONS);
            }
        }
        AppInputs.assertDashboardEqualsBatchWithRisingRevisions(bootstrap, inputs, PARTITIONS);
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String applicationId)
            throws Exception {
        return admin.listConsumerGroupOffsets(applicationId)
                .partitionsToOffsetAndMetadata()
                .get();
    }

    private static Process startChild(String bootstrap, String applicationId, Path stateDir, Path output)
            throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(classPath.replace(File.pathSeparator + File.pathSeparator, File.pathSeparator));
        command.add(ChildAppMain.class.getName());
        command.add(bootstrap);
        command.add(applicationId);
        command.add(stateDir.toString());
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
    }
}
