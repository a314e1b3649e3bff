package org.sleepdelta.ingest.http;

import io.javalin.Javalin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.sleepdelta.ingest.auth.ApiKeySet;
import org.sleepdelta.ingest.auth.ApiKeys;
import org.sleepdelta.ingest.auth.AuthFailureLimiter;
import org.sleepdelta.ingest.auth.ReloadingApiKeys;
import org.sleepdelta.ingest.auth.StoredApiKey;
import org.sleepdelta.ingest.connect.ConnectionSettings;
import org.sleepdelta.ingest.connect.owner.ConnectionOwner;
import org.sleepdelta.ingest.connect.owner.OwnerKafka;
import org.sleepdelta.ingest.connect.web.CallerClinic;
import org.sleepdelta.ingest.connect.web.ConnectionDirectory;
import org.sleepdelta.ingest.connect.web.ConnectionEndpoints;
import org.sleepdelta.ingest.connect.web.ConnectionRequestWriter;
import org.sleepdelta.ingest.connect.web.Connectors;
import org.sleepdelta.ingest.connect.web.OAuthCallback;
import org.sleepdelta.ingest.connect.web.OAuthState;
import org.sleepdelta.ingest.connect.web.WebhookEndpoint;
import org.sleepdelta.ingest.connect.web.WebhookMetrics;
import org.sleepdelta.ingest.kafka.PayloadEncryption;
import org.sleepdelta.ingest.tls.ReloadingTls;
import org.sleepdelta.ingest.vendor.VendorAdapters;
import org.sleepdelta.platform.config.Configuration;
import org.sleepdelta.platform.config.KafkaClientProperties;
import org.sleepdelta.platform.metrics.Health;
import org.sleepdelta.platform.metrics.OpsAddress;
import org.sleepdelta.platform.metrics.OpsHttpServer;
import org.sleepdelta.platform.metrics.ServiceMetrics;
import org.sleepdelta.schemas.connections.ConnectionRecords;
import org.sleepdelta.schemas.erasure.ErasureAudit;
import org.sleepdelta.schemas.erasure.ErasureConsumers;
import org.sleepdelta.schemas.erasure.ErasureWriter;
import org.sleepdelta.schemas.kafka.ProducerDefaults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clinic-facing HTTP ingest service ({@code ./sleepdelta ingest}): authenticated batches of canonical records and
 * vendor payloads in, all-or-nothing Kafka transactions out.
 *
 * <pre>{@code
 * Configuration config = ConfigLoader.of(IngestConfiguration.ALL).file(configFile).load();
 * try (IngestService service = new IngestService(config)) {
 *     service.start();
 *     ... service.port() ...
 * }
 * }</pre>
 *
 * <p>It starts without Kafka ({@code /health/ready} answers 503 until Kafka answers) but not without valid API keys.
 */
