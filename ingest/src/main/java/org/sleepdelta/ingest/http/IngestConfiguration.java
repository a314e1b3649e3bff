package org.sleepdelta.ingest.http;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.sleepdelta.ingest.auth.ApiKeyLines;
import org.sleepdelta.ingest.auth.ApiKeyPepper;
import org.sleepdelta.ingest.connect.web.ConnectionConfiguration;
import org.sleepdelta.ingest.kafka.MasterKeySettings;
import org.sleepdelta.ingest.tls.TlsSettings;
import org.sleepdelta.platform.config.ByteSize;
import org.sleepdelta.platform.config.Configuration;
import org.sleepdelta.platform.config.HostPort;
import org.sleepdelta.platform.config.InvalidValueException;
import org.sleepdelta.platform.config.KafkaClientProperties;
import org.sleepdelta.platform.config.Setting;

/** The settings the ingest service reads (defaults &lt; file &lt; SLEEPDELTA_* environment). */
public final class IngestConfiguration {
    public static final Setting<String> HTTP_HOST = Setting.string("http-host").withDefault("127.0.0.1");
    /** 0 picks a free port (tests). */
    public static final Setting<Integer> HTTP_PORT =
            Setting.integer("http-port", 0, 65535).withDefault("8080");

    public static final Setting<List<HostPort>> BOOTSTRAP_SERVERS =
            Setting.hostPorts("bootstrap-servers").withDefault("127.0.0.1:9092");
    /** {@code hmac-sha256:<hex> = <clinicId> [scopes=...] [expires=...] [label]} per line; re-read when it changes. */
    public static final Setting<Path> API_KEYS_FILE = Setting.custom(
                    "api-keys-file",
                    "the path of an existing, readable file with one '"
                            + "hmac-sha256:<hex> = <clinicId> [scopes=write] [expires=YYYY-MM-DD] [label]' per line",
                    IngestConfiguration::existingFile)
            .optional();
    /** The same lines, separated by ';', usually from SLEEPDELTA_API_KEYS. */
    public static final Setting<ApiKeyLines.Result> API_KEYS = Setting.custom(
                    "api-keys",
                    "entries 'hmac-sha256:<hex> = <clinicId> [scopes=write] [expires=YYYY-MM-DD] [label]' separated by ';'",
                    IngestConfiguration::keyEntries)
            .secret()
            .optional();

    public static final Setting<Integer> MAX_BATCH_RECORDS =
            Setting.integer("max-batch-records", 1, 1_000_000).withDefault("10000");
    public static final Setting<Long> MAX_BODY_BYTES = Setting.custom(
                    "max-body-bytes",
                    "a size from 1KB to 1GB, like 20MB, 512KB or a number of bytes",
                    text -> ByteSize.parse(text, 1024, 1L << 30))
            .withDefault("20MB");
    public static final Setting<Long> MAX_WEARABLE_BODY_BYTES = Setting.custom(
                    "max-wearable-body-bytes",
                    "a size from 1KB to 4GB, like 200MB or a number of bytes",
                    text -> ByteSize.parse(text, 1024, 4L << 30))
            .withDefault("200MB");
    /** What an uploaded archive (Apple Health's export.zip) may expand to; beyond it, 413 (a zip bomb). */
    public static final Setting<Long> MAX_EXPORT_UNCOMPRESSED_BYTES = Setting.custom(
                    "max-export-uncompressed-bytes",
                    "a size from 1KB to 64GB, like 8GB or a number of bytes",
                    text -> ByteSize.parse(text, 1024, 64L << 30))
            .withDefault("8GB");
    /** How many entries of an uploaded archive are scanned for the one that is read; beyond it, 413. */
    public static final Setting<Integer> MAX_EXPORT_ENTRIES =
            Setting.integer("max-export-entries", 1, 10_000_000).withDefault("100000");

