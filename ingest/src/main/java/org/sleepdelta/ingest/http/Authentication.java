package org.sleepdelta.ingest.http;

import io.javalin.http.Context;
import org.sleepdelta.ingest.auth.ApiKeys;

/** The caller's clinic, from {@code Authorization: Bearer <key>}; 401 without a known key. */
final class Authentication {
    private static final String SCHEME = "bearer ";

    private final ApiKeys keys;

    Authentication(ApiKeys keys) {
        this.keys = keys;
    }

    String clinicOf(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null
                || header.length() <= SCHEME.length()
                || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw Errors.unauthorized().exception();
        }
        String key = header.substring(SCHEME.length()).strip();
        return keys.clinicFor(key).orElseThrow(() -> Errors.unauthorized().exception());
    }
}
