package org.sleepdelta.ingest.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.sleepdelta.ingest.auth.StoredApiKey;
import org.sleepdelta.ingest.tls.TlsSettings;
import org.sleepdelta.platform.config.KafkaClientProperties;

/**
 * Everything the ingest service needs to run, checked ({@link IngestConfiguration#settings}).
 *
 * @param apiKeysFile       re-read when it changes; null when keys come only from {@code environmentKeys}
 * @param maxBodyBytes      limit of a canonical batch's body, both as sent and after gzip decompression
 * @param producerTimeout   how long Kafka may take to take a batch before the request fails (429)
 * @param futureTolerance   how far after now an event may be dated
 * @param kafka             kafka.* client properties for the producers and the readiness check's admin client
 * @param metricsPort       where /metrics and /health/* are served (on {@code metricsHost}); null: on the API's port,
 *                          which TLS does not allow
 * @param tls               the API's certificate, or null for plain HTTP
 */
public record IngestSettings(
        String httpHost,
        int httpPort,
        String bootstrapServers,
        Path apiKeysFile,
        List<StoredApiKey> environmentKeys,
        int maxBatchRecords,
        long maxBodyBytes,
        long maxWearableBodyBytes,
        int maxConcurrentBatches,
        Duration producerTimeout,
        int retentionDays,
        Duration futureTolerance,
        String transactionalIdPrefix,
        KafkaClientProperties kafka,
        String metricsHost,
        Integer metricsPort,
        TlsSettings tls) {

    public IngestSettings {
        environmentKeys = List.copyOf(environmentKeys);
        kafka = kafka == null ? KafkaClientProperties.none() : kafka;
        if (apiKeysFile == null && environmentKeys.isEmpty()) {
            throw new IllegalArgumentException("no API keys: set api-keys-file (SLEEPDELTA_API_KEYS_FILE) or "
                    + "SLEEPDELTA_API_KEYS, so that clinics can authenticate");
        }
        if (tls != null && metricsPort == null) {
            throw new IllegalArgumentException("TLS is configured but metrics-port is not: /metrics and /health are "
                    + "never served on the clinic-facing TLS port, so set metrics-port (SLEEPDELTA_METRICS_PORT) "
                    + "for them");
        }
    }
}
