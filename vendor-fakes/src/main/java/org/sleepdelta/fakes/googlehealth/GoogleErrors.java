package org.sleepdelta.fakes.googlehealth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Google's JSON error bodies: the API's {@code google.rpc.Status} ({@code {"error": {"code", "message", "status"}}}),
 * and the OAuth endpoints' RFC 6749 {@code {"error", "error_description"}}.
 */
final class GoogleErrors {
    private GoogleErrors() {}

    static Map<String, Object> api(int code, String status, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("status", status);
        return Map.of("error", error);
    }

    /** The canonical status name Google gives an HTTP status. */
    static String statusName(int code) {
        return switch (code) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 503 -> "UNAVAILABLE";
            default -> code >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
        };
    }

    static Map<String, Object> oauth(String error, String description) {
        return Map.of("error", error, "error_description", description);
    }
}
