package org.sleepdelta.ingest.vendor.applehealth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sleepdelta.ingest.vendor.Fixtures.CLIENT;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.CollectingSink;
import org.sleepdelta.ingest.vendor.Fixtures;
import org.sleepdelta.ingest.vendor.PayloadException;

/** What the adapter accepts as a whole: the zip or the XML, and what it refuses. */
class AppleHealthPayloadTest {

    private final AppleHealthAdapter adapter = new AppleHealthAdapter();

    private CollectingSink normalise(byte[] payload) throws IOException, PayloadException {
        CollectingSink sink = new CollectingSink();
        adapter.normalise(new ByteArrayInputStream(payload), CLIENT, sink);
        return sink;
    }

    private static byte[] zip(String... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                zip.putNextEntry(new ZipEntry(namesAndContents[i]));
                zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void healthAppZipGivesTheSameRecordsAsItsExportXml() throws Exception {
        // given the Health app's layout: export_cda.xml before export.xml, and a workout route after it
        String xml = new String(Fixtures.bytes("apple-health/export.xml"), StandardCharsets.UTF_8);
        byte[] zip = zip(
                "apple_health_export/export_cda.xml",
                "<ClinicalDocument/>",
                "apple_health_export/export.xml",
                xml,
                "apple_health_export/workout-routes/route_2026-03-04_6.31pm.gpx",
                "<gpx/>");

        // when
        CollectingSink fromZip = normalise(zip);
        CollectingSink fromXml = normalise(Fixtures.bytes("apple-health/export.xml"));

        // then
        assertThat(fromZip.records).hasSize(5).isEqualTo(fromXml.records);
        assertThat(fromZip.problems).isEqualTo(fromXml.problems);
    }

    @Test
    void zipWithoutExportXmlIsAPayloadException() throws Exception {
        // given
        byte[] zip = zip("apple_health_export/export_cda.xml", "<ClinicalDocument/>");

        // when / then
        assertThatThrownBy(() -> normalise(zip))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("no export.xml");
    }

    @Test
    void damagedZipIsAPayloadException() throws Exception {
        // given a zip whose compressed data is cut off half way
        String xml = new String(Fixtures.bytes("apple-health/export.xml"), StandardCharsets.UTF_8);
        byte[] whole = zip("apple_health_export/export.xml", xml);
        byte[] damaged = Arrays.copyOf(whole, whole.length / 3);

        // when / then
        assertThatThrownBy(() -> normalise(damaged)).isInstanceOf(PayloadException.class);
    }

    @Test
    void textThatIsNotXmlIsAPayloadException() {
        // when / then
        assertThatThrownBy(() -> normalise("{\"sleep\": []}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("not well-formed");
    }

    @Test
    void bytesThatAreNotUtf8AreAPayloadExceptionNotAnUploadFailure() {
        // given an export declaring UTF-8 with bytes C3 28 (an invalid sequence) in an attribute
        byte[] head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<HealthData><ExportDate value=\""
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\"/></HealthData>\n".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream xml = new ByteArrayOutputStream();
        xml.writeBytes(head);
        xml.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28});
        xml.writeBytes(tail);

        // when / then
        assertThatThrownBy(() -> normalise(xml.toByteArray()))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("not well-formed");
    }

    @Test
    void xmlWithAnotherRootIsAPayloadException() {
        // when / then
        assertThatThrownBy(() ->
                        normalise("<ClinicalDocument><Record/></ClinicalDocument>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("<HealthData>");
    }

    @Test
    void emptyPayloadIsAPayloadException() {
        // when / then
        assertThatThrownBy(() -> normalise(new byte[0]))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void exportCutOffHalfWayIsAPayloadException() {
        // given
        byte[] whole = Fixtures.bytes("apple-health/export.xml");
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);

        // when / then
        assertThatThrownBy(() -> normalise(cut)).isInstanceOf(PayloadException.class);
    }

    @Test
    void externalEntityIsNeverResolved(@TempDir Path dir) throws Exception {
        // given a secret file and an export whose DTD declares it as an external entity used in a sourceName
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-CONTENT");
        String xml =
                "<?xml version=\"1.0\"?>\n<!DOCTYPE HealthData [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
                        + "<HealthData><Record type=\"HKCategoryTypeIdentifierSleepAnalysis\" sourceName=\"&xxe;\" "
                        + "startDate=\"2026-03-02 23:00:00 +0100\" endDate=\"2026-03-03 07:00:00 +0100\" "
                        + "value=\"HKCategoryValueSleepAnalysisAsleepUnspecified\"/></HealthData>";

        // when / then: the entity is undeclared as far as the parser is concerned, and nothing leaks
        assertThatThrownBy(() -> normalise(xml.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(PayloadException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("TOP-SECRET"));
    }

    @Test
    void entityExpansionBombIsRefusedAtOnce() {
        // given "billion laughs": ten levels of ten-fold entity expansion
        StringBuilder dtd = new StringBuilder("<!ENTITY l0 \"lol\">");
        for (int i = 1; i <= 10; i++) {
            dtd.append("<!ENTITY l")
                    .append(i)
                    .append(" \"")
                    .append(("&l" + (i - 1) + ";").repeat(10))
                    .append("\">");
        }
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE HealthData [" + dtd + "]>\n<HealthData><Record type=\"&l10;\" "
                + "sourceName=\"x\" startDate=\"2026-03-02 23:00:00 +0100\" endDate=\"2026-03-03 07:00:00 +0100\"/></HealthData>";

        // when / then
        assertThatThrownBy(() -> normalise(xml.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(PayloadException.class);
    }

    @Test
    void failureToReadTheUploadIsAnIoErrorNotABadPayload() {
        // given an upload stream that breaks after its first kilobyte, as a dropped connection would
        byte[] xml = Fixtures.bytes("apple-health/export.xml");
        InputStream breaking = new InputStream() {
            private int read;

            @Override
            public int read() throws IOException {
                if (read == 1024) {
                    throw new IOException("connection reset");
                }
                return xml[read++] & 0xff;
            }
        };

        // when / then
        assertThatThrownBy(() -> adapter.normalise(breaking, CLIENT, new CollectingSink()))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(PayloadException.class)
                .hasMessage("connection reset");
    }

    @Test
    void escapedDeviceAttributesDoNotRunIntoTheJdksAccumulatedEntityLimit() throws Exception {
        // given the JDK limit lowered to 1,000 characters (its default of 50 million is reached by multi-GB exports)
        // and 60 Watch nights: 60 x 7 records x 4 escapes (&lt;&lt; … &gt; … &gt;) = 1,680 expansions
        ExportXml export = new ExportXml();
        for (int i = 0; i < 60; i++) {
            export.watchNight(LocalDate.of(2026, 1, 1).plusDays(i));
        }
        String previous = System.getProperty("jdk.xml.totalEntitySizeLimit");
        System.setProperty("jdk.xml.totalEntitySizeLimit", "1000");
        try {
            // when
            CollectingSink sink = new CollectingSink();
            adapter.normalise(
                    new ByteArrayInputStream(export.bytes()),
                    new AdapterContext("clinic-berlin", "c0001", ExportXml.BERLIN),
                    sink);

            // then
            assertThat(sink.records).hasSize(60);
        } finally {
            if (previous == null) {
                System.clearProperty("jdk.xml.totalEntitySizeLimit");
            } else {
                System.setProperty("jdk.xml.totalEntitySizeLimit", previous);
            }
        }
    }

    @Test
    void callersStreamIsLeftOpen() throws Exception {
        // given a stream that records whether it was closed
        boolean[] closed = {false};
        ByteArrayInputStream payload = new ByteArrayInputStream(Fixtures.bytes("apple-health/export.xml")) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        // when
        adapter.normalise(payload, CLIENT, new CollectingSink());

        // then
        assertThat(closed[0]).isFalse();
    }
}
