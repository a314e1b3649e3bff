package org.sleepdelta.ingest.vendor;

import java.io.IOException;

/**
 * An archive in the payload expands beyond a configured limit ({@code max-export-uncompressed-bytes} or
 * {@code max-export-entries}): reading stopped at once. Thrown from inside the entry's stream, so it is an
 * {@link IOException}; parsers may wrap it, so look for it along the causes ({@link #find}). The HTTP API answers 413.
 */
public final class ExportLimitExceeded extends IOException {
    private static final long serialVersionUID = 1L;

    public ExportLimitExceeded(String message) {
        super(message);
    }

    /** This failure, or the first of its causes that is one, or null. */
    public static ExportLimitExceeded find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ExportLimitExceeded e) {
                return e;
            }
        }
        return null;
    }
}
