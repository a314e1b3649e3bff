package org.sleepdelta.schemas.codec;

/** Bytes that are not a record of the expected type; the message says why without echoing the payload. */
public class RecordDecodingException extends RuntimeException {
    public RecordDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
