package org.sleepdelta.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One request to a fake, read once, with the answers a vendor API gives: JSON, form, redirects, errors. */
public final class FakeExchange {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpExchange exchange;
    private final byte[] body;
    private final Map<String, String> query;
    private Map<String, String> form;
    private boolean answered;

    FakeExchange(HttpExchange exchange) throws IOException {
        this.exchange = exchange;
        this.body = exchange.getRequestBody().readAllBytes();
        this.query = parseParameters(exchange.getRequestURI().getRawQuery());
    }

    public String method() {
        return exchange.getRequestMethod();
    }

    public String path() {
        return exchange.getRequestURI().getPath();
    }

    public URI uri() {
        return exchange.getRequestURI();
    }

    /** The first value of a query parameter, or null. */
    public String query(String name) {
        return query.get(name);
    }

    public Map<String, String> queryParameters() {
        return query;
    }

    /** The first value of a form parameter of an {@code application/x-www-form-urlencoded} body, or null. */
    public String form(String name) {
        if (form == null) {
            form = parseParameters(new String(body, StandardCharsets.UTF_8));
        }
        return form.get(name);
    }

    /** A query parameter, else a form parameter (vendors such as Withings take either). */
    public String parameter(String name) {
        String value = query(name);
        return value != null ? value : form(name);
    }

    public String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    /** The bearer token of the Authorization header, or null. */
    public String bearerToken() {
        String authorization = header("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    /**
     * The client credentials of an HTTP Basic Authorization header ({@code client_secret_basic}), else of the form
     * ({@code client_secret_post}); null parts when absent.
     */
    public String[] clientCredentials() {
        String authorization = header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded = new String(
                    java.util.Base64.getDecoder()
                            .decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                return new String[] {
                    URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)
                };
            }
        }
        return new String[] {form("client_id"), form("client_secret")};
    }

    public byte[] body() {
        return body.clone();
    }

    public JsonNode jsonBody() throws IOException {
        return JSON.readTree(body);
    }

    public void json(int status, Object value) throws IOException {
        respond(status, "application/json", JSON.writeValueAsBytes(value), Map.of());
    }

    public void json(int status, Object value, Map<String, String> headers) throws IOException {
        respond(status, "application/json", JSON.writeValueAsBytes(value), headers);
    }

    public void redirect(URI location) throws IOException {
        respond(302, null, new byte[0], Map.of("Location", location.toString()));
    }

    /** 429 with {@code Retry-After} in whole seconds, as most vendors send it. */
    public void tooManyRequests(Duration retryAfter, Object body) throws IOException {
        json(429, body, Map.of("Retry-After", Long.toString(Math.max(0, retryAfter.toSeconds()))));
    }

    public void empty(int status) throws IOException {
        respond(status, null, new byte[0], Map.of());
    }

    public void respond(int status, String contentType, byte[] responseBody, Map<String, String> headers)
            throws IOException {
        if (answered) {
            throw new IllegalStateException("answered twice");
        }
        answered = true;
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        boolean noBody = responseBody.length == 0 || method().equals("HEAD") || status == 204;
        exchange.sendResponseHeaders(status, noBody ? -1 : responseBody.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(responseBody);
            }
        }
        exchange.close();
    }

    boolean answered() {
        return answered;
    }

    static Map<String, String> parseParameters(String raw) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    @Override
    public String toString() {
        return method().toUpperCase(Locale.ROOT) + " " + path();
    }
}
