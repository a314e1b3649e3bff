package org.sleepdelta.ingest.vendor.applehealth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opt-in, not part of {@code mvn verify}: {@code mvn -B -o -pl ingest verify -Papple-health-1gb}. Writes a realistic
 * multi-source export of 1 GiB (about 12 years of a Watch wearer's data) to a temp file, imports it in a child JVM
 * whose heap is capped at 256 MB, checks every night and nap came out, and reports time and memory to stdout and
 * {@code ingest/target/apple-health-1gb.txt}. Size and cap can be changed with {@code -DappleHealth.bytes=…} and
 * {@code -DappleHealth.heap=…}; {@code -DappleHealth.zip=true} imports it as the Health app's {@code export.zip}.
 */
class AppleHealthOneGigabyteBenchmark {

    @Test
    void oneGigabyteMultiSourceExportImportsWithin256MegabytesOfHeap(@TempDir Path dir) throws Exception {
        // given
        long target = Long.getLong("appleHealth.bytes", 1L << 30);
        String heap = System.getProperty("appleHealth.heap", "256m");
        Path export = dir.resolve("export.xml");
        long start = System.nanoTime();
        SyntheticExport.Summary written = SyntheticExport.write(export, target, 7);
        Path upload = Boolean.getBoolean("appleHealth.zip") ? zipped(export, dir.resolve("export.zip")) : export;
        double generateSeconds = (System.nanoTime() - start) / 1e9;

        // when
        Map<String, String> measured = ChildJvmImport.run(upload, heap, dir, 30);

        // then
        String report = String.format(
                Locale.ROOT,
                "Apple Health import benchmark%n  export.xml: %d bytes (%.2f GiB), %d days, written in %.1f s%n"
                        + "  uploaded as: %s (%d bytes)%n  heap cap: -Xmx%s%n  import: %s%n",
                written.bytes(),
                written.bytes() / (double) (1L << 30),
                written.days(),
                generateSeconds,
                upload.getFileName(),
                Files.size(upload),
                heap,
                measured.get("line"));
        System.out.print(report);
        Files.writeString(Path.of("target", "apple-health-1gb.txt"), report);
        assertThat(written.bytes()).isGreaterThanOrEqualTo(target);
        assertThat(Long.parseLong(measured.get("mains"))).as(report).isEqualTo(written.nights());
        assertThat(Long.parseLong(measured.get("naps"))).as(report).isEqualTo(written.naps());
        assertThat(Long.parseLong(measured.get("problems"))).as(report).isZero();
    }

    /** The Health app's layout: apple_health_export/export.xml, deflated, streamed (never in memory). */
    private static Path zipped(Path xml, Path zip) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(zip), 1 << 16))) {
            out.putNextEntry(new ZipEntry("apple_health_export/export.xml"));
            Files.copy(xml, out);
            out.closeEntry();
        }
        return zip;
    }
}
