package org.sleepdelta.ingest.connect.fitbit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.sleepdelta.ingest.connect.RetryAfter;
import org.sleepdelta.ingest.connect.VendorException;
import org.sleepdelta.ingest.connect.VendorException.Kind;

/**
 * Classifies a failed Google call. Google's APIs answer {@code {"error": {"code", "message", "status"}}}
 * ({@code google.rpc.Status}), its OAuth endpoints {@code {"error": "invalid_grant", "error_description"}}; only the
 * fixed error code goes into the message, never the description or the body, which may echo a token.
 */
final class GoogleFailures {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VENDOR = "fitbit (Google Health API)";

    private GoogleFailures() {}

    static VendorException of(String call, HttpResponse<byte[]> response, Clock clock) {
        int status = response.statusCode();
        String code = errorCode(response.body()).orElse("");
        String message = VENDOR + " " + call + ": HTTP " + status + (code.isEmpty() ? "" : " " + code);
        if (status == 429) {
            return new VendorException(Kind.RATE_LIMITED, status, retryAfter(response, clock), message);
        }
        if ("invalid_grant".equals(code)) {
            return new VendorException(Kind.INVALID_GRANT, status, message);
        }
        if ("invalid_client".equals(code) || "unauthorized_client".equals(code)) {
            // our client id or secret is wrong or disabled: backing off is right, refreshing or re-consenting is not
            return new VendorException(Kind.FORBIDDEN, status, message);
        }
        if (status == 401) {
            return new VendorException(Kind.UNAUTHORIZED, status, message);
        }
        if (status == 403) {
            return new VendorException(Kind.FORBIDDEN, status, message);
        }
        if (status >= 500) {
            return new VendorException(Kind.SERVER, status, message);
        }
        // any other 4xx (a filter or page token Google refuses, invalid_client): our request or registration is wrong
        return new VendorException(Kind.BAD_RESPONSE, status, message);
    }

    static VendorException network(String call, IOException e) {
        return new VendorException(
                Kind.NETWORK, 0, VENDOR + " " + call + ": " + e.getClass().getSimpleName());
    }

    static VendorException interrupted(String call) {
        Thread.currentThread().interrupt();
        return new VendorException(Kind.NETWORK, 0, VENDOR + " " + call + ": interrupted");
    }

    static VendorException unreadable(String call, int status, String what) {
        return new VendorException(Kind.BAD_RESPONSE, status, VENDOR + " " + call + ": HTTP " + status + " " + what);
    }

    static Duration retryAfter(HttpResponse<?> response, Clock clock) {
        return RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock);
    }

    private static Optional<String> errorCode(byte[] body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            if (error.isTextual()) {
                return Optional.of(safe(error.textValue()));
            }
            if (error.path("status").isTextual()) {
                return Optional.of(safe(error.path("status").textValue()));
            }
        } catch (IOException | RuntimeException e) {
            // no JSON error body: the status says enough
        }
        return Optional.empty();
    }

    /** Error codes are short upper/lower-case words; anything else is not echoed. */
    private static String safe(String code) {
        return code.matches("[A-Za-z_]{1,40}") ? code : "";
    }
}
