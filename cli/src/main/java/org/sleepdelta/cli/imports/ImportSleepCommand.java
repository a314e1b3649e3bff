package org.sleepdelta.cli.imports;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sleepdelta.cli.run.Progress;
import org.sleepdelta.ingest.importer.ImportTarget;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.PayloadException;
import org.sleepdelta.ingest.vendor.Vendor;
import org.sleepdelta.ingest.vendor.VendorAdapter;
import org.sleepdelta.ingest.vendor.VendorAdapters;
import org.sleepdelta.schemas.Ids;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "sleep",
        mixinStandardHelpOptions = true,
        description =
                "Imports one client's sleep from wearable vendor files (API responses or exports) through the same "
                        + "adapters as POST /v1/wearables/{vendor}/sleep.")
public final class ImportSleepCommand implements Callable<Integer> {
    @Option(
            names = "--vendor",
            required = true,
            converter = VendorConverter.class,
            description = "fitbit, oura, garmin, withings, apple-health, health-connect or open-mhealth.")
    Vendor vendor;

    @Option(names = "--clinic", required = true, description = "The clinic the client belongs to.")
    String clinicId;

    @Option(names = "--client", required = true, description = "The client the files belong to.")
    String clientId;

    @Option(names = "--timezone", description = "IANA zone placing local times without offset (required for Fitbit).")
    Optional<String> timezone;

    @Mixin
    ImportOutput output;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Vendor payload files.")
    List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Ids.isValid(clinicId) || !Ids.isValid(clientId)) {
            err.println("--clinic and --client must match " + Ids.PATTERN.pattern());
            return 2;
        }
        ZoneId zone = null;
        if (timezone.isPresent()) {
            if (!ZoneId.getAvailableZoneIds().contains(timezone.get())) {
                err.println("--timezone must be an IANA time zone id such as Europe/Berlin");
                return 2;
            }
            zone = ZoneId.of(timezone.get());
        }
        Optional<VendorAdapter> adapter = VendorAdapters.forVendor(vendor);
        if (adapter.isEmpty()) {
            err.println("no adapter for " + vendor.pathName() + " yet");
            return 2;
        }
        AdapterContext context = new AdapterContext(clinicId, clientId, zone);
        Progress progress = new Progress(err);
        ImportTarget target = output.open(out, err);
        int unreadable = 0;
        try (target) {
            for (int i = 0; i < files.size(); i++) {
                Path file = files.get(i);
                progress.update("files", i, files.size(), file.getFileName().toString());
                try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                    adapter.get().normalise(in, context, target.forPayload(file));
                } catch (PayloadException e) {
                    unreadable++;
                    err.println(file.getFileName() + ": " + e.getMessage());
                }
            }
            progress.update("files", files.size(), files.size(), "");
        } finally {
            progress.finish();
            output.close();
        }
        err.println("import sleep: " + target.summary()
                + (unreadable == 0 ? "" : "; " + unreadable + " unreadable file(s)"));
        return unreadable == 0 ? 0 : 1;
    }

    /** Accepts the API's path names (apple-health) as well as the enum names (APPLE_HEALTH). */
    static final class VendorConverter implements picocli.CommandLine.ITypeConverter<Vendor> {
        @Override
        public Vendor convert(String value) {
            return Vendor.byPathName(value.toLowerCase(Locale.ROOT))
                    .or(() -> Arrays.stream(Vendor.values())
                            .filter(v -> v.name().equalsIgnoreCase(value))
                            .findFirst())
                    .orElseThrow(() -> new picocli.CommandLine.TypeConversionException("unknown vendor '" + value
                            + "'; one of fitbit, oura, garmin, withings, apple-health, health-connect, open-mhealth"));
        }
    }
}
