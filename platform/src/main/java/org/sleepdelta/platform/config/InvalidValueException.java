package org.sleepdelta.platform.config;

/**
 * Thrown by a setting's parser to reject a value. The message, if any, is a short detail that the problem report
 * appends to the setting's expectation, e.g. {@code "OURA" is listed twice}.
 */
public final class InvalidValueException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidValueException() {
        this(null, false);
    }

    private final boolean safeForSecrets;

    public InvalidValueException(String detail) {
        this(detail, false);
    }

    private InvalidValueException(String detail, boolean safeForSecrets) {
        super(detail, null, false, false);
        this.safeForSecrets = safeForSecrets;
    }

    /**
     * A detail that never quotes the value, so it is shown even for a secret setting: e.g. "entry 2 (id 'k2'): the key
     * is not base64" for a list of keys, where a bare "expected ..." would leave the operator guessing.
     */
    public static InvalidValueException safeForSecrets(String detail) {
        return new InvalidValueException(detail, true);
    }

    boolean isSafeForSecrets() {
        return safeForSecrets;
    }
}
