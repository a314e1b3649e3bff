package org.sleepdelta.cli.bench.freshness;

import java.time.Duration;
import java.util.Map;

/**
 * What a freshness run changes from the services' defaults, to compare settings by measurement.
 *
 * @param ingestSettings  ingest settings by environment variable (e.g. {@code SLEEPDELTA_KAFKA_PRODUCER_LINGER_MS})
 * @param streamsSettings streams settings by environment variable (e.g. {@code SLEEPDELTA_COMMIT_INTERVAL})
 * @param sendInterval    how often the simulated clinics post: each post is one request, so one ingest transaction,
 *                        per clinic and record type, of the records due since the last
 */
public record FreshnessTuning(
        Map<String, String> ingestSettings, Map<String, String> streamsSettings, Duration sendInterval) {
    public FreshnessTuning {
        ingestSettings = Map.copyOf(ingestSettings);
        streamsSettings = Map.copyOf(streamsSettings);
        if (sendInterval.toMillis() < 1) {
            throw new IllegalArgumentException("sendInterval must be at least 1 ms: " + sendInterval);
        }
    }

    /** The services' defaults; posts every 25 ms (50 records a time at 2,000 records/s). */
    public static FreshnessTuning defaults() {
        return new FreshnessTuning(Map.of(), Map.of(), Duration.ofMillis(25));
    }
}
