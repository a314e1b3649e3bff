package org.sleepdelta.ingest.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.sleepdelta.platform.config.KafkaClientProperties;

/**
 * Whether Kafka answers: a cluster description within a short timeout. The answer is kept for a moment, so a busy
 * readiness probe costs Kafka one request per {@code cacheFor}, and concurrent probes share one check.
 */
final class KafkaReadiness implements AutoCloseable {
    private final Admin admin;
    private final Duration timeout;
    private final Duration cacheFor;
    private final Clock clock;
    private Instant checkedUntil = Instant.MIN;
    private boolean ready;

    KafkaReadiness(
            String bootstrapServers,
            KafkaClientProperties kafka,
            String clientId,
            Duration timeout,
            Duration cacheFor,
            Clock clock) {
        this.admin = Admin.create(config(bootstrapServers, kafka, clientId, timeout));
        this.timeout = timeout;
        this.cacheFor = cacheFor;
        this.clock = clock;
    }

    /** Our timeouts, then the kafka.* pass-through (kafka.admin.* beating kafka.*), then the address and name. */
    static Map<String, Object> config(
            String bootstrapServers, KafkaClientProperties kafka, String clientId, Duration timeout) {
        int ms = (int) timeout.toMillis();
        return kafka.clientConfig(
                KafkaClientProperties.Kind.ADMIN,
                Map.of(
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        ms,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                        ms),
                Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        AdminClientConfig.CLIENT_ID_CONFIG,
                        clientId));
    }

    synchronized boolean isReady() {
        Instant now = clock.instant();
        if (now.isBefore(checkedUntil)) {
            return ready;
        }
        ready = check();
        checkedUntil = clock.instant().plus(cacheFor);
        return ready;
    }

    private boolean check() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .clusterId()
                    .get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ZERO);
    }
}
