package org.sleepdelta.ingest.connect.web;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.sleepdelta.ingest.connect.VendorApp;
import org.sleepdelta.platform.config.Configuration;
import org.sleepdelta.platform.config.Setting;

/**
 * The settings of our registration with one vendor: {@code <vendor>-client-id} (which turns the vendor on),
 * {@code <vendor>-client-secret} (secret; SLEEPDELTA_<VENDOR>_CLIENT_SECRET), and where its API is, each URL a setting
 * so that the fakes of {@code vendor-fakes} can stand in for the vendor.
 */
record VendorAppSettings(
        String vendor,
        Setting<String> clientId,
        Setting<String> clientSecret,
        Setting<URI> authorizeUrl,
        Setting<URI> tokenUrl,
        Setting<URI> apiUrl,
        Setting<Integer> requestsPerMinute) {

    static VendorAppSettings of(
            String vendor, String authorizeUrl, String tokenUrl, String apiUrl, int requestsPerMinute) {
        return new VendorAppSettings(
                vendor,
                Setting.string(vendor + "-client-id").optional(),
                Setting.string(vendor + "-client-secret").secret().optional(),
                ConnectionConfiguration.url(vendor + "-authorize-url").withDefault(authorizeUrl),
                ConnectionConfiguration.url(vendor + "-token-url").withDefault(tokenUrl),
                ConnectionConfiguration.url(vendor + "-api-url").withDefault(apiUrl),
                Setting.integer(vendor + "-requests-per-minute", 1, 1_000_000)
                        .withDefault(Integer.toString(requestsPerMinute)));
    }

    List<Setting<?>> all() {
        return List.of(clientId, clientSecret, authorizeUrl, tokenUrl, apiUrl, requestsPerMinute);
    }

    /**
     * The vendor's app when its client id is set.
     *
     * @throws IllegalArgumentException naming the setting when only one of the id and the secret is set
     */
    Optional<VendorApp> read(Configuration config) {
        Optional<String> id = config.find(clientId);
        Optional<String> secret = config.find(clientSecret);
        if (id.isPresent() && secret.isEmpty()) {
            throw new IllegalArgumentException(clientSecret.key() + " (" + clientSecret.environmentVariable()
                    + ") is required with " + clientId.key() + ": the token endpoint authenticates us with both");
        }
        if (id.isEmpty() && secret.isPresent()) {
            throw new IllegalArgumentException(clientSecret.key() + " is set but " + clientId.key()
                    + " is not: set both to connect " + vendor + ", or neither");
        }
        return id.map(clientIdValue -> new VendorApp(
                vendor,
                clientIdValue,
                secret.orElseThrow(),
                config.get(authorizeUrl),
                config.get(tokenUrl),
                config.get(apiUrl),
                config.get(requestsPerMinute)));
    }
}
