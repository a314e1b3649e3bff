package org.sleepdelta.ingest.http;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One entry of the hostile corpus: what is sent (given the hostile caller's API key), and the precise answer expected:
 * a status, our JSON {@code error} code (null for a success), and optionally more to check on the response. A case
 * may send {@code copies} of its request at once; then each gets the expected answer or, past the clinic's quota of
 * slots, 429 {@code clinic_busy}.
 */
record HostileCase(
        String category,
        String name,
        Function<String, HostileRequest> request,
        int copies,
        int status,
        String error,
        Consumer<HttpResponse> then) {

    static Builder of(String category, String name, Function<String, HostileRequest> request) {
        return new Builder(category, name, request, 1);
    }

    /** {@code copies} of the request at once. */
    static Builder concurrent(String category, String name, int copies, Function<String, HostileRequest> request) {
        return new Builder(category, name, request, copies);
    }

    @Override
    public String toString() {
        return category + ": " + name;
    }

    static final class Builder {
        private final String category;
        private final String name;
        private final Function<String, HostileRequest> request;
        private final int copies;

        private Builder(String category, String name, Function<String, HostileRequest> request, int copies) {
            this.category = category;
            this.name = name;
            this.request = request;
            this.copies = copies;
        }

        HostileCase expect(int status, String error) {
            return expect(status, error, response -> {});
        }

        HostileCase expect(int status, String error, Consumer<HttpResponse> then) {
            return new HostileCase(category, name, request, copies, status, error, then);
        }
    }
}
