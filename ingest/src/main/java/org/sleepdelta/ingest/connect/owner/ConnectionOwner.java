package org.sleepdelta.ingest.connect.owner;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.sleepdelta.ingest.connect.ConnectionSettings;
import org.sleepdelta.ingest.connect.VendorApp;
import org.sleepdelta.ingest.connect.VendorConnector;
import org.sleepdelta.ingest.http.PulledPayloads;
import org.sleepdelta.ingest.kafka.PayloadEncryption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the connections of the {@code connections} partitions the group gives this instance: applies their requests,
 * pulls them on schedule, refreshes their tokens, and writes all of it exactly once (docs/connections.md). One thread;
 * {@link #start} returns at once, {@link #close} leaves the group so the partitions move to another instance at once.
 *
 * <p>When a session ends on a failed commit ({@link OwnerLost}) or a Kafka failure, the owner forgets everything it
 * held and joins again after a pause: what it held may be another owner's by now.
 */
public final class ConnectionOwner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConnectionOwner.class);
    private static final Duration RESTART_PAUSE = Duration.ofSeconds(1);

    private final ConnectionSettings settings;
    private final OwnerKafka kafka;
    private final PayloadEncryption encryption;
    private final RequestApplier requests;
    private final Puller puller;
    private final VendorCalls calls;
    private final AppSubscriptions appSubscriptions;
    private final OwnerMetrics metrics;
    private final Clock clock;
    private final Object lock = new Object();
    private volatile boolean running;
    private Thread thread; // guarded by lock
    private OwnerSession session; // guarded by lock

    public ConnectionOwner(
            ConnectionSettings settings,
            OwnerKafka kafka,
            Map<String, VendorConnector> connectors,
            PulledPayloads pulled,
            MeterRegistry registry,
            Clock clock) {
        this.settings = settings;
        this.kafka = kafka;
        this.clock = clock;
        Map<String, Integer> perMinute = new HashMap<>();
        settings.apps().values().forEach(app -> perMinute.put(app.vendor(), app.requestsPerMinute()));
        connectors.keySet().forEach(vendor -> perMinute.putIfAbsent(vendor, requestsPerMinute(settings, vendor)));
        this.metrics = new OwnerMetrics(registry, connectors.keySet(), clock);
        this.calls = new VendorCalls(new VendorRateLimits(clock, perMinute), metrics, clock);
        this.puller = new Puller(settings, Map.copyOf(connectors), pulled, calls, metrics, clock);
        this.requests = new RequestApplier(settings, Map.copyOf(connectors), calls, puller.windows(), metrics, clock);
        this.appSubscriptions = new AppSubscriptions(settings, Map.copyOf(connectors), calls, clock);
        this.encryption = new PayloadEncryption(
                kafka.bootstrapServers(), kafka.kafka(), kafka.masterKeys(), kafka.topics(), kafka.clientKeysTopic());
    }

    private static int requestsPerMinute(ConnectionSettings settings, String vendor) {
        VendorApp app = settings.apps().get(vendor);
        return app == null ? 60 : app.requestsPerMinute();
    }

    /** Starts the owner's thread; returns at once. */
    public void start() {
        synchronized (lock) {
            if (thread != null) {
                throw new IllegalStateException("the connection owner is already started");
            }
            running = true;
            thread = new Thread(this::run, "connection-owner");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void run() {
        while (running) {
            OwnerSession current;
            synchronized (lock) {
                if (!running) {
                    return;
                }
                current = new OwnerSession(
                        settings.ownerGroupId(),
                        kafka,
                        encryption,
                        requests,
                        puller,
                        calls,
                        appSubscriptions,
                        metrics,
                        clock);
                session = current;
            }
            try (current) {
                current.run(() -> running);
            } catch (WakeupException | InterruptException | InterruptedException e) {
                if (running) {
                    log.warn("the connection owner was interrupted; joining again");
                }
            } catch (OwnerLost e) {
                log.warn("the connection owner starts over: {} ({})", e.getMessage(), String.valueOf(e.getCause()));
            } catch (RuntimeException e) {
                // Kafka's and our messages name topics, partitions and kinds, never tokens or health data.
                log.error("the connection owner failed; it starts over", e);
            }
            metrics.owned(java.util.List.of());
            if (running) {
                pause();
            }
        }
    }

    private void pause() {
        long deadline = System.nanoTime() + RESTART_PAUSE.toNanos();
        synchronized (lock) {
            try {
                long left;
                while (running && (left = deadline - System.nanoTime()) > 0) {
                    lock.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    /** Stops the thread, leaving the group cleanly. */
    @Override
    public void close() {
        Thread stopping;
        synchronized (lock) {
            running = false;
            lock.notifyAll();
            if (session != null) {
                session.wakeup();
            }
            stopping = thread;
        }
        if (stopping != null) {
            try {
                stopping.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        encryption.close();
    }
}
