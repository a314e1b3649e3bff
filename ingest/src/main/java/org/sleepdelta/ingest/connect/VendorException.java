package org.sleepdelta.ingest.connect;

import java.time.Duration;
import java.util.Objects;

/**
 * A vendor call that failed, classified so the owner knows what to do: wait ({@link Kind#RATE_LIMITED}, honouring
 * {@link #retryAfter}), back off ({@link Kind#SERVER}, {@link Kind#NETWORK}, {@link Kind#FORBIDDEN}), refresh the
 * access token ({@link Kind#UNAUTHORIZED}), or stop and ask for a new consent ({@link Kind#INVALID_GRANT}). The message
 * names the vendor, the call and the HTTP status and error code, never a token and never the body.
 */
public final class VendorException extends Exception {
    public enum Kind {
        RATE_LIMITED("rate_limited"),
        SERVER("server"),
        FORBIDDEN("forbidden"),
        /** The access token is expired or invalid: refresh, then retry once. */
        UNAUTHORIZED("unauthorized"),
        /** The refresh token (or the code) is invalid, expired, reused or revoked: REAUTH_REQUIRED. */
        INVALID_GRANT("invalid_grant"),
        NETWORK("network"),
        BAD_RESPONSE("bad_response");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** As metrics and {@code ConnectionError.kind} write it. */
        public String label() {
            return label;
        }
    }

    private final Kind kind;
    private final int status;
    private final Duration retryAfter;

    /**
     * @param status     the HTTP status, 0 when there was no response
     * @param retryAfter the vendor's {@code Retry-After} (or its equivalent), null when it gave none
     */
    public VendorException(Kind kind, int status, Duration retryAfter, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public VendorException(Kind kind, int status, String message) {
        this(kind, status, null, message);
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    /** Null when the vendor did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
