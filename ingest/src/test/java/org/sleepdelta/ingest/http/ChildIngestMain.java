package org.sleepdelta.ingest.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.sleepdelta.ingest.vendor.VendorAdapters;
import org.sleepdelta.platform.config.ConfigLoader;
import org.sleepdelta.schemas.kafka.CanonicalRecords;

/**
 * Runs the ingest service as {@code ./sleepdelta ingest} does (every real vendor adapter, settings from SLEEPDELTA_*
 * variables), in a JVM of its own so that a test can cap its heap ({@link ChildJvmIngest}). It writes the port it
 * listens on to the file named by its first argument (the sleep, session and rejection topics follow), and stops when its standard input ends, so that it never outlives
 * the test JVM that started it.
 */
public final class ChildIngestMain {
    private ChildIngestMain() {}

    public static void main(String[] args) throws IOException {
        Path portFile = Path.of(args[0]);
        IngestSettings settings = IngestConfiguration.settings(ConfigLoader.of(IngestConfiguration.ALL)
                .environment(System.getenv())
                .load());
        IngestWiring wiring = IngestWiring.production()
                .vendors(VendorAdapters::forVendor)
                .topics(new CanonicalRecords(args[1], args[2], args[3]))
                .clientKeysTopic(args[4]);
        try (IngestService service = new IngestService(settings, wiring)) {
            service.start();
            Path next = portFile.resolveSibling(portFile.getFileName() + ".next");
            Files.writeString(next, Integer.toString(service.port()), StandardCharsets.UTF_8);
            Files.move(next, portFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            System.in.transferTo(OutputStream.nullOutputStream());
        }
    }
}
