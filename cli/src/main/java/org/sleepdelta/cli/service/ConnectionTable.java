package org.sleepdelta.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/** A client's connections as {@code connect --list} prints them: one line each, columns aligned. */
final class ConnectionTable {
    private static final String FORMAT = "%-9s %-16s %-21s %-14s %s%n";

    private ConnectionTable() {}

    static void print(JsonNode connections, PrintWriter out) {
        if (connections.isEmpty()) {
            out.println("No connections.");
            return;
        }
        out.printf(FORMAT, "VENDOR", "STATUS", "LAST SUCCESS", "SYNCED THROUGH", "LAST ERROR");
        for (JsonNode c : connections) {
            JsonNode error = c.path("lastError");
            out.printf(
                    FORMAT,
                    c.path("vendor").asText(),
                    c.path("status").asText(),
                    text(c.path("lastSuccessAt")),
                    text(c.path("syncedThrough")),
                    error.isObject()
                            ? error.path("kind").asText() + " at "
                                    + error.path("at").asText() + ": "
                                    + error.path("detail").asText()
                            : "-");
        }
    }

    private static String text(JsonNode value) {
        return value.isNull() || value.isMissingNode() ? "-" : value.asText();
    }
}
