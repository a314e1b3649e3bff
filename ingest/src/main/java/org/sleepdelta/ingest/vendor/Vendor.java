package org.sleepdelta.ingest.vendor;

import java.util.Arrays;
import java.util.Optional;
import org.sleepdelta.avro.SleepSource;

/** The wearable vendors whose own payloads we accept, with the path segment the HTTP API names them by. */
public enum Vendor {
    FITBIT("fitbit", SleepSource.FITBIT),
    OURA("oura", SleepSource.OURA),
    GARMIN("garmin", SleepSource.GARMIN),
    WITHINGS("withings", SleepSource.WITHINGS),
    APPLE_HEALTH("apple-health", SleepSource.APPLE_HEALTH),
    HEALTH_CONNECT("health-connect", SleepSource.HEALTH_CONNECT),
    OPEN_MHEALTH("open-mhealth", SleepSource.OPEN_MHEALTH),
    /** Fitbit and Pixel Watch sleep through the Google Health API, which replaced the Fitbit Web API. */
    GOOGLE_HEALTH("google-health", SleepSource.FITBIT);

    private final String pathName;
    private final SleepSource source;

    Vendor(String pathName, SleepSource source) {
        this.pathName = pathName;
        this.source = source;
    }

    public String pathName() {
        return pathName;
    }

    public SleepSource source() {
        return source;
    }

    public static Optional<Vendor> byPathName(String name) {
        return Arrays.stream(values()).filter(v -> v.pathName.equals(name)).findFirst();
    }
}
