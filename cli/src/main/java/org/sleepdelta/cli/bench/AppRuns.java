package org.sleepdelta.cli.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.sleepdelta.streams.TopologySettings;
import org.sleepdelta.streams.app.SleepChangeApp;
import org.sleepdelta.streams.app.StreamsAppSettings;

/**
 * The real streams application as the service runs it by default (RocksDB, exactly-once v2, commit interval 100 ms),
 * except retention: the bench keeps the whole history ({@link TopologySettings#keepingEverything()}, as replay), so
 * that a year of nights is state, not TOO_LATE rejections.
 */
final class AppRuns {
    static final Duration COMMIT_INTERVAL = Duration.ofMillis(100);
    static final String RETENTION_NOTE = "retention: none, whole history kept (TopologySettings.keepingEverything)";

    private AppRuns() {}

    static StreamsAppSettings settings(String bootstrap, String applicationId, Path stateDir, int threads) {
        return new StreamsAppSettings(
                bootstrap,
                applicationId,
                stateDir,
                StreamsConfig.EXACTLY_ONCE_V2,
                threads,
                COMMIT_INTERVAL,
                TopologySettings.defaults().keepingEverything(),
                Map.of());
    }

    /** Starts the app and returns once it is RUNNING. */
    static SleepChangeApp start(BenchContext context, String applicationId, Path stateDir, int threads)
            throws InterruptedException {
        return SleepChangeApp.start(
                settings(context.broker().bootstrapServers(), applicationId, stateDir, threads),
                BenchContext.STARTUP_TIMEOUT);
    }
}
