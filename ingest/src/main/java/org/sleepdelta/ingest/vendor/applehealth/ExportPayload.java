package org.sleepdelta.ingest.vendor.applehealth;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.sleepdelta.ingest.vendor.ExportLimitExceeded;
import org.sleepdelta.ingest.vendor.PayloadException;

/**
 * Finds {@code export.xml} in what the client uploaded: the raw file, or the Health app's {@code export.zip}, whose
 * entry ({@code apple_health_export/export.xml}, or any entry named {@code export.xml}) is streamed straight out of
 * the archive: nothing is extracted to disk or held in memory. The caller's stream is never closed here.
 * <p>
 * A zip is read within limits, so that a small upload cannot hold a request slot for long (a zip bomb): at most
 * {@code maxEntries} entries are scanned for {@code export.xml}, and the entries read (those skipped and
 * {@code export.xml}) may expand to at most {@code maxUncompressedBytes} together; beyond either, reading stops at once with {@link ExportLimitExceeded}.
 */
final class ExportPayload {
    private static final int BUFFER = 1 << 16;

    private ExportPayload() {}

    static InputStream exportXml(InputStream payload, long maxUncompressedBytes, int maxEntries)
            throws IOException, PayloadException {
        BufferedInputStream in = new BufferedInputStream(new NotClosing(payload), BUFFER);
        in.mark(4);
        byte[] head = in.readNBytes(4);
        in.reset();
        if (head.length == 0) {
            throw new PayloadException("the payload is empty; expected Apple Health's export.zip or export.xml");
        }
        return isZip(head) ? entry(new ZipInputStream(in), maxUncompressedBytes, maxEntries) : in;
    }

    /** Local file header or empty-archive signature: {@code PK\3\4} or {@code PK\5\6}. */
    private static boolean isZip(byte[] head) {
        return head.length == 4
                && head[0] == 'P'
                && head[1] == 'K'
                && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
    }

    private static InputStream entry(ZipInputStream zip, long maxUncompressedBytes, int maxEntries)
            throws IOException, PayloadException {
        try {
            // One count over every entry: those skipped are drained through it too, since getNextEntry would
            // otherwise inflate them without limit.
            Expanding expanded = new Expanding(zip, maxUncompressedBytes);
            int entries = 0;
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (++entries > maxEntries) {
                    throw new ExportLimitExceeded("the export has more than max-export-entries (" + maxEntries
                            + ") entries before export.xml");
                }
                if (!e.isDirectory() && isExportXml(e.getName())) {
                    return expanded;
                }
                expanded.transferTo(OutputStream.nullOutputStream());
            }
        } catch (ZipException | EOFException e) {
            throw new PayloadException("the zip archive is damaged or cut short and cannot be read", e);
        } catch (IllegalArgumentException e) {
            // ZipInputStream's way of saying an entry's name is not UTF-8
            throw new PayloadException("the zip archive is damaged: an entry's name cannot be read", e);
        }
        throw new PayloadException("the zip archive has no export.xml; expected the Health app's export.zip");
    }

    private static boolean isExportXml(String name) {
        return name.equals("export.xml") || name.endsWith("/export.xml");
    }

    /**
     * Counts what the entry expands to and fails with {@link ExportLimitExceeded} on the first byte beyond the limit,
     * never asking the inflater for more than one byte past it.
     */
    static final class Expanding extends FilterInputStream {
        private final long limit;
        private long count;

        Expanding(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, (int) Math.min(length, limit - count + 1));
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, limit - count + 1));
            counted(skipped);
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void counted(long n) throws ExportLimitExceeded {
            count += n;
            if (count > limit) {
                throw new ExportLimitExceeded(
                        "the export expands beyond max-export-uncompressed-bytes (" + limit + " bytes)");
            }
        }
    }

    /** Leaves the caller's stream open when our wrappers are closed. */
    private static final class NotClosing extends FilterInputStream {
        NotClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the caller owns the payload stream
        }
    }
}
