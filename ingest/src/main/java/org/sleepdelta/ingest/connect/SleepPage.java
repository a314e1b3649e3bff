package org.sleepdelta.ingest.connect;

import java.util.Objects;

/**
 * One page of a user's sleep data, exactly as the vendor's API returned it: the bytes the vendor's adapter reads, so
 * that a pulled night is byte-for-byte the record an upload of the same payload to {@code POST
 * /v1/wearables/{vendor}/sleep} gives.
 *
 * @param payload        the response body (for vendors whose documents need a second call, the adapter's input as the
 *                       connector assembled it, documented per vendor)
 * @param adapterVendor  the path name of the adapter that reads it ({@code oura}, {@code withings}, {@code garmin},
 *                       {@code google-health})
 * @param nextPageCursor the vendor's cursor for the next page of the same window, null on the last page
 */
public record SleepPage(byte[] payload, String adapterVendor, String nextPageCursor) {
    public SleepPage {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(adapterVendor, "adapterVendor");
    }
}
