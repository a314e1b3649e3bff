package org.sleepdelta.platform.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meter registry of one service, exported in the Prometheus text format: JVM memory, GC, threads, CPU and uptime
 * from the start, every meter tagged {@code service=<name>}.
 *
 * <pre>{@code
 * try (ServiceMetrics metrics = ServiceMetrics.create("streams")) {
 *     metrics.bind(new KafkaStreamsMetrics(streams));            // closed with the registry
 *     Counter c = metrics.registry().counter("sleepdelta.streams.records.processed", "kind", "sleep");
 *     String text = metrics.scrape();                            // what GET /metrics answers
 * }
 * }</pre>
 *
 * <p><b>No personal tags.</b> Metrics leave the service for any monitoring system, and a tag per client or clinic would
 * also make their number unbounded. A meter with a tag named in {@link #FORBIDDEN_TAG_KEYS} therefore cannot be
 * registered: it fails with an {@link IllegalArgumentException} at the call that creates it.
 */
public final class ServiceMetrics implements AutoCloseable {
    /** The Content-Type of {@link #scrape()}: Prometheus text exposition format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** Tag keys that would name a person or a clinic; refused for every meter. */
    public static final Set<String> FORBIDDEN_TAG_KEYS =
            Set.of("client", "clientId", "client_id", "clinic", "clinicId", "clinic_id");

    private static final Logger log = LoggerFactory.getLogger(ServiceMetrics.class);

    private final String service;
    private final PrometheusMeterRegistry registry;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private boolean closed;

    private ServiceMetrics(String service, MeterFilter... filters) {
        this.service = service;
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new NoPersonalTags());
        registry.config().commonTags("service", service);
        for (MeterFilter filter : filters) {
            registry.config().meterFilter(filter);
        }
        bind(new JvmMemoryMetrics());
        bind(new JvmGcMetrics());
        bind(new JvmThreadMetrics());
        bind(new ProcessorMetrics());
        bind(new UptimeMetrics());
    }

    /** @param service the value of the {@code service} tag on every meter, e.g. {@code streams} or {@code ingest} */
    public static ServiceMetrics create(String service) {
        return create(service, new MeterFilter[0]);
    }

    /**
     * A registry whose meters also pass these filters (after the personal-tag check and the {@code service} tag), e.g.
     * to drop series nobody reads. They are in place before the first meter, as Micrometer requires: a filter added
     * to {@link #registry()} later would miss the meters already registered.
     */
    public static ServiceMetrics create(String service, MeterFilter... filters) {
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException("a service name is required");
        }
        return new ServiceMetrics(service, filters.clone());
    }

    public String service() {
        return service;
    }

    /** Where the service registers its own meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Binds the binder's meters now; a binder that is {@link AutoCloseable} (Kafka's, JVM GC) is closed by {@link #close}. */
    public synchronized <B extends MeterBinder> B bind(B binder) {
        if (closed) {
            throw new IllegalStateException("the metrics of " + service + " are closed");
        }
        binder.bindTo(registry);
        if (binder instanceof AutoCloseable closeable) {
            closeables.add(closeable);
        }
        return binder;
    }

    /** Every meter in the Prometheus text format 0.0.4 ({@link #CONTENT_TYPE}). */
    public String scrape() {
        return registry.scrape(CONTENT_TYPE);
    }

    /** Closes the bound binders (in reverse order), then the registry. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                log.warn(
                        "closing metrics binder {} failed: {}",
                        closeables.get(i).getClass().getSimpleName(),
                        e.toString());
            }
        }
        registry.close();
    }

    /** Refuses meters with a personal tag, at registration, so the mistake shows in the first test that creates one. */
    private static final class NoPersonalTags implements MeterFilter {
        @Override
        public Meter.Id map(Meter.Id id) {
            for (Tag tag : id.getTagsAsIterable()) {
                if (FORBIDDEN_TAG_KEYS.contains(tag.getKey())) {
                    throw new IllegalArgumentException("meter " + id.getName() + " has the tag '" + tag.getKey()
                            + "': metrics never name clients or clinics (tags " + FORBIDDEN_TAG_KEYS + " are refused)");
                }
            }
            return id;
        }
    }
}
