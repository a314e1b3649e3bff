package org.sleepdelta.ingest.http;

/** Ends a request with an {@link ApiError}; handlers throw it, the server writes it. */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ApiError error;

    public ApiException(ApiError error) {
        super(error.error() + ": " + error.message(), null, false, false);
        this.error = error;
    }

    public ApiError error() {
        return error;
    }
}