    public static final Setting<Integer> MAX_CONCURRENT_BATCHES =
            Setting.integer("max-concurrent-batches", 1, 256).withDefault("4");
    /**
     * Batches one clinic may have in work at once, so that one clinic cannot take every slot; unset, half of
     * max-concurrent-batches rounded up. More than max-concurrent-batches is refused at start.
     */
    public static final Setting<Integer> MAX_BATCHES_PER_CLINIC =
            Setting.integer("max-batches-per-clinic", 1, 256).optional();

    /**
     * The average rate a request body must keep once min-upload-rate-grace has passed; 0 checks no rate. Slower, the
     * request ends with 408, so that a trickling upload cannot hold a slot.
     */
    public static final Setting<Long> MIN_UPLOAD_BYTES_PER_SECOND = Setting.custom(
                    "min-upload-bytes-per-second",
                    "a rate from 0 to 1GB per second, like 1KB or a number of bytes",
                    text -> ByteSize.parse(text, 0, 1L << 30))
            .withDefault("1KB");
    /** How long a body may arrive slower than that, and the longest pause in it. */
    public static final Setting<Duration> MIN_UPLOAD_RATE_GRACE = Setting.duration(
                    "min-upload-rate-grace", Duration.ofMillis(100), Duration.ofMinutes(10))
            .withDefault("30s");
    /** How long reading a request body may take in all: 200MB (max-wearable-body-bytes) passes at 2.7 Mbit/s. */
    public static final Setting<Duration> REQUEST_DEADLINE = Setting.duration(
                    "request-deadline", Duration.ofMillis(100), Duration.ofHours(24))
            .withDefault("10m");

    public static final Setting<Duration> PRODUCER_TIMEOUT = Setting.duration(
                    "producer-timeout", Duration.ofMillis(500), Duration.ofMinutes(2))
            .withDefault("5s");
    public static final Setting<Integer> RETENTION_DAYS =
            Setting.integer("retention-days", 1, 3650).withDefault("60");
    public static final Setting<Duration> FUTURE_TOLERANCE = Setting.duration(
                    "future-tolerance", Duration.ZERO, Duration.ofDays(7))
            .withDefault("1d");
    /**
     * Where /metrics and /health/* are served, apart from the API; unset, they share the API's port (plain HTTP only:
     * with TLS this is required, so that they are never served on the clinic-facing port).
     */
    public static final Setting<String> METRICS_HOST =
            Setting.string("metrics-host").withDefault("127.0.0.1");

    public static final Setting<Integer> METRICS_PORT =
            Setting.integer("metrics-port", 0, 65535).optional();
    /** A PKCS#12 keystore with the API's TLS key and certificate chain; unset (and no PEM files), plain HTTP. */
    public static final Setting<Path> TLS_KEYSTORE = Setting.custom(
                    "tls-keystore",
                    "the path of an existing, readable PKCS#12 keystore",
                    IngestConfiguration::existingFile)
            .optional();

    public static final Setting<String> TLS_KEYSTORE_PASSWORD =
            Setting.string("tls-keystore-password").secret().optional();
    /** Or PEM files: the certificate chain (leaf first) and its unencrypted PKCS#8 key. */
    public static final Setting<Path> TLS_CERTIFICATE = Setting.custom(
                    "tls-certificate",
                    "the path of an existing, readable PEM certificate chain",
                    IngestConfiguration::existingFile)
            .optional();

    public static final Setting<Path> TLS_PRIVATE_KEY = Setting.custom(
                    "tls-private-key",
                    "the path of an existing, readable PEM private key (BEGIN PRIVATE KEY)",
                    IngestConfiguration::existingFile)
            .optional();
    /** How often the TLS files are checked for a new certificate. */
    public static final Setting<Duration> TLS_RELOAD_INTERVAL = Setting.duration(
                    "tls-reload-interval", Duration.ofMillis(100), Duration.ofDays(1))
            .withDefault("1m");

