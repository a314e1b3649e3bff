package org.sleepdelta.ingest.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.sleepdelta.ingest.auth.ApiKeyPepper;
import org.sleepdelta.ingest.auth.StoredApiKey;
import org.sleepdelta.ingest.connect.ConnectionSettings;
import org.sleepdelta.ingest.kafka.MasterKeySettings;
import org.sleepdelta.ingest.tls.TlsSettings;
import org.sleepdelta.platform.config.KafkaClientProperties;
import org.sleepdelta.schemas.crypto.MasterKeys;

/**
 * Everything the ingest service needs to run, checked ({@link IngestConfiguration#settings}).
 *
 * @param apiKeysFile       re-read when it changes; null when keys come only from {@code environmentKeys}
 * @param maxBodyBytes      limit of a canonical batch's body, both as sent and after gzip decompression
 * @param maxExportUncompressedBytes how far an archive in a vendor payload (Apple Health's export.zip) may expand
 * @param maxExportEntries  how many entries of such an archive are scanned for the one that is read
 * @param producerTimeout   how long Kafka may take to take a batch before the request fails (429)
 * @param futureTolerance   how far after now an event may be dated
 * @param kafka             kafka.* client properties for the producers and the readiness check's admin client
 * @param metricsPort       where /metrics and /health/* are served (on {@code metricsHost}); null: on the API's port,
 *                          which TLS does not allow
 * @param tls               the API's certificate, or null for plain HTTP
 * @param apiKeyPepper      what stored HMAC key hashes are keyed with, or null (then only legacy SHA-256 lines work)
 * @param apiKeyPepperFile  where the pepper was read from, or null; never the keys file's directory
 * @param authFailureLimit  failed authentications per address within {@code authFailureWindow} before a block
 * @param maxBatchesPerClinic batches one clinic may have in work at once, at most {@code maxConcurrentBatches}
 * @param uploadPace        how fast request bodies must arrive (408 otherwise)
 * @param masterKeys        what wraps the client data keys every written payload is encrypted with; required
 * @param connections       vendor connections (docs/connections.md), null when no vendor is configured
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
        long maxExportUncompressedBytes,
        int maxExportEntries,
        int maxConcurrentBatches,
        Duration producerTimeout,
        int retentionDays,
        Duration futureTolerance,
        String transactionalIdPrefix,
        KafkaClientProperties kafka,
        String metricsHost,
        Integer metricsPort,
        TlsSettings tls,
        ApiKeyPepper apiKeyPepper,
        Path apiKeyPepperFile,
        int authFailureLimit,
        Duration authFailureWindow,
        Duration authFailureBlock,
        int maxBatchesPerClinic,
        UploadPace uploadPace,
        MasterKeys masterKeys,
        ConnectionSettings connections) {

    public IngestSettings {
        environmentKeys = List.copyOf(environmentKeys);
        kafka = kafka == null ? KafkaClientProperties.none() : kafka;
        if (apiKeyPepperFile != null && apiKeysFile != null && sameDirectory(apiKeyPepperFile, apiKeysFile)) {
            throw new IllegalArgumentException("api-key-pepper-file must not be in the directory of api-keys-file: "
                    + "whoever gets a copy of the keys (a backup, a mounted volume) must not get the pepper too");
        }
        if (apiKeyPepper == null
                && environmentKeys.stream().anyMatch(k -> k.hashing() == StoredApiKey.Hashing.HMAC_SHA256)) {
            throw new IllegalArgumentException("SLEEPDELTA_API_KEYS has hmac-sha256 entries, but no pepper is set: "
                    + "set api-key-pepper-file (SLEEPDELTA_API_KEY_PEPPER_FILE) or SLEEPDELTA_API_KEY_PEPPER");
        }
        if (apiKeysFile == null && environmentKeys.isEmpty()) {
            throw new IllegalArgumentException("no API keys: set api-keys-file (SLEEPDELTA_API_KEYS_FILE) or "
                    + "SLEEPDELTA_API_KEYS, so that clinics can authenticate");
        }
        if (masterKeys == null) {
            // Secure by default: client payloads never go to Kafka in the clear.
            throw new IllegalArgumentException(MasterKeySettings.missing());
        }
        if (maxBatchesPerClinic < 1 || maxBatchesPerClinic > maxConcurrentBatches) {
            throw new IllegalArgumentException("max-batches-per-clinic must be from 1 to max-concurrent-batches ("
                    + maxConcurrentBatches + "), not " + maxBatchesPerClinic
                    + ": a clinic cannot have more batches in work than there are slots");
        }
        if (tls != null && metricsPort == null) {
            throw new IllegalArgumentException("TLS is configured but metrics-port is not: /metrics and /health are "
                    + "never served on the clinic-facing TLS port, so set metrics-port (SLEEPDELTA_METRICS_PORT) "
                    + "for them");
        }
    }

    private static boolean sameDirectory(Path a, Path b) {
        Path dirA = a.toAbsolutePath().normalize().getParent();
        Path dirB = b.toAbsolutePath().normalize().getParent();
        if (dirA == null || dirB == null) {
            return false;
        }
        try {
            return Files.isSameFile(dirA, dirB);
        } catch (IOException e) {
            return dirA.equals(dirB);
        }
    }
}