public final class IngestService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IngestService.class);
    private static final Duration READINESS_CACHE = Duration.ofSeconds(1);
    /** The {@code service} tag of every meter. */
    static final String SERVICE = "ingest";
    /** At most this many source addresses' failed authentications are remembered (about 100 bytes each). */
    static final int MAX_TRACKED_ADDRESSES = 10_000;

    private final IngestSettings settings;
    private final IngestWiring wiring;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private Javalin server;
    private OpsHttpServer ops;
    private boolean closed;

    /** With every vendor adapter of {@link VendorAdapters}. */
    public IngestService(Configuration config) {
        this(config, VendorAdapters::forVendor);
    }

    public IngestService(Configuration config, VendorAdapterLookup vendors) {
        this(IngestConfiguration.settings(config), IngestWiring.production().vendors(vendors));
    }

    IngestService(IngestSettings settings, IngestWiring wiring) {
        this.settings = settings;
        this.wiring = wiring;
    }

    /**
     * Reads the API keys and starts serving HTTP.
     *
     * @throws IllegalStateException when the API keys file is unreadable or invalid, or the service was started before
     */
    public synchronized void start() {
        if (server != null || closed) {
            throw new IllegalStateException("an IngestService starts once");
        }
        try {
            ApiKeys keys = apiKeys();
            ServiceMetrics metrics = ServiceMetrics.create(SERVICE);
            resources.add(metrics); // closed last
            TransactionalProducers producers = new TransactionalProducers(
                    settings.bootstrapServers(),
                    settings.kafka(),
                    settings.transactionalIdPrefix(),
                    settings.maxConcurrentBatches(),
                    settings.producerTimeout(),
                    wiring.producers(),
                    metrics.registry());
            resources.add(producers);
            PayloadEncryption encryption = new PayloadEncryption(
                    settings.bootstrapServers(),
                    settings.kafka(),
                    settings.masterKeys(),
                    wiring.topics(),
                    wiring.clientKeysTopic());
            resources.add(encryption);
            Duration readinessTimeout = settings.producerTimeout().compareTo(Duration.ofSeconds(2)) < 0
                    ? settings.producerTimeout()
                    : Duration.ofSeconds(2);
            KafkaReadiness readiness = new KafkaReadiness(
                    settings.bootstrapServers(),
                    settings.kafka(),
                    settings.transactionalIdPrefix() + "-readiness",
                    readinessTimeout,
                    READINESS_CACHE,
                    wiring.clock());
            resources.add(readiness);

            IngestMetrics ingestMetrics = new IngestMetrics(metrics.registry());
            RequestSlots slots = new RequestSlots(settings.maxConcurrentBatches(), settings.maxBatchesPerClinic());
            ingestMetrics.slotsInUse(slots);
            BatchPipeline pipeline = new BatchPipeline(
                    slots,
                    wiring.batchHook(),
                    new BatchValidator(
                            new IngestRules(wiring.clock(), settings.retentionDays(), settings.futureTolerance())),
                    new TransactionalBatchWriter(producers, settings.producerTimeout(), encryption),
                    wiring.topics(),
                    wiring.clock(),
                    ingestMetrics);
            ReloadingTls tls = null;
            if (settings.tls() != null) {
                tls = ReloadingTls.start(settings.tls());
                resources.add(tls);
            }
            HealthEndpoints health = new HealthEndpoints(readiness);
            if (settings.metricsPort() != null) {
                ops = OpsHttpServer.start(
                        new OpsAddress(settings.metricsHost(), settings.metricsPort()),
                        metrics,
                        () -> readiness.isReady() ? Health.UP : Health.DOWN.with("kafka", "not reachable"));
                resources.add(ops);
            }
            Authentication authentication = new Authentication(
                    keys,
                    new AuthFailureLimiter(
                            settings.authFailureLimit(),
                            settings.authFailureWindow(),
                            settings.authFailureBlock(),
                            MAX_TRACKED_ADDRESSES,
                            wiring.clock()),
                    ingestMetrics,
                    wiring.clock());
            BatchParser parser = new BatchParser(settings.maxBatchRecords());
            ErasureAudit audit = new ErasureAudit(
                    wiring.erasureTopics().audit(), erasureConsumerConfig("erasure-audit"), settings.producerTimeout());
            resources.add(audit);
            ErasureEndpoints erasures = new ErasureEndpoints(
                    authentication,
                    pipeline,
                    producers,
                    erasureWriter(new ErasureWriter(
                            wiring.erasureTopics(),
                            erasureConsumerConfig("erasure-keys"),
                            settings.producerTimeout(),
                            wiring.clock(),
                            SERVICE)),
                    audit,
                    new ErasureMetrics(metrics.registry()),
                    wiring.clock(),
                    settings.producerTimeout());
            ConnectionRoutes connections = connections(authentication, pipeline, metrics);
            server = IngestServer.create(
                    new CanonicalBatchEndpoint(
                            RecordKind.SLEEP,
                            authentication,
                            pipeline,
                            parser,
                            settings.maxBodyBytes(),
                            settings.uploadPace()),
                    new CanonicalBatchEndpoint(
                            RecordKind.SESSION,
                            authentication,
                            pipeline,
                            parser,
                            settings.maxBodyBytes(),
                            settings.uploadPace()),
                    new WearableSleepEndpoint(
                            wiring.vendors(),
                            authentication,
                            pipeline,
                            settings.maxBatchRecords(),
                            settings.maxWearableBodyBytes(),
                            settings.maxExportUncompressedBytes(),
                            settings.maxExportEntries(),
                            settings.uploadPace()),
                    erasures,
                    connections,
                    ops == null ? health : null,
                    metrics,
                    ingestMetrics,
                    tls,
                    settings.httpHost(),
                    settings.httpPort());
            server.start();
            log.info(
                    "Ingest API listening on {}://{}:{}",
                    tls == null ? "http" : "https",
                    settings.httpHost(),
                    server.port());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * The connection routes: with connections off (no vendor configured) they exist all the same and answer 404
     * {@code connections_disabled}, naming what to set. Their Kafka clients start on first use.
     */
    private ConnectionRoutes connections(
            Authentication authentication, BatchPipeline pipeline, ServiceMetrics metrics) {
        ConnectionSettings connectionSettings = settings.connections();
        Connectors connectors = Connectors.build(connectionSettings, wiring.connectors());
        ConnectionRecords records = new ConnectionRecords(
                wiring.connectionsTopic(), wiring.connectionRequestsTopic(), settings.masterKeys());
        ConnectionDirectory directory = new ConnectionDirectory(
                settings.kafka()
                        .clientConfig(
                                KafkaClientProperties.Kind.CONSUMER,
                                Map.of(),
                                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers())),
                records,
                settings.producerTimeout());
        resources.add(directory);
        Map<String, Object> tuning = ProducerDefaults.tuning();
        tuning.put(
                ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.producerTimeout().toMillis());
        tuning.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int)
                settings.producerTimeout().toMillis());
        tuning.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int)
                Math.max(settings.producerTimeout().toMillis() / 2, 250));
        ConnectionRequestWriter requests = new ConnectionRequestWriter(
                settings.kafka()
                        .clientConfig(
                                KafkaClientProperties.Kind.PRODUCER,
                                tuning,
                                ProducerDefaults.required(
                                        settings.bootstrapServers(),
                                        settings.transactionalIdPrefix() + "-connection-requests")),
                records,
                settings.producerTimeout());
        resources.add(requests);
        if (connectors.enabled()) {
            // Every instance joins the owner group; Kafka gives each a share of the connections' partitions.
            ConnectionOwner owner = new ConnectionOwner(
                    connectionSettings,
                    new OwnerKafka(
                            settings.bootstrapServers(),
                            settings.kafka(),
                            settings.transactionalIdPrefix(),
                            records,
                            wiring.topics(),
                            wiring.clientKeysTopic(),
                            settings.masterKeys(),
                            settings.producerTimeout()),
                    connectors.all(),
                    new PulledPayloads(
                            wiring.vendors(),
                            wiring.topics(),
                            wiring.clock(),
                            settings.retentionDays(),
                            settings.futureTolerance()),
                    metrics.registry(),
                    wiring.clock());
            resources.add(owner);
            owner.start();
        }
        Duration linkTtl = connectionSettings == null ? Duration.ofMinutes(30) : connectionSettings.stateTtl();
        OAuthState states = new OAuthState(settings.masterKeys(), wiring.clock(), linkTtl);
        CallerClinic callers = (ctx, needed, orElse) ->
                authentication.authenticate(ctx, needed, orElse).clinicId();
        return new ConnectionRoutes(
                new ConnectionEndpoints(
                        connectionSettings, connectors, states, directory, requests, callers, wiring.clock()),
                new OAuthCallback(
                        connectionSettings, connectors, states, requests, settings.retentionDays(), wiring.clock()),
                new WebhookEndpoint(
                        connectors,
                        directory,
                        requests,
                        new PushedSleepWriter(wiring.vendors(), pipeline, settings.maxBatchRecords()),
                        new WebhookMetrics(metrics.registry())
                                .startAtZero(connectors.all().keySet()),
                        wiring.clock()));
    }

    /**
     * With connections on, an erasure also asks the owner of each of the client's connections to revoke and delete
     * it, in the erasure's transaction. With no vendor configured there is no connection to reach (every instance of
     * a deployment has the same vendors), and {@code connection-requests} need not exist.
     */
    private ErasureWriter erasureWriter(ErasureWriter writer) {
        return settings.connections() == null
                ? writer
                : writer.withConnectionRequests(new ConnectionRecords(
                        wiring.connectionsTopic(), wiring.connectionRequestsTopic(), settings.masterKeys()));
    }

    /** The port HTTP is served on (the one picked, when configured as 0). */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("the service is not started");
        }
        return server.port();
    }

    /** The port /metrics and /health/* are served on: their own, or the API's when metrics-port is not set. */
    public synchronized int metricsPort() {
        if (server == null) {
            throw new IllegalStateException("the service is not started");
        }
        return ops == null ? server.port() : ops.port();
    }

    /**
     * The routes served, as {@code METHOD /path/{param}}, as Javalin registered them: what docs/openapi.yaml must
     * describe (OpenApiContractTest).
     */
    synchronized Set<String> routes() {
        if (server == null) {
            throw new IllegalStateException("the service is not started");
        }
        return server.unsafe.internalRouter.allHttpHandlers().stream()
                .map(handler -> handler.endpoint.method + " " + handler.endpoint.path)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Stops taking requests, lets running ones end, then closes the Kafka clients. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            server.stop();
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", resources.get(i).getClass().getSimpleName(), e.toString());
            }
        }
    }

    /** A consumer of the erasure topics, with the kafka.* pass-through (security) of the service's other clients. */
    private Map<String, Object> erasureConsumerConfig(String name) {
        return settings.kafka()
                .clientConfig(
                        KafkaClientProperties.Kind.CONSUMER,
                        Map.of(),
                        ErasureConsumers.required(
                                settings.bootstrapServers(), settings.transactionalIdPrefix() + "-" + name));
    }

    private ApiKeys apiKeys() {
        ApiKeySet fromEnvironment = new ApiKeySet(settings.environmentKeys(), settings.apiKeyPepper());
        long legacy = settings.environmentKeys().stream()
                .filter(k -> k.hashing() == StoredApiKey.Hashing.LEGACY_SHA256)
                .count();
        if (legacy > 0) {
            log.warn(
                    "SLEEPDELTA_API_KEYS: {} entr(ies) store a plain SHA-256 of the key (the format before "
                            + "hmac-sha256); they still work, but replace them with keys from './sleepdelta api-key'",
                    legacy);
        }
        if (settings.apiKeyPepper() == null) {
            log.warn("no API key pepper is set (api-key-pepper-file or SLEEPDELTA_API_KEY_PEPPER): only legacy "
                    + "SHA-256 key lines can be accepted, and hmac-sha256 lines are refused");
        }
        if (settings.apiKeysFile() == null) {
            log.info("API keys: {} from the environment", fromEnvironment.size());
            return fromEnvironment;
        }
        return ReloadingApiKeys.load(
                settings.apiKeysFile(),
                fromEnvironment,
                settings.apiKeyPepper(),
                wiring.clock(),
                wiring.keyFileCheckInterval());
    }
}
