package org.sleepdelta.ingest.connect.garmin;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sleepdelta.fakes.FakeOAuth;
import org.sleepdelta.fakes.garmin.FakeGarmin;
import org.sleepdelta.ingest.connect.VendorAccount;
import org.sleepdelta.ingest.connect.VendorApp;
import org.sleepdelta.platform.testing.MutableClock;

/** A fake Garmin on loopback, our connector pointed at it, and the consent dance a client's browser does. */
final class GarminFixture implements AutoCloseable {
    static final URI REDIRECT = URI.create("https://sleepdelta.example/v1/connections/callback");
    // RFC 7636 appendix B
    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    final MutableClock clock;
    final FakeGarmin garmin;
    final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    final VendorApp app;
    final GarminConnector connector;

    GarminFixture(Instant now) {
        this(now, null);
    }

    GarminFixture(Instant now, String webhookKey) {
        clock = new MutableClock(now);
        garmin = new FakeGarmin(clock, "consumer-key", "consumer-secret");
        app = new VendorApp(
                "garmin",
                "consumer-key",
                "consumer-secret",
                garmin.authorizeUrl(),
                garmin.tokenUrl(),
                garmin.apiUrl(),
                100);
        connector = new GarminConnector(app, http, clock, webhookKey);
    }

    /** The browser at the consent screen as {@code user}: where Garmin redirects it (not followed). */
    URI consent(String user, String state) throws Exception {
        URI url = connector.authorizationUrl(state, FakeOAuth.s256(VERIFIER), REDIRECT);
        HttpResponse<Void> response = http.send(
                HttpRequest.newBuilder(URI.create(url + "&fake_user=" + user))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 302) {
            throw new AssertionError("consent answered " + response.statusCode());
        }
        return URI.create(response.headers().firstValue("Location").orElseThrow());
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&", -1)) {
            int eq = pair.indexOf('=');
            query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    VendorAccount connect(String user) throws Exception {
        String code = query(consent(user, "state-" + user)).get("code");
        return connector.exchangeCode(code, VERIFIER, REDIRECT);
    }

    @Override
    public void close() {
        garmin.close();
    }
}
