package org.sleepdelta.ingest.http;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.sleepdelta.ingest.auth.ApiKeyFormat;
import org.sleepdelta.ingest.auth.ApiKeyPrincipal;
import org.sleepdelta.ingest.auth.ApiKeys;
import org.sleepdelta.ingest.auth.AuthFailureLimiter;
import org.sleepdelta.ingest.auth.Scope;
import org.sleepdelta.ingest.auth.StoredApiKey;

/**
 * The caller, from {@code Authorization: Bearer <key>}, checked in this order:
 *
 * <ol>
 *   <li>an address blocked for too many failures gets 429 with Retry-After, whatever key it sends;
 *   <li>no key, or one not shaped {@code sdk_} + 43 base64url characters: 401, without hashing or lookup;
 *   <li>an unknown key: 401; an expired one: 401;
 *   <li>a key without the scope the route needs: 403 {@code forbidden_scope}.
 * </ol>
 *
 * Every failure is counted by reason ({@link IngestMetrics#AUTH_FAILURES}); those of steps 2 and 3 count towards the
 * address's block. The accepted key's label is kept on the request for the request log.
 */
final class Authentication {
    private static final String SCHEME = "bearer ";
    /** Request attribute: the accepted key's label, for {@link RequestLog}. */
    static final String KEY_LABEL = "sleepdelta.keyLabel";

    private final ApiKeys keys;
    private final AuthFailureLimiter limiter;
    private final IngestMetrics metrics;
    private final Clock clock;

    Authentication(ApiKeys keys, AuthFailureLimiter limiter, IngestMetrics metrics, Clock clock) {
        this.keys = keys;
        this.limiter = limiter;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * @param needed the scope the route needs
     * @throws ApiException 429, 401 or 403 as above
     */
    ApiKeyPrincipal authenticate(Context ctx, Scope needed) {
        return authenticate(ctx, needed, null);
    }

    /**
     * As {@link #authenticate(Context, Scope)}, for routes that either scope opens (reading connections: {@code read}
     * or {@code write}); a key with neither gets 403 naming {@code needed}.
     */
    ApiKeyPrincipal authenticate(Context ctx, Scope needed, Scope orElse) {
        String address = ctx.ip();
        Optional<Duration> blocked = limiter.blocked(address);
        if (blocked.isPresent()) {
            metrics.authFailed(IngestMetrics.AuthFailure.RATE_LIMITED);
            throw Errors.tooManyAuthFailures(blocked.get()).exception();
        }
        String key = presentedKey(ctx);
        if (key == null || !ApiKeyFormat.isWellFormed(key)) {
            throw failed(address, IngestMetrics.AuthFailure.MALFORMED, Errors.unauthorized());
        }
        Optional<StoredApiKey> stored = keys.find(key);
        if (stored.isEmpty()) {
            throw failed(address, IngestMetrics.AuthFailure.UNKNOWN, Errors.unauthorized());
        }
        if (stored.get().expiredAt(clock.instant())) {
            throw failed(address, IngestMetrics.AuthFailure.EXPIRED, Errors.expiredKey());
        }
        ApiKeyPrincipal principal = stored.get().principal();
        ctx.attribute(KEY_LABEL, principal.label());
        if (!principal.may(needed) && (orElse == null || !principal.may(orElse))) {
            // The key is genuine: this is not guessing, so it does not count towards a block.
            metrics.authFailed(IngestMetrics.AuthFailure.SCOPE);
            throw Errors.forbiddenScope(needed).exception();
        }
        return principal;
    }

    private ApiException failed(String address, IngestMetrics.AuthFailure reason, ApiError error) {
        limiter.failed(address);
        metrics.authFailed(reason);
        return error.exception();
    }

    private static String presentedKey(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null
                || header.length() <= SCHEME.length()
                || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        return header.substring(SCHEME.length()).strip();
    }
}
