package org.sleepdelta.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.sleepdelta.schemas.json.CanonicalJson;

/** Real HTTP to a running service, with the JDK's client. */
final class IngestClient {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    IngestClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** A request being built: {@code client.post("/v1/sleep-records").key(k).json(body).send()}. */
    final class Call {
        private final String method;
        private final String path;
        private final List<String> headers = new ArrayList<>();
        private byte[] body = new byte[0];
        private boolean chunked;

        private Call(String method, String path) {
            this.method = method;
            this.path = path;
        }

        Call key(String apiKey) {
            return header("Authorization", "Bearer " + apiKey);
        }

        Call header(String name, String value) {
            headers.add(name);
            headers.add(value);
            return this;
        }

        Call json(JsonNode node) {
            return body(CanonicalJson.line(node).getBytes(StandardCharsets.UTF_8), "application/json");
        }

        Call ndjson(String text) {
            return body(text.getBytes(StandardCharsets.UTF_8), "application/x-ndjson");
        }

        Call body(byte[] bytes, String contentType) {
            this.body = bytes;
            return contentType == null ? this : header("Content-Type", contentType);
        }

        /** Sends the body without a Content-Length, so the server learns its size only by reading it. */
        Call chunked() {
            this.chunked = true;
            return this;
        }

        Call gzip() {
            this.body = IngestClient.gzip(body);
            return header("Content-Encoding", "gzip");
        }

        HttpResponse send() {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(60))
                    .method(
                            method,
                            body.length == 0 && (method.equals("GET") || method.equals("DELETE"))
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : chunked
                                            ? HttpRequest.BodyPublishers.ofInputStream(
                                                    () -> new ByteArrayInputStream(body))
                                            : HttpRequest.BodyPublishers.ofByteArray(body));
            for (int i = 0; i < headers.size(); i += 2) {
                request.header(headers.get(i), headers.get(i + 1));
            }
            long started = System.nanoTime();
            try {
                java.net.http.HttpResponse<byte[]> response =
                        http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                JsonNode json = null;
                try {
                    json = CanonicalJson.mapper().readTree(response.body());
                } catch (IOException notJson) {
                    // left null: the test will say so
                }
                return new HttpResponse(response.statusCode(), response.headers(), json, elapsed);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    Call post(String path) {
        return new Call("POST", path);
    }

    Call get(String path) {
        return new Call("GET", path);
    }

    Call delete(String path) {
        return new Call("DELETE", path);
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
