package org.sleepdelta.ingest.connect;

import java.net.URI;
import java.util.Objects;

/**
 * Our registration with one vendor, and where its API is: every URL is a setting, so that the fakes of the vendors'
 * APIs (module {@code vendor-fakes}) serve the tests and the demo, and a vendor moving an endpoint needs no release.
 *
 * @param vendor            the connection's vendor path name ({@code oura}, {@code withings}, {@code garmin},
 *                          {@code fitbit})
 * @param clientId          our OAuth client id at the vendor
 * @param clientSecret      our OAuth client secret; also signs the vendor's webhooks (Oura, Fitbit). Never logged
 * @param authorizeUrl      the vendor's authorization endpoint, which the client's browser opens
 * @param tokenUrl          the vendor's token endpoint
 * @param apiUrl            the base of the vendor's data API
 * @param requestsPerMinute how many API requests per minute the vendor allows our app in all, shared by every ingest
 *                          instance
 * @param webhookKey        a secret the vendor's webhook calls must carry, for vendors that sign nothing (Garmin: a
 *                          {@code key} query parameter of the registered push URL); null for none. Never logged
 */
public record VendorApp(
        String vendor,
        String clientId,
        String clientSecret,
        URI authorizeUrl,
        URI tokenUrl,
        URI apiUrl,
        int requestsPerMinute,
        String webhookKey) {
    public VendorApp {
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(authorizeUrl, "authorizeUrl");
        Objects.requireNonNull(tokenUrl, "tokenUrl");
        Objects.requireNonNull(apiUrl, "apiUrl");
        if (requestsPerMinute < 1) {
            throw new IllegalArgumentException("requestsPerMinute must be positive");
        }
    }

    /** Without a webhook key. */
    public VendorApp(
            String vendor,
            String clientId,
            String clientSecret,
            URI authorizeUrl,
            URI tokenUrl,
            URI apiUrl,
            int requestsPerMinute) {
        this(vendor, clientId, clientSecret, authorizeUrl, tokenUrl, apiUrl, requestsPerMinute, null);
    }

    public VendorApp withWebhookKey(String key) {
        return new VendorApp(vendor, clientId, clientSecret, authorizeUrl, tokenUrl, apiUrl, requestsPerMinute, key);
    }

    @Override
    public String toString() {
        return "VendorApp[" + vendor + ", client " + clientId + ", <secret>, " + apiUrl + "]";
    }
}
