package org.sleepdelta.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.sleepdelta.schemas.json.CanonicalJson;

/**
 * One request of the hostile corpus, built before the service it goes to is known: a path with its query, headers, and
 * a body that is either bytes or a stream made when sent (so that large inputs are generated, never held). A streamed
 * body goes without a Content-Length (chunked), so the server learns its size only by reading it.
 */
final class HostileRequest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String target;
    private final List<String> headers = new ArrayList<>();
    private static final ScheduledExecutorService TRICKLERS = Executors.newScheduledThreadPool(4, r -> {
        Thread thread = new Thread(r, "hostile-trickle");
        thread.setDaemon(true);
        return thread;
    });

    private Supplier<InputStream> body = () -> InputStream.nullInputStream();
    private long length;
    private Trickle trickle;

    /** A body declared as {@code declared} bytes of which {@code bytesPerTick} spaces go out every {@code period}. */
    private record Trickle(int declared, String start, int bytesPerTick, Duration period) {}

    private HostileRequest(String target) {
        this.target = target;
    }

    /** {@code target} is the path and query, e.g. {@code /v1/wearables/oura/sleep?clientId=c1}. */
    static HostileRequest post(String target) {
        return new HostileRequest(target);
    }

    HostileRequest key(String apiKey) {
        return header("Authorization", "Bearer " + apiKey);
    }

    HostileRequest header(String name, String value) {
        headers.add(name);
        headers.add(value);
        return this;
    }

    HostileRequest json(JsonNode node) {
        return bytes(CanonicalJson.line(node).getBytes(StandardCharsets.UTF_8), "application/json");
    }

    HostileRequest bytes(byte[] bytes, String contentType) {
        this.body = () -> new ByteArrayInputStream(bytes);
        this.length = bytes.length;
        return header("Content-Type", contentType);
    }

    /** A body generated while it is sent, of unknown length. */
    HostileRequest stream(Supplier<InputStream> stream, String contentType) {
        this.body = stream;
        this.length = -1;
        return header("Content-Type", contentType);
    }

    /**
     * Declares a body of {@code declared} bytes, sends {@code start}, then {@code bytesPerTick} spaces every {@code
     * period} (none: it stalls) until the server answers. Sent over a plain socket: the JDK's client paces nothing.
     */
    HostileRequest trickle(int declared, String start, int bytesPerTick, Duration period) {
        this.trickle = new Trickle(declared, start, bytesPerTick, period);
        return this;
    }

    HttpResponse send(int port, Duration timeout) {
        if (trickle != null) {
            return sendTrickling(port);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
                .timeout(timeout)
                .POST(
                        length >= 0
                                ? HttpRequest.BodyPublishers.fromPublisher(
                                        HttpRequest.BodyPublishers.ofInputStream(body), length)
                                : HttpRequest.BodyPublishers.ofInputStream(body));
        for (int i = 0; i < headers.size(); i += 2) {
            request.header(headers.get(i), headers.get(i + 1));
        }
        long started = System.nanoTime();
        try {
            java.net.http.HttpResponse<byte[]> response =
                    HTTP.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = null;
            try {
                json = CanonicalJson.mapper().readTree(response.body());
            } catch (IOException notJson) {
                // left null: the case will say so
            }
            return new HttpResponse(
                    response.statusCode(), response.headers(), json, Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse sendTrickling(int port) {
        long started = System.nanoTime();
        StringBuilder head = new StringBuilder("POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (int i = 0; i < headers.size(); i += 2) {
            head.append(headers.get(i)).append(": ").append(headers.get(i + 1)).append("\r\n");
        }
        head.append("Content-Length: ")
                .append(trickle.declared())
                .append("\r\n\r\n")
                .append(trickle.start());
        byte[] chunk = new byte[trickle.bytesPerTick()];
        Arrays.fill(chunk, (byte) ' ');
        ScheduledFuture<?> sending = null;
        try (RawHttp upload = new RawHttp(port)) {
            upload.send(head.toString());
            if (chunk.length > 0) {
                long period = trickle.period().toMillis();
                sending = TRICKLERS.scheduleAtFixedRate(
                        () -> {
                            try {
                                upload.send(chunk);
                            } catch (IOException closed) {
                                throw new UncheckedIOException(closed); // ends this schedule
                            }
                        },
                        period,
                        period,
                        TimeUnit.MILLISECONDS);
            }
            RawHttp.Response response = upload.response();
            Map<String, List<String>> responseHeaders = new HashMap<>();
            response.headers().forEach((name, value) -> responseHeaders.put(name, List.of(value)));
            return new HttpResponse(
                    response.status(),
                    HttpHeaders.of(responseHeaders, (name, value) -> true),
                    response.json(),
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (sending != null) {
                sending.cancel(false);
            }
        }
    }

    @Override
    public String toString() {
        return "POST " + target;
    }
}