    /** Each running instance needs its own, or their producers fence each other. */
    public static final Setting<String> TRANSACTIONAL_ID_PREFIX =
            Setting.string("transactional-id-prefix").withDefault("sleepdelta-ingest");

    /** The file holding the secret that stored key hashes are keyed with; never in the keys file's directory. */
    public static final Setting<Path> API_KEY_PEPPER_FILE = Setting.custom(
                    "api-key-pepper-file",
                    "the path of an existing, readable file holding at least " + ApiKeyPepper.MIN_BYTES + " bytes",
                    IngestConfiguration::existingFile)
            .optional();
    /** The same secret, usually from SLEEPDELTA_API_KEY_PEPPER; only one of the two may be set. */
    public static final Setting<ApiKeyPepper> API_KEY_PEPPER = Setting.custom(
                    "api-key-pepper",
                    "at least " + ApiKeyPepper.MIN_BYTES + " bytes of text",
                    IngestConfiguration::pepper)
            .secret()
            .optional();
    /** Failed authentications from one address, within auth-failure-window, before it is blocked. */
    public static final Setting<Integer> AUTH_FAILURE_LIMIT =
            Setting.integer("auth-failure-limit", 1, 1_000_000).withDefault("10");

    public static final Setting<Duration> AUTH_FAILURE_WINDOW = Setting.duration(
                    "auth-failure-window", Duration.ofSeconds(1), Duration.ofDays(1))
            .withDefault("1m");
    /** How long a blocked address gets 429 to every request. */
    public static final Setting<Duration> AUTH_FAILURE_BLOCK = Setting.duration(
                    "auth-failure-block", Duration.ofSeconds(1), Duration.ofDays(1))
            .withDefault("5m");

    public static final List<Setting<?>> ALL = Stream.<Setting<?>>concat(
                    Stream.<Setting<?>>of(
                            HTTP_HOST,
                            HTTP_PORT,
                            BOOTSTRAP_SERVERS,
                            API_KEYS_FILE,
                            API_KEYS,
                            MAX_BATCH_RECORDS,
                            MAX_BODY_BYTES,
                            MAX_WEARABLE_BODY_BYTES,
                            MAX_EXPORT_UNCOMPRESSED_BYTES,
                            MAX_EXPORT_ENTRIES,
                            MAX_CONCURRENT_BATCHES,
                            MAX_BATCHES_PER_CLINIC,
                            MIN_UPLOAD_BYTES_PER_SECOND,
                            MIN_UPLOAD_RATE_GRACE,
                            REQUEST_DEADLINE,
                            PRODUCER_TIMEOUT,
                            RETENTION_DAYS,
                            FUTURE_TOLERANCE,
                            TRANSACTIONAL_ID_PREFIX,
                            KafkaClientProperties.SETTING,
                            METRICS_HOST,
                            METRICS_PORT,
                            TLS_KEYSTORE,
                            TLS_KEYSTORE_PASSWORD,
                            TLS_CERTIFICATE,
                            TLS_PRIVATE_KEY,
                            TLS_RELOAD_INTERVAL,
                            API_KEY_PEPPER_FILE,
                            API_KEY_PEPPER,
                            AUTH_FAILURE_LIMIT,
                            AUTH_FAILURE_WINDOW,
                            AUTH_FAILURE_BLOCK,
                            MasterKeySettings.MASTER_KEYS_FILE,
                            MasterKeySettings.MASTER_KEYS),
                    ConnectionConfiguration.SETTINGS.stream())
            .toList();

    private IngestConfiguration() {}

