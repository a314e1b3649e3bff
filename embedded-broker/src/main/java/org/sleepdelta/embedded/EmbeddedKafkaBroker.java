package org.sleepdelta.embedded;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) running in a child JVM on loopback.
 *
 * <p>A child JVM rather than in-process: the broker's internals are not a public API, its threads and logging would
 * mix with ours, and a separate process can be stopped for sure. Only public entry points are used:
 * {@code kafka.tools.StorageTool} to format the storage, then {@code kafka.Kafka} via {@link BrokerProcessMain}.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start()) {
 *     String bootstrapServers = broker.bootstrapServers();
 * }
 * }</pre>
 *
 * <p>Clients connect over PLAINTEXT with no authorizer unless {@link Builder#security} asks for a SASL_SSL or mTLS
 * client listener with ACLs enforced (see {@link BrokerSecurity}).
 *
 * <p>The broker's output goes to {@code broker.log} in the data directory. It stops on {@link #close()}, at JVM
 * shutdown, and by itself when this JVM dies without running shutdown hooks.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private static final int START_ATTEMPTS = 3;
    private static final Duration GRACEFUL_STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration FORCED_STOP_TIMEOUT = Duration.ofSeconds(5);

    private final Path dataDir;
    private final boolean dataDirIsTemporary;
    private final Path logFile;
    private final Thread shutdownHook = new Thread(this::close, "embedded-kafka-broker-shutdown");
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Process process;
    private volatile BrokerPorts ports;
    private final BrokerSecurity security;

    private EmbeddedKafkaBroker(Path dataDir, boolean dataDirIsTemporary, BrokerSecurity security) {
        this.security = security;
        this.dataDir = dataDir;
        this.dataDirIsTemporary = dataDirIsTemporary;
        this.logFile = dataDir.resolve("broker.log");
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@code 127.0.0.1:<port>}, for the {@code bootstrap.servers} of clients: the client listener, which is secured
     * as {@link #security()} says.
     */
    public String bootstrapServers() {
        return "127.0.0.1:" + ports.client();
    }

    /** How the client listener is secured: {@link BrokerSecurity#plaintext()} unless the builder said otherwise. */
    public BrokerSecurity security() {
        return security;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The broker's own output, worth a look when something about the broker is puzzling. */
    public Path logFile() {
        return logFile;
    }

    public boolean isRunning() {
        Process current = process;
        return !closed.get() && current != null && current.isAlive();
    }

    /** The broker JVM's process, e.g. to read what it runs with; empty before start and after close. */
    public Optional<ProcessHandle> processHandle() {
        Process current = process;
        return current == null || !current.isAlive() ? Optional.empty() : Optional.of(current.toHandle());
    }

    // For tests that play the parent dying by closing the broker's stdin.
    Process process() {
        return process;
    }

    /**
     * Stops the broker (gracefully, forcibly after 15 s) and deletes the data directory
     * if it was a temporary one. Safe to call more than once and from any thread.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shutdownAlreadyRunning) {
                // Then the hook runs (or ran) close(), which returns at once.
            }
        }
        stopProcess();
        if (dataDirIsTemporary) {
            Directories.deleteRecursively(dataDir);
        }
    }

    private void start(Builder settings) {
        if (settings.closeOnJvmExit) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        Instant startedAt = Instant.now();
        Instant deadline = startedAt.plus(settings.startupTimeout);
        try {
            Files.createDirectories(dataDir);
            Path serverProperties = dataDir.resolve("server.properties");
            ChildJvm jvm = new ChildJvm(BrokerJvmOptions.of(settings.jvm, settings.logLevel), settings.extraClasspath);

            BrokerPorts candidatePorts = settings.portPicker.get();
            writeServerProperties(serverProperties, candidatePorts, settings);
            appendToLog("formatting storage");
            new StorageFormatter(jvm, logFile)
                    .format(
                            serverProperties,
                            logDir(),
                            settings.security.formatArguments(),
                            Duration.between(Instant.now(), deadline));

            for (int attempt = 1; ; attempt++) {
                appendToLog("starting broker on ports " + candidatePorts);
                long logSizeBeforeStart = LogTail.size(logFile);
                process = jvm.start(logFile, BrokerProcessMain.class.getName(), List.of(serverProperties.toString()));
                BrokerReadiness.Outcome outcome = BrokerReadiness.await(
                        process, candidatePorts, settings.security.internalClientProperties(candidatePorts), deadline);
                if (outcome == BrokerReadiness.Outcome.READY) {
                    ports = candidatePorts;
                    log.info(
                            "Kafka broker ({}) ready at {} after {} ms (data in {})",
                            settings.security.mode(),
                            bootstrapServers(),
                            Duration.between(startedAt, Instant.now()).toMillis(),
                            dataDir);
                    return;
                }
                boolean portTaken = outcome == BrokerReadiness.Outcome.PROCESS_EXITED
                        && failedToBind(LogTail.textAfter(logFile, logSizeBeforeStart));
                if (!portTaken || attempt == START_ATTEMPTS) {
                    throw BrokerStartException.explainedByLog(
                            outcome == BrokerReadiness.Outcome.TIMED_OUT
                                    ? "Kafka broker was not ready within " + settings.startupTimeout
                                    : "Kafka broker exited during startup (exit code " + process.exitValue() + ")",
                            logFile);
                }
                // Another process took a port between our pick and the broker's bind: pick again.
                log.info("Kafka broker could not bind {}, retrying with other ports", candidatePorts);
                candidatePorts = settings.portPicker.get();
                writeServerProperties(serverProperties, candidatePorts, settings);
            }
        } catch (IOException e) {
            stopAfterFailedStart();
            throw new BrokerStartException("could not start Kafka broker in " + dataDir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopAfterFailedStart();
            throw new BrokerStartException("interrupted while starting Kafka broker", e);
        } catch (RuntimeException e) {
            stopAfterFailedStart();
            throw e;
        }
    }

    private static boolean failedToBind(String brokerOutput) {
        return brokerOutput.contains("Address already in use") || brokerOutput.contains("failed to bind");
    }

    private void stopAfterFailedStart() {
        closed.set(true);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shutdownAlreadyRunning) {
            // Nothing left to undo.
        }
        // The data directory stays, temporary or not: its broker.log explains the failure.
        stopProcess();
    }

    private void stopProcess() {
        Process current = process;
        if (current == null || !current.isAlive()) {
            return;
        }
        try {
            // SIGTERM: the broker's own shutdown hook closes its logs cleanly, so a kept data dir restarts fast.
            current.destroy();
            if (!current.waitFor(GRACEFUL_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Kafka broker did not stop within {}, killing it", GRACEFUL_STOP_TIMEOUT);
                current.destroyForcibly().waitFor(FORCED_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            current.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void writeServerProperties(Path file, BrokerPorts ports, Builder settings) throws IOException {
        SingleNodeServerProperties.write(
                SingleNodeServerProperties.of(ports, logDir(), settings.security, settings.brokerProperties), file);
    }

    private Path logDir() {
        return dataDir.resolve("logs");
    }

    // Marks each start in broker.log, which a kept data directory accumulates across runs.
    private void appendToLog(String event) throws IOException {
        Files.writeString(
                logFile,
                "==== " + LocalDateTime.now() + " EmbeddedKafkaBroker: " + event + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** Settings for {@link EmbeddedKafkaBroker}; every one has a working default. */
    public static final class Builder {

        private Path dataDir;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();
        private Duration startupTimeout = Duration.ofSeconds(60);
        private Level logLevel = Level.WARN;
        private BrokerJvm jvm = BrokerJvm.QUICK_START;
        private boolean closeOnJvmExit = true;
        private Supplier<BrokerPorts> portPicker = BrokerPorts::pickFree;
        private final List<String> extraClasspath = new ArrayList<>();
        private BrokerSecurity security = BrokerSecurity.plaintext();

        private Builder() {}

        /**
         * How clients connect and what they may do: {@link BrokerSecurity#plaintext()} (the default, an open broker),
         * {@link BrokerSecurity#saslSsl} or {@link BrokerSecurity#mutualTls} (TLS, authentication and ACLs).
         */
        public Builder security(BrokerSecurity security) {
            this.security = Objects.requireNonNull(security, "security");
            return this;
        }

        /**
         * Where the broker keeps its data and {@code broker.log}. A directory given here is kept, so a later broker
         * started on it sees the same topics and records. {@code null} (the default) means a fresh temporary
         * directory, deleted on {@link #close()}.
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /**
         * Adds or overrides a broker setting (see Kafka's broker configuration). The listener, port, node and
         * log-directory settings are this class's business and cannot be overridden.
         */
        public Builder brokerProperty(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (SingleNodeServerProperties.MANAGED_KEYS.contains(key)) {
                throw new IllegalArgumentException(
                        "broker property '" + key + "' is managed by EmbeddedKafkaBroker and cannot be overridden");
            }
            brokerProperties.put(key, value);
            return this;
        }

        /**
         * Whether the broker registers its own JVM shutdown hook (default true). An owner that must stop its clients
         * before the broker passes false and closes the broker from its own hook: JVM hooks run in no set order.
         * The child still exits by itself if this JVM dies, because its stdin closes.
         */
        public Builder closeOnJvmExit(boolean closeOnJvmExit) {
            this.closeOnJvmExit = closeOnJvmExit;
            return this;
        }

        /**
         * A directory of jars the broker's JVM gets in addition to this JVM's {@code java.class.path}: Kafka's broker
         * ({@code kafka_2.13}) and its dependencies, for an application that keeps them off its own classpath (the
         * launcher's {@code broker-lib/}). Not needed where they are on the classpath already, as in tests.
         *
         * @throws IllegalArgumentException if {@code directory} is not a directory
         */
        public Builder brokerJars(Path directory) {
            if (!Files.isDirectory(directory)) {
                throw new IllegalArgumentException("brokerJars: " + directory + " is not a directory");
            }
            // The JVM expands "dir/*" to every jar in dir. A string, because "*" is no legal Path on Windows.
            extraClasspath.add(directory.toAbsolutePath() + File.separator + "*");
            return this;
        }

        /** How long formatting plus broker startup may take in all, 60 s by default. */
        public Builder startupTimeout(Duration startupTimeout) {
            if (startupTimeout.isNegative() || startupTimeout.isZero()) {
                throw new IllegalArgumentException("startup timeout must be positive, was " + startupTimeout);
            }
            this.startupTimeout = startupTimeout;
            return this;
        }

        /** The least severe broker log level written to {@code broker.log}, WARN by default. */
        public Builder brokerLogLevel(Level logLevel) {
            this.logLevel = Objects.requireNonNull(logLevel, "logLevel");
            return this;
        }

        /** How the broker's JVM is tuned, {@link BrokerJvm#QUICK_START} by default. */
        public Builder jvm(BrokerJvm jvm) {
            this.jvm = Objects.requireNonNull(jvm, "jvm");
            return this;
        }

        // For tests that need to hand the broker a port that is already taken.
        Builder portPicker(Supplier<BrokerPorts> portPicker) {
            this.portPicker = Objects.requireNonNull(portPicker, "portPicker");
            return this;
        }

        /**
         * Formats the storage, starts the broker and returns once a client can reach it.
         *
         * @throws BrokerStartException if it is not ready within the startup timeout; the message ends with the
         *     last lines of {@code broker.log}, and the data directory (even a temporary one) is kept for a closer
         *     look
         */
        public EmbeddedKafkaBroker start() {
            EmbeddedKafkaBroker broker = dataDir == null
                    ? new EmbeddedKafkaBroker(createTempDir(), true, security)
                    : new EmbeddedKafkaBroker(dataDir.toAbsolutePath(), false, security);
            broker.start(this);
            return broker;
        }

        private static Path createTempDir() {
            try {
                return Files.createTempDirectory("sleepdelta-kafka-");
            } catch (IOException e) {
                throw new UncheckedIOException("could not create a data directory for the Kafka broker", e);
            }
        }
    }
}
