package org.sleepdelta.ingest.connect.oura;

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
import java.util.StringJoiner;
import java.util.regex.Pattern;
import org.sleepdelta.ingest.connect.RetryAfter;
import org.sleepdelta.ingest.connect.VendorException;
import org.sleepdelta.ingest.connect.VendorException.Kind;

/**
 * Sends one request to Oura and classifies every failure (docs/connections/oura.md#errors): 429 with
 * {@code Retry-After}, 5xx, 401, 403, {@code invalid_grant} from the token endpoint, I/O failures and unreadable
 * answers. Messages name the call, the status and Oura's error code, never a token or a body.
 */
final class OuraHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** An error code is quoted in messages only if it looks like one, so no body text can leak through it. */
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z_]{1,40}");

    private final HttpClient http;
    private final Clock clock;

    OuraHttp(HttpClient http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(TIMEOUT);
    }

    static HttpRequest.BodyPublisher form(Map<String, String> parameters) {
        StringJoiner body = new StringJoiner("&");
        parameters.forEach((name, value) -> body.add(encode(name) + "=" + encode(value)));
        return HttpRequest.BodyPublishers.ofString(body.toString());
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The body of a 2xx answer; every other outcome as a classified exception. */
    byte[] send(HttpRequest request, String call, boolean tokenEndpoint) throws VendorException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new VendorException(
                    Kind.NETWORK, 0, "oura " + call + ": " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VendorException(Kind.NETWORK, 0, "oura " + call + ": interrupted");
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response.body();
        }
        String code = errorCode(response.body());
        String message = "oura " + call + ": HTTP " + status + (code == null ? "" : " " + code);
        if (status == 429) {
            Duration retryAfter = RetryAfter.parse(
                    response.headers().firstValue("Retry-After").orElse(null), clock);
            throw new VendorException(Kind.RATE_LIMITED, status, retryAfter, message);
        }
        if (status >= 500) {
            throw new VendorException(Kind.SERVER, status, message);
        }
        if (tokenEndpoint && "invalid_grant".equals(code)) {
            throw new VendorException(Kind.INVALID_GRANT, status, message);
        }
        if (tokenEndpoint && status == 401) {
            // invalid_client: our registration is wrong, which no refresh can fix; back off until it is corrected
            throw new VendorException(Kind.FORBIDDEN, status, message);
        }
        if (status == 401) {
            throw new VendorException(Kind.UNAUTHORIZED, status, message);
        }
        if (status == 403) {
            throw new VendorException(Kind.FORBIDDEN, status, message);
        }
        throw new VendorException(Kind.BAD_RESPONSE, status, message);
    }

    /** Reads a 2xx body as JSON, else BAD_RESPONSE. */
    static JsonNode json(byte[] body, String call) throws VendorException {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new VendorException(Kind.BAD_RESPONSE, 200, "oura " + call + ": the answer is not JSON");
        }
    }

    /** RFC 6749's {@code error}, else RFC 7807's {@code title} when it is code-like; null otherwise. */
    private static String errorCode(byte[] body) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null) {
                return null;
            }
            String code = root.path("error").asText(null);
            return code != null && ERROR_CODE.matcher(code).matches() ? code : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
