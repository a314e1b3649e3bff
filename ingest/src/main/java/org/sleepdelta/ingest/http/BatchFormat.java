package org.sleepdelta.ingest.http;

import java.util.Locale;

/** How a canonical batch is written, from its {@code Content-Type}. */
enum BatchFormat {
    /** One record object, or an array of them. */
    JSON,
    /** One record object per line; blank lines are skipped. */
    NDJSON;

    static BatchFormat of(String contentType) {
        if (contentType == null) {
            throw unsupported();
        }
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip().toLowerCase(Locale.ROOT).replace("\"", "");
            if (parameter.startsWith("charset=") && !parameter.equals("charset=utf-8")) {
                throw unsupported();
            }
        }
        return switch (parts[0].strip().toLowerCase(Locale.ROOT)) {
            case "application/json" -> JSON;
            case "application/x-ndjson" -> NDJSON;
            default -> throw unsupported();
        };
    }

    private static ApiException unsupported() {
        return Errors.unsupportedMediaType("Content-Type must be application/json or application/x-ndjson" + " (UTF-8)")
                .exception();
    }
}
