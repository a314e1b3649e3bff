package org.sleepdelta.streams.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.sleepdelta.streams.TopologySettings;

/**
 * Everything needed to run the topology against a cluster.
 *
 * @param extraStreamsConfig raw Kafka Streams properties, applied last (for tuning the settings above don't cover)
 */
public record StreamsAppSettings(
        String bootstrapServers,
        String applicationId,
        Path stateDir,
        String processingGuarantee,
        int streamThreads,
        Duration commitInterval,
        TopologySettings topology,
        Map<String, Object> extraStreamsConfig) {

    public static final String DEFAULT_APPLICATION_ID = "sleepdelta-streams";
}
