package org.sleepdelta.platform.config;

/**
 * Thrown by a setting's parser to reject a value. The message, if any, is a short detail that the problem report
 * appends to the setting's expectation, e.g. {@code "OURA" is listed twice}.
 */
public final class InvalidValueException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidValueException() {
        super(null, null, false, false);
    }

    public InvalidValueException(String detail) {
        super(detail, null, false, false);
    }
}
