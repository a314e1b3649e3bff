package org.sleepdelta.ingest.connect.oura;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The consent step of a test's OAuth flow: opens the authorization URL as the named user without following the
 * redirect, and reads the callback's parameters from {@code Location}. Shared by the Oura and Withings tests.
 */
public final class OAuthBrowser {
    private static final HttpClient NO_REDIRECTS = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private OAuthBrowser() {}

    /** The query parameters of the redirect back to our callback ({@code code}, {@code state}). */
    public static Map<String, String> consent(URI authorizationUrl, String vendorUserId) throws Exception {
        URI asUser = URI.create(authorizationUrl + "&fake_user=" + vendorUserId);
        HttpResponse<Void> response = NO_REDIRECTS.send(
                HttpRequest.newBuilder(asUser)
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 302) {
            throw new IllegalStateException("consent answered " + response.statusCode());
        }
        URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
        Map<String, String> parameters = new HashMap<>();
        for (String pair : location.getRawQuery().split("&", -1)) {
            int eq = pair.indexOf('=');
            parameters.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        parameters.put("_location", location.getScheme() + "://" + location.getAuthority() + location.getPath());
        return parameters;
    }
}
