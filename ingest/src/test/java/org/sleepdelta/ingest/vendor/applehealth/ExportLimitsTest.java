package org.sleepdelta.ingest.vendor.applehealth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.CollectingSink;
import org.sleepdelta.ingest.vendor.ExportLimitExceeded;
import org.sleepdelta.ingest.vendor.Fixtures;
import org.sleepdelta.ingest.vendor.PayloadException;

/** The limits of max-export-uncompressed-bytes and max-export-entries, lowered; zips are made in memory. */
class ExportLimitsTest {
    private static final long ONE_MB = 1L << 20;

    private final AppleHealthAdapter adapter = new AppleHealthAdapter();

    private static AdapterContext limits(long maxBytes, int maxEntries) {
        return new AdapterContext("clinic-berlin", "c0001", ExportXml.BERLIN, maxBytes, maxEntries);
    }

    /** Counts what is read of the upload itself, so that a test can tell it was not read to the end. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(byte[] bytes) {
            super(new ByteArrayInputStream(bytes));
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b >= 0 ? 1 : 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count += Math.max(n, 0);
            return n;
        }
    }

    /**
     * Megabytes of spaces deflated about 1000:1, in 64 KiB XML comments (so the parser reads on, and no comment
     * reaches SafeXml's text limit first).
     */
    private static byte[] bomb(String name, int megabytes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write("<?xml version=\"1.0\"?><HealthData>".getBytes(StandardCharsets.UTF_8));
            byte[] comment = new byte[1 << 16];
            Arrays.fill(comment, (byte) ' ');
            System.arraycopy("<!--".getBytes(StandardCharsets.UTF_8), 0, comment, 0, 4);
            System.arraycopy("-->".getBytes(StandardCharsets.UTF_8), 0, comment, comment.length - 3, 3);
            for (int i = 0; i < megabytes * 16; i++) {
                zip.write(comment);
            }
            zip.write("</HealthData>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static byte[] zip(int emptyEntriesBefore, byte[] exportXml) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < emptyEntriesBefore; i++) {
                zip.putNextEntry(new ZipEntry("apple_health_export/workout-routes/route_" + i + ".gpx"));
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("apple_health_export/export.xml"));
            zip.write(exportXml);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    void zipBombStopsAtTheLimitWithoutReadingTheWholeEntry() throws Exception {
        // given 100 MB deflated to some 100 KB (more than the payload's read buffer), and a limit of 1 MB
        byte[] bomb = bomb("apple_health_export/export.xml", 100);
        assertThat(bomb.length).isLessThan(200_000);
        Counting upload = new Counting(bomb);
        long start = System.nanoTime();

        // when / then
        assertThatThrownBy(() -> adapter.normalise(upload, limits(ONE_MB, 100), new CollectingSink()))
                .isInstanceOf(ExportLimitExceeded.class)
                .hasMessage("the export expands beyond max-export-uncompressed-bytes (1048576 bytes)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(upload.count).as("compressed bytes read").isLessThan(bomb.length);
    }

    @Test
    void aBombInAnEntryBeforeExportXmlCountsToo() throws Exception {
        // given the bomb in an entry that is skipped on the way to export.xml
        byte[] bomb = bomb("apple_health_export/export_cda.xml", 20);

        // when / then
        assertThatThrownBy(() ->
                        adapter.normalise(new ByteArrayInputStream(bomb), limits(ONE_MB, 100), new CollectingSink()))
                .isInstanceOf(ExportLimitExceeded.class)
                .hasMessageContaining("max-export-uncompressed-bytes");
    }

    @Test
    void moreEntriesThanTheLimitBeforeExportXmlAreRefused() throws Exception {
        // given 50 entries before export.xml, and a limit of 10
        byte[] zip = zip(50, Fixtures.bytes("apple-health/export.xml"));

        // when / then
        assertThatThrownBy(() ->
                        adapter.normalise(new ByteArrayInputStream(zip), limits(ONE_MB, 10), new CollectingSink()))
                .isInstanceOf(ExportLimitExceeded.class)
                .hasMessage("the export has more than max-export-entries (10) entries before export.xml");
    }

    @Test
    void aNormalSmallExportStillWorksWithinLoweredLimits() throws Exception {
        // given
        byte[] zip = zip(5, Fixtures.bytes("apple-health/export.xml"));
        CollectingSink sink = new CollectingSink();

        // when
        adapter.normalise(new ByteArrayInputStream(zip), limits(ONE_MB, 10), sink);

        // then
        assertThat(sink.records).hasSize(5);
    }

    @Test
    void theLimitsDoNotApplyToAPlainExportXml() throws Exception {
        // given an export.xml larger than the (zip) limit
        byte[] xml = Fixtures.bytes("apple-health/export.xml");
        CollectingSink sink = new CollectingSink();

        // when
        adapter.normalise(new ByteArrayInputStream(xml), limits(1024, 1), sink);

        // then
        assertThat(xml.length).isGreaterThan(1024);
        assertThat(sink.records).hasSize(5);
    }

    @Test
    void exceededIsFoundAlongTheCauses() {
        ExportLimitExceeded exceeded = new ExportLimitExceeded("x");
        assertThat(ExportLimitExceeded.find(new PayloadException("wrapped", new IOException(exceeded))))
                .isSameAs(exceeded);
        assertThat(ExportLimitExceeded.find(new PayloadException("other"))).isNull();
    }
}
