package org.sleepdelta.fakes;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A vendor's API on a loopback port: routes by path prefix, every request recorded ({@link #requests}) so that tests
 * can see what a client asked and when. An unexpected exception in a route answers 500, as a vendor's bug would.
 */
public final class FakeHttpServer implements AutoCloseable {
    /** Answers one request; may throw to produce a 500. */
    @FunctionalInterface
    public interface Route {
        void handle(FakeExchange exchange) throws Exception;
    }

    /** A request as the fake saw it: when, how, where, and with which bearer token (to check token use). */
    public record Seen(Instant at, String method, String path, Map<String, String> query, String bearerToken) {}

    private final HttpServer server;
    private final ExecutorService executor;
    private final Clock clock;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    public FakeHttpServer(Clock clock) {
        this.clock = clock;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on loopback", e);
        }
        executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "vendor-fake");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
    }

    /** Serves {@code route} for every path starting with {@code pathPrefix} (the longest prefix wins). */
    public FakeHttpServer route(String pathPrefix, Route route) {
        server.createContext(pathPrefix, exchange -> {
            try {
                FakeExchange fake = new FakeExchange(exchange);
                seen.add(new Seen(
                        clock.instant(), fake.method(), fake.path(), fake.queryParameters(), fake.bearerToken()));
                try {
                    route.handle(fake);
                } catch (Exception e) {
                    if (!fake.answered()) {
                        fake.json(500, Map.of("error", "fake_failure", "detail", String.valueOf(e.getMessage())));
                    }
                }
                if (!fake.answered()) {
                    fake.json(404, Map.of("error", "not_found"));
                }
            } catch (IOException | RuntimeException e) {
                exchange.close();
            }
        });
        return this;
    }

    public FakeHttpServer start() {
        server.start();
        return this;
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public URI baseUri() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort());
    }

    public URI uri(String path) {
        return URI.create(baseUri() + path);
    }

    /** Every request so far, in arrival order. */
    public List<Seen> requests() {
        return new ArrayList<>(seen);
    }

    /** The requests whose path starts with {@code pathPrefix}. */
    public List<Seen> requests(String pathPrefix) {
        return seen.stream().filter(s -> s.path().startsWith(pathPrefix)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
