package org.sleepdelta.ingest.http;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One entry of the hostile corpus: what is sent (given the hostile caller's API key), and the precise answer expected:
 * a status, our JSON {@code error} code (null for a success), and optionally more to check on the response.
 */
record HostileCase(
        String category,
        String name,
        Function<String, HostileRequest> request,
        int status,
        String error,
        Consumer<HttpResponse> then) {

    static Builder of(String category, String name, Function<String, HostileRequest> request) {
        return new Builder(category, name, request);
    }

    @Override
    public String toString() {
        return category + ": " + name;
    }

    static final class Builder {
        private final String category;
        private final String name;
        private final Function<String, HostileRequest> request;

        private Builder(String category, String name, Function<String, HostileRequest> request) {
            this.category = category;
            this.name = name;
            this.request = request;
        }

        HostileCase expect(int status, String error) {
            return expect(status, error, response -> {});
        }

        HostileCase expect(int status, String error, Consumer<HttpResponse> then) {
            return new HostileCase(category, name, request, status, error, then);
        }
    }
}
