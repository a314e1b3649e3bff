package org.sleepdelta.streams.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.sleepdelta.platform.metrics.OpsAddress;
import org.sleepdelta.streams.TopologySettings;

/**
 * Everything needed to run the topology against a cluster.
 *
 * @param extraStreamsConfig raw Kafka Streams properties, applied last (for tuning the settings above don't cover)
 * @param ops                where to serve {@code /metrics} and {@code /health/*}; null serves nothing and counts nothing
 */
public record StreamsAppSettings(
        String bootstrapServers,
        String applicationId,
        Path stateDir,
        String processingGuarantee,
        int streamThreads,
        Duration commitInterval,
        TopologySettings topology,
        Map<String, Object> extraStreamsConfig,
        OpsAddress ops) {

    public static final String DEFAULT_APPLICATION_ID = "sleepdelta-streams";

    /** Without ops endpoints: for running the topology inside another command (demo, replay) or a test. */
    public StreamsAppSettings(
            String bootstrapServers,
            String applicationId,
            Path stateDir,
            String processingGuarantee,
            int streamThreads,
            Duration commitInterval,
            TopologySettings topology,
            Map<String, Object> extraStreamsConfig) {
        this(
                bootstrapServers,
                applicationId,
                stateDir,
                processingGuarantee,
                streamThreads,
                commitInterval,
                topology,
                extraStreamsConfig,
                null);
    }
}
