package org.sleepdelta.embedded;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;

/**
 * Prepares the log directory with Kafka's own {@code kafka-storage format} tool, run in a child JVM.
 *
 * <p>A directory formatted by an earlier run keeps its cluster id and data: we pass its own cluster id back, and
 * {@code --ignore-formatted} turns the format into a check. (A new random id would make the tool refuse the
 * directory.) {@code --standalone} is not passed because the voter set comes from {@code controller.quorum.voters},
 * which is also why the broker may get different ports on every start.
 */
final class StorageFormatter {

    private final ChildJvm jvm;
    private final Path logFile;

    StorageFormatter(ChildJvm jvm, Path logFile) {
        this.jvm = jvm;
        this.logFile = logFile;
    }

    void format(Path serverProperties, Path logDir, Duration timeout) throws IOException, InterruptedException {
        format(serverProperties, logDir, List.of(), timeout);
    }

    /**
     * @param extraArguments more arguments of {@code kafka-storage format}, such as {@code --add-scram
     *     SCRAM-SHA-512=[name=alice,password=secret]}: they take effect on a fresh directory only
     */
    void format(Path serverProperties, Path logDir, List<String> extraArguments, Duration timeout)
            throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(
                List.of("format", "-t", clusterId(logDir), "-c", serverProperties.toString(), "--ignore-formatted"));
        arguments.addAll(extraArguments);
        Process process = jvm.start(logFile, "kafka.tools.StorageTool", arguments);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw BrokerStartException.explainedByLog(
                        "formatting Kafka storage took longer than " + timeout, logFile);
            }
            if (process.exitValue() != 0) {
                throw BrokerStartException.explainedByLog(
                        "formatting Kafka storage failed (exit code " + process.exitValue() + ")", logFile);
            }
        } finally {
            process.destroyForcibly();
        }
    }

    private static String clusterId(Path logDir) throws IOException {
        Path metaProperties = logDir.resolve("meta.properties");
        if (Files.exists(metaProperties)) {
            Properties meta = new Properties();
            try (Reader reader = Files.newBufferedReader(metaProperties, StandardCharsets.UTF_8)) {
                meta.load(reader);
            }
            String existing = meta.getProperty("cluster.id");
            if (existing != null && !existing.isBlank()) {
                return existing;
            }
        }
        return Uuid.randomUuid().toString();
    }
}
