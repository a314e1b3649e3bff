package org.sleepdelta.ingest.vendor;

/** The payload as a whole is unreadable (not JSON, not the vendor's shape, a broken zip): nothing can be taken from it. */
public class PayloadException extends Exception {
    public PayloadException(String message) {
        super(message);
    }

    public PayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
