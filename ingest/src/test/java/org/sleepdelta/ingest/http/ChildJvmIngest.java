package org.sleepdelta.ingest.http;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.sleepdelta.embedded.testing.KafkaTestBroker;
import org.sleepdelta.ingest.auth.ApiKeyTool;
import org.sleepdelta.ingest.auth.TestMasterKeys;
import org.sleepdelta.ingest.auth.TestPepper;

/**
 * The ingest service in a child JVM with a capped heap and {@code -XX:+ExitOnOutOfMemoryError}, against the test
 * broker, with topics of its own and two clinics' keys: {@link #key} for {@link Canonical#CLINIC} (the hostile
 * caller) and {@link #otherClinicKey} for {@link RunningIngest#OTHER_CLINIC}. An out-of-memory error ends the JVM, so
 * {@link #isAlive()} tells whether the heap held.
 */
final class ChildJvmIngest implements AutoCloseable {
    final String bootstrapServers;
    final String sleepTopic;
    final String sessionTopic;
    final String rejectionsTopic;
    final String clientKeysTopic;
    final String key;
    final String otherClinicKey;
    final String maxHeap;
    final Path output;
    private final Path dir;
    private final Process process;
    private final int port;

    ChildJvmIngest(String maxHeap, Map<String, String> settings) {
        this.maxHeap = maxHeap;
        bootstrapServers = KafkaTestBroker.bootstrapServers();
        sleepTopic = KafkaTestBroker.uniqueName("sleep-records");
        sessionTopic = KafkaTestBroker.uniqueName("massage-sessions");
        rejectionsTopic = KafkaTestBroker.uniqueName("rejected-records");
        clientKeysTopic = KafkaTestBroker.uniqueName("client-keys");
        RunningIngest.createTopics(bootstrapServers, sleepTopic, sessionTopic, rejectionsTopic, clientKeysTopic);
        ApiKeyTool.NewApiKey mine = TestPepper.key(Canonical.CLINIC, "hostile key");
        ApiKeyTool.NewApiKey other = TestPepper.key(RunningIngest.OTHER_CLINIC, "good key");
        key = mine.key();
        otherClinicKey = other.key();
        try {
            dir = Files.createTempDirectory("sleepdelta-child-ingest-");
            Path keysFile = dir.resolve("api-keys.properties");
            Files.write(keysFile, List.of(mine.keysFileLine(), other.keysFileLine()), StandardCharsets.UTF_8);
            Path portFile = dir.resolve("port");
            output = dir.resolve("ingest-output.txt");

            Map<String, String> all = new HashMap<>();
            all.put("http-port", "0");
            all.put("bootstrap-servers", bootstrapServers);
            all.put("api-keys-file", keysFile.toString());
            all.put("api-key-pepper", TestPepper.TEXT);
            all.put("master-keys", TestMasterKeys.TEXT);
            all.put("transactional-id-prefix", KafkaTestBroker.uniqueName("ingest-child"));
            all.put("auth-failure-limit", "1000000"); // every request comes from 127.0.0.1
            all.putAll(settings);
            ProcessBuilder builder = new ProcessBuilder(
                            command(maxHeap, portFile, sleepTopic, sessionTopic, rejectionsTopic, clientKeysTopic))
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            all.forEach((k, v) -> builder.environment()
                    .put(
                            "SLEEPDELTA_"
                                    + k.toUpperCase(Locale.ROOT)
                                            .replace('-', '_')
                                            .replace('.', '_'),
                            v));
            process = builder.start();
            Awaitility.await("the child ingest JVM to write its port")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .failFast("the child JVM ended; output: " + output, () -> !process.isAlive())
                    .until(() -> Files.exists(portFile));
            port = Integer.parseInt(Files.readString(portFile).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        IngestClient health = new IngestClient(port);
        Awaitility.await("the child ingest service to be ready")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> health.get("/health/ready").send().status() == 200);
    }

    private static List<String> command(String maxHeap, Path portFile, String... topics) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + maxHeap);
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-cp");
        command.add(classPath.replace(File.pathSeparator + File.pathSeparator, File.pathSeparator));
        command.add(ChildIngestMain.class.getName());
        command.add(portFile.toString());
        command.addAll(List.of(topics));
        return command;
    }

    int port() {
        return port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Ends standard input, which stops the service; forcibly if it has not stopped within 30 s. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    /** The topic's committed records as they were before encryption ({@link TopicContents#readPlaintext}). */
    List<ConsumerRecord<String, byte[]>> readPlaintext(String topic) {
        return TopicContents.readPlaintext(bootstrapServers, clientKeysTopic, rejectionsTopic, topic);
    }
}
