package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sleepdelta.ingest.vendor.VendorAdapters;

/**
 * Zip bombs over real HTTP, into the real Apple Health adapter: 413 export_too_large, and the one slot is free for the
 * next upload at once. The limits are lowered (1MB, 10 entries) so that the bombs are small.
 */
class ExportLimitsIT {
    private static final String UPLOAD = "/v1/wearables/apple-health/sleep?clientId=zip-1&timezone=UTC";
    private static RunningIngest ingest;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        // one slot: an upload that kept it would turn the next one away
        ingest = RunningIngest.builder()
                .setting("max-concurrent-batches", "1")
                .setting("max-export-uncompressed-bytes", "1MB")
                .setting("max-export-entries", "10")
                .wiring(w -> w.vendors(VendorAdapters::forVendor))
                .start();
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    @Test
    void zipBombIsRefusedAndItsSlotIsFreeForTheNextUpload() throws IOException {
        // given 64 MB of export.xml deflated to some 64 KB (about 1000:1)
        byte[] bomb = bomb(64);
        assertThat(bomb.length).isLessThan(100_000);

        // when
        HttpResponse response = upload(bomb);

        // then
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.error()).isEqualTo("export_too_large");
        assertThat(response.json().get("message").asText())
                .isEqualTo("the export expands beyond max-export-uncompressed-bytes (1048576 bytes)");
        assertThat(response.json().get("problems")).isEmpty();
        assertThat(ingest.slotsInUse()).isZero();
        HttpResponse next = upload(zip(0));
        assertThat(next.status()).as("%s", next.json()).isEqualTo(202);
    }

    @Test
    void zipWithTooManyEntriesBeforeExportXmlIsRefusedAndItsSlotIsFree() throws IOException {
        // when
        HttpResponse response = upload(zip(50));

        // then
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.error()).isEqualTo("export_too_large");
        assertThat(response.json().get("message").asText())
                .isEqualTo("the export has more than max-export-entries (10) entries before export.xml");
        assertThat(ingest.slotsInUse()).isZero();
        HttpResponse next = upload(zip(5));
        assertThat(next.status()).as("%s", next.json()).isEqualTo(202);
    }

    private static HttpResponse upload(byte[] zip) {
        return ingest.client
                .post(UPLOAD)
                .key(ingest.key)
                .body(zip, "application/zip")
                .send();
    }

    /** An export.zip whose export.xml is megabytes of spaces inside an XML comment, so the parser reads on. */
    private static byte[] bomb(int megabytes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("apple_health_export/export.xml"));
            zip.write("<?xml version=\"1.0\"?><HealthData><!--".getBytes(StandardCharsets.UTF_8));
            byte[] spaces = new byte[1 << 16];
            Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < megabytes * 16; i++) {
                zip.write(spaces);
            }
            zip.write("--></HealthData>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** An export.xml with the iPhone's night before last: in bed 23:00-07:00, asleep 23:15-06:45 UTC. */
    private static byte[] exportXml() {
        LocalDate night = LocalDate.now(ZoneOffset.UTC).minusDays(2);
        DateTimeFormatter apple = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z", Locale.ROOT);
        String record = " <Record type=\"HKCategoryTypeIdentifierSleepAnalysis\" sourceName=\"iPhone\""
                + " startDate=\"%s\" endDate=\"%s\" value=\"HKCategoryValueSleepAnalysis%s\"/>\n";
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<HealthData locale=\"en_GB\">\n"
                + record.formatted(
                        apple.format(night.atTime(23, 0).atOffset(ZoneOffset.UTC)),
                        apple.format(night.plusDays(1).atTime(7, 0).atOffset(ZoneOffset.UTC)),
                        "InBed")
                + record.formatted(
                        apple.format(night.atTime(23, 15).atOffset(ZoneOffset.UTC)),
                        apple.format(night.plusDays(1).atTime(6, 45).atOffset(ZoneOffset.UTC)),
                        "AsleepUnspecified")
                + "</HealthData>\n";
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    /** A valid export.xml in an export.zip, after {@code entriesBefore} empty entries. */
    private static byte[] zip(int entriesBefore) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < entriesBefore; i++) {
                zip.putNextEntry(new ZipEntry("apple_health_export/workout-routes/route_" + i + ".gpx"));
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("apple_health_export/export.xml"));
            zip.write(exportXml());
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
