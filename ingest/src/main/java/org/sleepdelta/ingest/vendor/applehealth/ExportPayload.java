package org.sleepdelta.ingest.vendor.applehealth;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.sleepdelta.ingest.vendor.PayloadException;

/**
 * Finds {@code export.xml} in what the client uploaded: the raw file, or the Health app's {@code export.zip}, whose
 * entry ({@code apple_health_export/export.xml}, or any entry named {@code export.xml}) is streamed straight out of
 * the archive: nothing is extracted to disk or held in memory. The caller's stream is never closed here.
 */
final class ExportPayload {
    private static final int BUFFER = 1 << 16;

    private ExportPayload() {}

    static InputStream exportXml(InputStream payload) throws IOException, PayloadException {
        BufferedInputStream in = new BufferedInputStream(new NotClosing(payload), BUFFER);
        in.mark(4);
        byte[] head = in.readNBytes(4);
        in.reset();
        if (head.length == 0) {
            throw new PayloadException("the payload is empty; expected Apple Health's export.zip or export.xml");
        }
        return isZip(head) ? entry(new ZipInputStream(in)) : in;
    }

    /** Local file header or empty-archive signature: {@code PK\3\4} or {@code PK\5\6}. */
    private static boolean isZip(byte[] head) {
        return head.length == 4
                && head[0] == 'P'
                && head[1] == 'K'
                && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
    }

    private static InputStream entry(ZipInputStream zip) throws IOException, PayloadException {
        try {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (!e.isDirectory() && isExportXml(e.getName())) {
                    return zip;
                }
            }
        } catch (ZipException e) {
            throw new PayloadException("the zip archive is damaged and cannot be read", e);
        }
        throw new PayloadException("the zip archive has no export.xml; expected the Health app's export.zip");
    }

    private static boolean isExportXml(String name) {
        return name.equals("export.xml") || name.endsWith("/export.xml");
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
