package org.sleepdelta.ingest.vendor.applehealth;

import java.io.IOException;

/**
 * export.xml breaks one of {@link SafeXml}'s limits. Thrown from inside the stream the parser reads (so it is an
 * {@link IOException}, which the parser wraps); {@link ExportReader} finds it and refuses the payload naming the limit.
 */
final class XmlLimitExceeded extends IOException {
    private static final long serialVersionUID = 1L;

    XmlLimitExceeded(String message) {
        super(message);
    }

    /** This failure, or the first of its causes that is one, or null. */
    static XmlLimitExceeded find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof XmlLimitExceeded e) {
                return e;
            }
        }
        return null;
    }
}
