package org.sleepdelta.fakes;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The client's browser in tests and the demo: opens a connection link with the consenting user named ({@code
 * fake_user}), follows the fake vendor's redirect back to our callback, and returns the page the callback showed.
 */
public final class ScriptedBrowser {
    /** Where the browser ended, and what it showed. */
    public record Visit(URI finalUri, int status, String page) {}

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** Opens {@code authorizationUrl} as {@code vendorUserId} consenting, following redirects to the end. */
    public Visit consent(URI authorizationUrl, String vendorUserId) throws IOException, InterruptedException {
        String separator = authorizationUrl.getRawQuery() == null ? "?" : "&";
        URI asUser = URI.create(authorizationUrl + separator + "fake_user="
                + java.net.URLEncoder.encode(vendorUserId, java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(asUser)
                        .timeout(Duration.ofSeconds(60))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Visit(response.uri(), response.statusCode(), response.body());
    }
}
