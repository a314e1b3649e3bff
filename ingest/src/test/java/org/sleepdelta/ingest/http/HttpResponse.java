package org.sleepdelta.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A response as a test sees it: status, headers, the body as JSON (null if it is not), and how long it took. */
record HttpResponse(int status, HttpHeaders headers, JsonNode json, Duration elapsed) {
    Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    String error() {
        return json == null || json.get("error") == null
                ? null
                : json.get("error").asText();
    }

    /** The problems as {@code index/field/reason} or {@code location/field/reason} strings, for exact comparisons. */
    List<String> problems() {
        return problemsIn("problems");
    }

    /** A list in the shape of problems (e.g. {@code skipped}) as {@link #problems()} gives them. */
    List<String> problemsIn(String name) {
        ArrayList<String> list = new ArrayList<>();
        json.get(name)
                .forEach(p -> list.add((p.has("index")
                                ? p.get("index").asText()
                                : p.get("location").asText()) + "/"
                        + (p.has("field") ? p.get("field").asText() : "-") + "/"
                        + p.get("reason").asText()));
        return list;
    }
}
