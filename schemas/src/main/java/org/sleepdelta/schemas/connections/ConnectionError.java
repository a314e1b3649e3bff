package org.sleepdelta.schemas.connections;

import java.time.Instant;
import java.util.Objects;

/**
 * The last failure of a connection, as the clinic sees it: never a token, never health data.
 *
 * @param kind   a short word a metric and an alert can use: {@code rate_limited}, {@code server}, {@code forbidden},
 *               {@code unauthorized}, {@code invalid_grant}, {@code network}, {@code bad_response},
 *               {@code invalid_payload}, {@code revoke_failed}
 * @param detail one sentence for a person (the vendor's HTTP status and error code, never its body)
 */
public record ConnectionError(String kind, Instant at, String detail) {
    public ConnectionError {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(detail, "detail");
    }
}
