package org.sleepdelta.ingest.connect.withings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.sleepdelta.ingest.connect.RetryAfter;
import org.sleepdelta.ingest.connect.VendorException;
import org.sleepdelta.ingest.connect.VendorException.Kind;

/**
 * One form-encoded POST to a Withings action endpoint, and the classification of its outcome
 * (docs/connections/withings.md#errors). Withings answers HTTP 200 with {@code {"status": <code>, "body": {..}}}, so
 * the classification reads the body's status as well as the HTTP one: 0 success; 601 too many requests; 100-102,
 * 200 and 401 an invalid token; 2555 and the 5xx codes of the HTTP status a server failure. On the token endpoint a
 * refused grant is INVALID_GRANT whatever code carries it (Withings reports a bad code or refresh token as 503
 * "invalid params"). Messages name the call and the status, never a token or a body.
 */
final class WithingsHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Set<Integer> INVALID_TOKEN = Set.of(100, 101, 102, 200, 401);
    private static final int TOO_MANY_REQUESTS = 601;
    private static final int UNKNOWN_ERROR = 2555;

    /** The answer's {@code body}, and the raw bytes (which the sleep adapter reads as they are). */
    @SuppressWarnings("ArrayRecordComponent") // never compared or hashed: handed on once as the page's payload
    record Answer(JsonNode body, byte[] raw) {}

    private final HttpClient http;
    private final Clock clock;

    WithingsHttp(HttpClient http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    Answer post(URI uri, Map<String, String> form, String bearer, String call, boolean tokenEndpoint)
            throws VendorException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new VendorException(
                    Kind.NETWORK, 0, "withings " + call + ": " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VendorException(Kind.NETWORK, 0, "withings " + call + ": interrupted");
        }
        int httpStatus = response.statusCode();
        Duration retryAfter =
                RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock);
        if (httpStatus == 429) {
            throw new VendorException(Kind.RATE_LIMITED, httpStatus, retryAfter, "withings " + call + ": HTTP 429");
        }
        if (httpStatus >= 500) {
            throw new VendorException(Kind.SERVER, httpStatus, "withings " + call + ": HTTP " + httpStatus);
        }
        if (httpStatus == 401) {
            throw new VendorException(
                    tokenEndpoint ? Kind.INVALID_GRANT : Kind.UNAUTHORIZED,
                    httpStatus,
                    "withings " + call + ": HTTP 401");
        }
        if (httpStatus == 403) {
            throw new VendorException(Kind.FORBIDDEN, httpStatus, "withings " + call + ": HTTP 403");
        }
        if (httpStatus < 200 || httpStatus > 299) {
            throw new VendorException(Kind.BAD_RESPONSE, httpStatus, "withings " + call + ": HTTP " + httpStatus);
        }
        JsonNode root;
        try {
            root = JSON.readTree(response.body());
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.path("status").canConvertToInt()) {
            throw new VendorException(Kind.BAD_RESPONSE, httpStatus, "withings " + call + ": the answer has no status");
        }
        int status = root.path("status").asInt();
        if (status == 0) {
            return new Answer(root.path("body"), response.body());
        }
        String message = "withings " + call + ": status " + status;
        if (status == TOO_MANY_REQUESTS) {
            throw new VendorException(Kind.RATE_LIMITED, httpStatus, retryAfter, message);
        }
        if (status == UNKNOWN_ERROR || (status >= 500 && status < 600 && status != 503)) {
            throw new VendorException(Kind.SERVER, httpStatus, message);
        }
        if (tokenEndpoint) {
            throw new VendorException(Kind.INVALID_GRANT, httpStatus, message);
        }
        if (INVALID_TOKEN.contains(status)) {
            throw new VendorException(Kind.UNAUTHORIZED, httpStatus, message);
        }
        throw new VendorException(Kind.BAD_RESPONSE, httpStatus, message);
    }

    static String encode(Map<String, String> form) {
        StringJoiner body = new StringJoiner("&");
        form.forEach((name, value) -> body.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return body.toString();
    }
}
