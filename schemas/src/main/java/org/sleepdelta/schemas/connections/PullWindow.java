package org.sleepdelta.schemas.connections;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A pull in progress: the nights {@code from..to} (inclusive) and the vendor's cursor of the next page, null for the
 * first. Stored with the connection in the transaction that writes each page's records, so that a puller that dies
 * mid-pull resumes at the page after the last one committed: no gap, no duplicate.
 */
public record PullWindow(LocalDate from, LocalDate to, String pageCursor) {
    public PullWindow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("a pull window must not end before it starts");
        }
    }

    public PullWindow nextPage(String cursor) {
        return new PullWindow(from, to, cursor);
    }
}
