package org.sleepdelta.cli.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** What every phase shares: the broker, a work directory for state, the report and a progress stream. */
final class BenchContext {
    /** Long enough for a default run's slowest step on a loaded 2-core machine; a stuck run still ends. */
    static final Duration STEP_TIMEOUT = Duration.ofMinutes(30);

    static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

    private final BenchBroker broker;
    private final Path workDir;
    private final BenchReport report;
    private final PrintStream progress;
    private final AtomicInteger runs = new AtomicInteger();
    private final long started = System.nanoTime();

    BenchContext(BenchBroker broker, Path workDir, BenchReport report, PrintStream progress) {
        this.broker = broker;
        this.workDir = workDir;
        this.report = report;
        this.progress = progress;
    }

    BenchBroker broker() {
        return broker;
    }

    Path workDir() {
        return workDir;
    }

    BenchReport report() {
        return report;
    }

    PrintStream progressStream() {
        return progress;
    }

    /** One line per step on stderr, with the time since the bench started. */
    void progress(String phase, String message) {
        progress.printf(Locale.ROOT, "[bench %6.1fs] %s: %s%n", (System.nanoTime() - started) / 1e9, phase, message);
    }

    /** A fresh application id: every run gets its own consumer group, changelogs and state. */
    String newApplicationId(String what) {
        return "bench-" + what + "-" + runs.incrementAndGet();
    }

    Path newStateDir(String applicationId) throws IOException {
        return Files.createDirectories(workDir.resolve(applicationId + "-" + runs.incrementAndGet()));
    }

    static long sizeOf(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            return 0; // a file RocksDB removed meanwhile
                        }
                    })
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
