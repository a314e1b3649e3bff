package org.sleepdelta.platform.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ops endpoints of a service that has no HTTP server of its own, on the JDK's built-in server:
 *
 * <ul>
 * <li>{@code GET /metrics}: every meter of the {@link ServiceMetrics} in the Prometheus text format 0.0.4.</li>
 * <li>{@code GET /health/live}: 200 {@code {"status":"UP"}} while the process serves HTTP.</li>
 * <li>{@code GET /health/ready}: 200 {@code {"status":"UP", ...details}} when the readiness check is up, else 503
 *     {@code {"status":"DOWN", ...}}. A check that throws counts as down.</li>
 * </ul>
 *
 * Anything else is 404 {@code {"error":"not_found"}}, and a method other than GET or HEAD is 405. There is no
 * authentication: bind it to an interface only the monitoring system reaches. Two threads serve it, so a slow scrape
 * never holds up a health probe for long, and nothing here touches the service's own work.
 *
 * <pre>{@code
 * try (OpsHttpServer ops = OpsHttpServer.start(new OpsAddress("127.0.0.1", 8081), metrics, Health.of(app::isRunning))) {
 *     ... ops.port() ...
 * }
 * }</pre>
 */
public final class OpsHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OpsHttpServer.class);
    private static final String JSON = "application/json";

    private final HttpServer server;
    private final ExecutorService executor;
    private final ServiceMetrics metrics;
    private final Supplier<Health> readiness;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OpsHttpServer(
            HttpServer server, ExecutorService executor, ServiceMetrics metrics, Supplier<Health> readiness) {
        this.server = server;
        this.executor = executor;
        this.metrics = metrics;
        this.readiness = readiness;
    }

    /**
     * Binds and starts serving.
     *
     * @throws UncheckedIOException when the address cannot be bound (e.g. the port is taken)
     */
    public static OpsHttpServer start(OpsAddress address, ServiceMetrics metrics, Supplier<Health> readiness) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address.host(), address.port()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serve the ops endpoints on " + address.host() + ":" + address.port() + ": "
                            + e.getMessage(),
                    e);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "ops-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        OpsHttpServer ops = new OpsHttpServer(server, executor, metrics, readiness);
        server.createContext("/", ops::handle);
        server.setExecutor(executor);
        server.start();
        log.info("Ops endpoints (/metrics, /health/live, /health/ready) on http://{}:{}", address.host(), ops.port());
        return ops;
    }

    /** The port served on: the one picked, when the address asked for 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops at once: a scrape in flight is cut off. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            boolean known = path.equals("/metrics") || path.equals("/health/live") || path.equals("/health/ready");
            if (!known) {
                respond(exchange, 404, JSON, "{\"error\":\"not_found\"}");
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, JSON, "{\"error\":\"method_not_allowed\"}");
            } else if (path.equals("/metrics")) {
                respond(exchange, 200, ServiceMetrics.CONTENT_TYPE, metrics.scrape());
            } else if (path.equals("/health/live")) {
                respond(exchange, 200, JSON, json("UP", Map.of()));
            } else {
                Health health = ready();
                respond(exchange, health.up() ? 200 : 503, JSON, json(health.up() ? "UP" : "DOWN", health.details()));
            }
        } catch (RuntimeException e) {
            log.warn(
                    "ops request {} {} failed",
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    e);
            throw e;
        }
    }

    private Health ready() {
        try {
            return readiness.get();
        } catch (RuntimeException e) {
            log.warn("readiness check failed; reporting DOWN", e);
            return Health.DOWN.with("error", e.getClass().getSimpleName());
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** {@code {"status":"UP","key":"value",...}}; the details are plain strings, so a few escapes are all JSON needs. */
    static String json(String status, Map<String, String> details) {
        StringBuilder out = new StringBuilder("{\"status\":").append(quote(status));
        details.forEach((key, value) -> {
            if (!key.equals("status")) {
                out.append(',').append(quote(key)).append(':').append(quote(value));
            }
        });
        return out.append('}').toString();
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : String.valueOf(text).toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
