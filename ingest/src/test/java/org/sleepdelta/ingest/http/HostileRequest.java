package org.sleepdelta.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    private Supplier<InputStream> body = () -> InputStream.nullInputStream();
    private long length;

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

    HttpResponse send(int port, Duration timeout) {
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

    @Override
    public String toString() {
        return "POST " + target;
    }
}
