package org.sleepdelta.schemas;

import java.util.Objects;
import org.sleepdelta.avro.MetricWindow;

/** Key of the dashboard topic: {@code clinicId/clientId/sessionId/WINDOW}. */
public record MetricKey(String clinicId, String clientId, String sessionId, MetricWindow window) {
    public MetricKey {
        Ids.require("clinicId", clinicId);
        Ids.require("clientId", clientId);
        Ids.require("sessionId", sessionId);
        Objects.requireNonNull(window, "window");
    }

    public ClientKey client() {
        return new ClientKey(clinicId, clientId);
    }

    public static MetricKey parse(String text) {
        Objects.requireNonNull(text, "key");
        String[] parts = text.split("/", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException(
                    "metric key must be clinicId/clientId/sessionId/WINDOW, got " + parts.length + " parts");
        }
        return new MetricKey(parts[0], parts[1], parts[2], MetricWindow.valueOf(parts[3]));
    }

    @Override
    public String toString() {
        return clinicId + "/" + clientId + "/" + sessionId + "/" + window;
    }
}