    public static IngestSettings settings(Configuration config) {
        return new IngestSettings(
                config.get(HTTP_HOST),
                config.get(HTTP_PORT),
                HostPort.commaSeparated(config.get(BOOTSTRAP_SERVERS)),
                config.find(API_KEYS_FILE).orElse(null),
                config.find(API_KEYS).map(ApiKeyLines.Result::keys).orElse(List.of()),
                config.get(MAX_BATCH_RECORDS),
                config.get(MAX_BODY_BYTES),
                config.get(MAX_WEARABLE_BODY_BYTES),
                config.get(MAX_EXPORT_UNCOMPRESSED_BYTES),
                config.get(MAX_EXPORT_ENTRIES),
                config.get(MAX_CONCURRENT_BATCHES),
                config.get(PRODUCER_TIMEOUT),
                config.get(RETENTION_DAYS),
                config.get(FUTURE_TOLERANCE),
                config.get(TRANSACTIONAL_ID_PREFIX),
                config.get(KafkaClientProperties.SETTING),
                config.get(METRICS_HOST),
                config.find(METRICS_PORT).orElse(null),
                tls(config),
                pepper(config),
                config.find(API_KEY_PEPPER_FILE).orElse(null),
                config.get(AUTH_FAILURE_LIMIT),
                config.get(AUTH_FAILURE_WINDOW),
                config.get(AUTH_FAILURE_BLOCK),
                config.find(MAX_BATCHES_PER_CLINIC).orElse(defaultBatchesPerClinic(config.get(MAX_CONCURRENT_BATCHES))),
                new UploadPace(
                        config.get(MIN_UPLOAD_BYTES_PER_SECOND),
                        config.get(MIN_UPLOAD_RATE_GRACE),
                        config.get(REQUEST_DEADLINE)),
                MasterKeySettings.find(config).orElse(null),
                ConnectionConfiguration.read(config));
    }

    /** Half the slots, rounded up: one clinic can use much of an idle service, and never all of it (unless 1 slot). */
    static int defaultBatchesPerClinic(int maxConcurrentBatches) {
        return Math.max(1, (maxConcurrentBatches + 1) / 2);
    }

    /** The TLS settings, or null for plain HTTP (none of the TLS files set). */
    private static TlsSettings tls(Configuration config) {
        Path keystore = config.find(TLS_KEYSTORE).orElse(null);
        String password = config.find(TLS_KEYSTORE_PASSWORD).orElse(null);
        Path certificate = config.find(TLS_CERTIFICATE).orElse(null);
        Path key = config.find(TLS_PRIVATE_KEY).orElse(null);
        if (keystore == null && password == null && certificate == null && key == null) {
            return null;
        }
        return new TlsSettings(keystore, password, certificate, key, config.get(TLS_RELOAD_INTERVAL));
    }

    /**
     * The API key pepper, from the file or the environment, or null when neither is set; also for {@code ./sleepdelta
     * api-key}, which must key new lines exactly as the service will.
     *
     * @throws IllegalArgumentException when both are set, or the file cannot be read or holds too short a pepper
     */
    public static ApiKeyPepper pepper(Configuration config) {
        var file = config.find(API_KEY_PEPPER_FILE);
        var value = config.find(API_KEY_PEPPER);
        if (file.isPresent() && value.isPresent()) {
            throw new IllegalArgumentException(
                    "set either api-key-pepper-file or api-key-pepper (SLEEPDELTA_API_KEY_PEPPER), not both");
        }
        return file.map(ApiKeyPepper::readFile).orElse(value.orElse(null));
    }

    private static ApiKeyPepper pepper(String text) {
        try {
            return ApiKeyPepper.of(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(e.getMessage());
        }
    }

    private static Path existingFile(String text) {
        Path path = Path.of(text);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new InvalidValueException(Files.exists(path) ? "not a readable regular file" : "no such file");
        }
        return path;
    }

    private static ApiKeyLines.Result keyEntries(String text) {
        ApiKeyLines.Result result = ApiKeyLines.parseEnvironment(text);
        if (!result.isValid()) {
            // The setting is secret, so this detail is not shown; the problems name entries, never their content.
            throw new InvalidValueException(String.join("; ", result.problems()));
        }
        return result;
    }
}
