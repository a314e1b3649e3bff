package org.sleepdelta.dashboard.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Prometheus's HTTP API (v1), for tests: each call returns the whole JSON answer ({@code status}, {@code data} or
 * {@code errorType} and {@code error}), also when Prometheus refused the request (HTTP 400, 422).
 */
public final class PrometheusApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public PrometheusApi(URI base) {
        this.base = base;
    }

    /** {@code POST /api/v1/query} (as Grafana's datasource sends it, {@code httpMethod: POST}) at that time. */
    public JsonNode query(String promQl, Instant time) throws IOException, InterruptedException {
        String form =
                "query=" + URLEncoder.encode(promQl, StandardCharsets.UTF_8) + "&time=" + time.toEpochMilli() / 1000.0;
        return send(HttpRequest.newBuilder(base.resolve("/api/v1/query"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** {@code GET /api/v1/targets?state=active}. */
    public JsonNode activeTargets() throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("/api/v1/targets?state=active"))
                .GET());
    }

    /** {@code GET /api/v1/rules}: every group with its rules, their health, last error and (alerts) state. */
    public JsonNode rules() throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("/api/v1/rules")).GET());
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IOException(
                    "Prometheus answered HTTP " + response.statusCode() + " without JSON: " + response.body(), e);
        }
    }
}
