package org.sleepdelta.ingest.connect;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import org.sleepdelta.ingest.connect.fitbit.FitbitConnector;
import org.sleepdelta.ingest.connect.garmin.GarminConnector;
import org.sleepdelta.ingest.connect.oura.OuraConnector;
import org.sleepdelta.ingest.connect.withings.WithingsConnector;

/** The connector of each vendor a clinic can connect, built for our registration with it. */
public final class VendorConnectors {
    /**
     * One client for every vendor call: connections are pooled per host, and redirects are never followed, since a
     * vendor API that redirects a token request is misconfigured, not something to follow with credentials.
     */
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private VendorConnectors() {}

    /**
     * @throws IllegalArgumentException naming the vendor when it is not one we can connect
     */
    public static VendorConnector forApp(VendorApp app, Clock clock) {
        return switch (app.vendor()) {
            case "oura" -> new OuraConnector(app, HTTP, clock);
            case "withings" -> new WithingsConnector(app, HTTP, clock);
            case "garmin" -> new GarminConnector(app, HTTP, clock, app.webhookKey());
            case "fitbit" -> new FitbitConnector(app, HTTP, clock);
            default -> throw new IllegalArgumentException("no connector for vendor " + app.vendor());
        };
    }
}
