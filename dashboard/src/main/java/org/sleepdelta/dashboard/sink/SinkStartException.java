package org.sleepdelta.dashboard.sink;

/**
 * The sink could not start for a reason an operator can act on (database unreachable within database-wait, wrong
 * credentials, a failed migration): its message says which, so the command prints it without a stack trace.
 */
public final class SinkStartException extends IllegalStateException {
    SinkStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
