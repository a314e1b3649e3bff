package org.sleepdelta.ingest.vendor.jsonapi;

/** Unit conversions into the canonical minutes. */
public final class Minutes {
    private Minutes() {}

    /** Seconds as minutes, null staying null. */
    public static Double ofSeconds(Long seconds) {
        return seconds == null ? null : seconds / 60.0;
    }

    /** Whole minutes as the canonical double, null staying null. */
    public static Double of(Long minutes) {
        return minutes == null ? null : minutes.doubleValue();
    }
}
