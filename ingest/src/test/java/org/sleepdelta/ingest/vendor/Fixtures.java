package org.sleepdelta.ingest.vendor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.ZoneId;

/** Test payloads under src/test/resources/vendor and the client they are uploaded for. */
public final class Fixtures {
    public static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    public static final AdapterContext CLIENT = new AdapterContext("clinic-berlin", "c0001", BERLIN);

    private Fixtures() {}

    public static byte[] bytes(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/vendor/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
