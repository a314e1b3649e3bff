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

    /**
     * The services' defaults; each clinic posts every 250 ms per record type (500 records a tick at 2,000 records/s,
     * about 60 per request over the 4 simulated clinics). Posting every 25 ms made 320 ingest transactions a second
     * of about 6 records, and at that count of transactions the pipeline on 2 cores fell behind and stayed behind
     * (docs/benchmarks.md#freshness): a transaction costs the broker and the readers the same whatever its size.
     */
    public static FreshnessTuning defaults() {
        return new FreshnessTuning(Map.of(), Map.of(), Duration.ofMillis(250));
    }
}
