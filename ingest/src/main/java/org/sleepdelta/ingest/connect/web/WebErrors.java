package org.sleepdelta.ingest.connect.web;

import java.time.Duration;
import org.sleepdelta.ingest.http.ApiError;
import org.sleepdelta.ingest.http.ApiException;

/** The connection routes' errors, in the API's one error shape ({@link ApiError}). */
final class WebErrors {
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private WebErrors() {}

    static ApiException disabled() {
        return ApiError.of(404, "connections_disabled", ConnectionConfiguration.howToEnable())
                .exception();
    }

    static ApiException unknownVendor(String known) {
        return ApiError.of(404, "not_found", "no such vendor; vendors that can be connected are " + known)
                .exception();
    }

    static ApiException vendorNotConfigured(String vendor) {
        return ApiError.of(
                        404,
                        "vendor_not_configured",
                        vendor + " is not configured on this service: set " + vendor + "-client-id and " + vendor
                                + "-client-secret (docs/connections.md)")
                .exception();
    }

    static ApiException invalidRequest(String message) {
        return ApiError.of(400, "invalid_request", message).exception();
    }

    static ApiException invalidBody(String message) {
        return ApiError.of(400, "invalid_body", message).exception();
    }

    static ApiException notFound(String message) {
        return ApiError.of(404, "not_found", message).exception();
    }

    static ApiException kafkaUnavailable() {
        return ApiError.of(
                        503,
                        "kafka_unavailable",
                        "Kafka did not answer in time; nothing was changed, retry after Retry-After")
                .retryAfter(RETRY_AFTER)
                .exception();
    }

    static ApiException bodyTooLarge(int maxBytes) {
        return ApiError.of(413, "body_too_large", "the request body is larger than " + maxBytes + " bytes")
                .exception();
    }
}
