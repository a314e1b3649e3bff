package org.sleepdelta.embedded;

import java.nio.file.Path;

/** The embedded broker could not be started; the message carries the end of its log. */
public final class BrokerStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private static final int LOG_TAIL_LINES = 40;

    BrokerStartException(String message, Throwable cause) {
        super(message, cause);
    }

    private BrokerStartException(String message) {
        super(message);
    }

    /** {@code what} went wrong, followed by the last lines of the broker's log, which usually say why. */
    static BrokerStartException explainedByLog(String what, Path logFile) {
        String tail = LogTail.lastLines(logFile, LOG_TAIL_LINES);
        // The one failure whose log line does not point at the cause.
        String hint = tail.contains("Could not find or load main class")
                ? "\nThe broker's JVM gets this JVM's java.class.path plus the brokerJars directory, if one was given;"
                        + " together they must list Kafka's jars (kafka_2.13 and its dependencies). Launchers with"
                        + " their own class loaders (mvn exec:java, some IDE runners, nested-jar launchers) leave"
                        + " them out; run with a plain classpath, or pass the jars' directory to brokerJars."
                : "";
        return new BrokerStartException(what + ". Last lines of " + logFile + ":\n" + tail + hint);
    }
}
