package org.sleepdelta.cli.run;

import java.nio.file.Path;

/** This installation of the launcher has no broker to start: it was built or copied without {@code broker-lib/}. */
public final class BrokerJarsMissingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BrokerJarsMissingException(Path directory) {
        super("demo and replay start a Kafka broker whose jars belong in " + directory
                + ", which is missing or empty. The Docker image leaves the broker out on purpose (its services"
                + " connect to a real one): run demo and replay from a source checkout with ./sleepdelta, which"
                + " builds broker-lib/ with ./mvnw -DskipTests package.");
    }
}
