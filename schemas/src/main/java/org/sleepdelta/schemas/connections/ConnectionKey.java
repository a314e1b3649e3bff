package org.sleepdelta.schemas.connections;

import java.util.List;
import java.util.Objects;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.schemas.Ids;

/**
 * Key of {@code connections} and {@code connection-requests}: one client's connection to one vendor, written
 * {@code clinicId/clientId/vendor}. A client has at most one connection per vendor.
 *
 * @param vendor the vendor's path name, one of {@link #VENDORS}
 */
public record ConnectionKey(String clinicId, String clientId, String vendor) {
    /** The vendors a clinic can connect, by the path name the HTTP API uses ({@code /connections/{vendor}}). */
    public static final List<String> VENDORS = List.of("oura", "withings", "garmin", "fitbit");

    public ConnectionKey {
        Ids.require("clinicId", clinicId);
        Ids.require("clientId", clientId);
        Objects.requireNonNull(vendor, "vendor");
        if (!VENDORS.contains(vendor)) {
            throw new IllegalArgumentException("vendor must be one of " + String.join(", ", VENDORS));
        }
    }

    public static ConnectionKey of(ClientKey client, String vendor) {
        return new ConnectionKey(client.clinicId(), client.clientId(), vendor);
    }

    public static ConnectionKey parse(String text) {
        Objects.requireNonNull(text, "key");
        String[] parts = text.split("/", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException(
                    "connection key must be clinicId/clientId/vendor, got " + parts.length + " parts");
        }
        return new ConnectionKey(parts[0], parts[1], parts[2]);
    }

    public ClientKey client() {
        return new ClientKey(clinicId, clientId);
    }

    @Override
    public String toString() {
        return clinicId + "/" + clientId + "/" + vendor;
    }
}
