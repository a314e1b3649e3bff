package org.sleepdelta.ingest.vendor.support;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import org.sleepdelta.ingest.vendor.PayloadException;

/**
 * How vendor JSON payloads are parsed: Jackson's limits, with strings capped far below its default of 20 million
 * characters. No vendor field holds more than a few thousand characters (Oura's 30-second movement string is the
 * longest), while one string of 19 MB, well within max-wearable-body-bytes, takes several times its size in heap as
 * it is read: enough to exhaust a service's heap with a single upload.
 */
public final class PayloadJson {
    /** The longest string (value or field name) a vendor payload may hold. */
    public static final int MAX_STRING_CHARS = 1 << 20;

    private PayloadJson() {}

    /** A factory with these limits, which leaves the caller's stream open. */
    public static JsonFactory factory() {
        return JsonFactory.builder()
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(MAX_STRING_CHARS)
                        .build())
                .build();
    }

    /** Jackson's message names only the limit passed (nesting depth, number or string length), never the input. */
    public static PayloadException limitExceeded(StreamConstraintsException e) {
        return new PayloadException("the payload exceeds a limit of JSON: " + e.getOriginalMessage(), e);
    }
}
