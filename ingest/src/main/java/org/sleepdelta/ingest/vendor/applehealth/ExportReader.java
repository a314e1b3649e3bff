package org.sleepdelta.ingest.vendor.applehealth;

import java.io.CharConversionException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.MissingResourceException;
import java.util.Set;
import java.util.zip.ZipException;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.sleepdelta.ingest.vendor.PayloadException;

/**
 * Streams export.xml: checks the root is {@code <HealthData>}, and hands on the {@code <ExportDate>} and each
 * top-level {@code <Record>} whose {@code type} is wanted. Records nested elsewhere (in a {@code <Correlation>}, which
 * Apple also writes at top level) and all other elements are skipped without being kept. A damaged or cut-off
 * payload is a {@link PayloadException}; a failure to read the upload stream itself stays an {@link IOException}.
 */
final class ExportReader {

    interface Listener {
        void exportDate(String value);

        void record(AppleRecord record);
    }

    private ExportReader() {}

    /**
     * @throws IOException when reading the upload itself fails (the payload is not to blame)
     * @throws PayloadException when the payload is not an Apple Health export or not well-formed
     */
    static void read(InputStream xml, Set<String> types, Listener listener) throws IOException, PayloadException {
        XMLStreamReader r = null;
        try {
            r = SafeXml.reader(xml);
            int depth = 0;
            boolean root = false;
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    if (depth == 1) {
                        if (!"HealthData".equals(r.getLocalName())) {
                            throw new PayloadException(
                                    "not an Apple Health export: the root element is not <HealthData>");
                        }
                        root = true;
                    } else if (depth == 2) {
                        topLevel(r, types, listener);
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
            if (!root) {
                throw new PayloadException("not an Apple Health export: no <HealthData> element");
            }
        } catch (XMLStreamException e) {
            String limit = SafeXml.limitBreached(e);
            if (limit != null) {
                Location at = e.getLocation() != null ? e.getLocation() : r == null ? null : r.getLocation();
                int line = at == null ? -1 : at.getLineNumber();
                throw new PayloadException(limit + (line > 0 ? " (line " + line + ")" : ""));
            }
            // A byte that is not text in the document's encoding is the payload's fault, not the stream's.
            if (e.getNestedException() instanceof IOException io
                    && !(io instanceof ZipException)
                    && !(io instanceof EOFException)
                    && !(io instanceof CharConversionException)) {
                throw io;
            }
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNumber();
            throw new PayloadException(
                    "export.xml is not well-formed XML" + (line > 0 ? " (line " + line + ")" : ""), e);
        } catch (MissingResourceException e) {
            // The JDK's parser lacks the message of some errors in a DTD (InvalidCharInDTD) and throws this instead.
            throw new PayloadException("export.xml is not well-formed XML (its DTD)", e);
        } finally {
            close(r);
        }
    }

    private static void topLevel(XMLStreamReader r, Set<String> types, Listener listener) {
        String name = r.getLocalName();
        if ("Record".equals(name)) {
            String type = r.getAttributeValue(null, "type");
            if (type != null && types.contains(type)) {
                listener.record(new AppleRecord(
                        type,
                        r.getAttributeValue(null, "sourceName"),
                        r.getAttributeValue(null, "device"),
                        r.getAttributeValue(null, "unit"),
                        r.getAttributeValue(null, "startDate"),
                        r.getAttributeValue(null, "endDate"),
                        r.getAttributeValue(null, "value"),
                        r.getLocation().getLineNumber()));
            }
        } else if ("ExportDate".equals(name)) {
            listener.exportDate(r.getAttributeValue(null, "value"));
        }
    }

    private static void close(XMLStreamReader r) {
        if (r != null) {
            try {
                r.close();
            } catch (XMLStreamException ignored) {
                // nothing left to release
            }
        }
    }
}
