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
        switch (code) {
            case 400:
                return "INVALID_ARGUMENT";
            case 401:
                return "UNAUTHENTICATED";
            case 403:
                return "PERMISSION_DENIED";
            case 404:
                return "NOT_FOUND";
            case 429:
                return "RESOURCE_EXHAUSTED";
            case 503:
                return "UNAVAILABLE";
            default:
                return code >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
        }
    }

    static Map<String, Object> oauth(String error, String description) {
        return Map.of("error", error, "error_description", description);
    }
}
