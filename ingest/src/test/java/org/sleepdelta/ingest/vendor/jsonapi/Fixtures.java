package org.sleepdelta.ingest.vendor.jsonapi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.NormalisedSink;
import org.sleepdelta.ingest.vendor.PayloadException;
import org.sleepdelta.ingest.vendor.VendorAdapter;

/** Vendor payload fixtures under {@code src/test/resources/vendor/}, and running an adapter over them. */
public final class Fixtures {
    private Fixtures() {}

    public static InputStream open(String name) {
        InputStream in = Fixtures.class.getResourceAsStream("/vendor/" + name);
        if (in == null) {
            throw new IllegalArgumentException("no fixture vendor/" + name);
        }
        return in;
    }

    public static InputStream text(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }

    public static CollectingSink run(VendorAdapter adapter, String fixture, AdapterContext context)
            throws PayloadException {
        try (InputStream in = open(fixture)) {
            return run(adapter, in, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CollectingSink run(VendorAdapter adapter, InputStream payload, AdapterContext context)
            throws PayloadException {
        CollectingSink sink = new CollectingSink();
        normalise(adapter, payload, context, sink);
        return sink;
    }

    public static void normalise(
            VendorAdapter adapter, InputStream payload, AdapterContext context, NormalisedSink sink)
            throws PayloadException {
        try {
            adapter.normalise(payload, context, sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
