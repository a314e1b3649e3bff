package org.sleepdelta.cli.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the embedded broker's own jars are: {@code broker-lib/} beside the executable jar.
 *
 * <p>The build copies Kafka's broker ({@code kafka_2.13}, Scala, log4j) there instead of into {@code lib/}, so the
 * services that {@code lib/} serves (and the Docker image, which ships only {@code lib/}) never carry a broker. Run
 * from classes rather than the jar (tests, IDEs), the broker is on the classpath already and nothing is added.
 */
public final class BrokerJars {

    static final String DIRECTORY = "broker-lib";

    private BrokerJars() {}

    /** The directory to hand the broker's JVM, or empty when this JVM's classpath has the broker already. */
    public static Optional<Path> ofThisInstallation() {
        try {
            return besideCode(Path.of(BrokerJars.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where the sleepdelta classes were loaded from", e);
        }
    }

    static Optional<Path> besideCode(Path codeLocation) {
        if (Files.isDirectory(codeLocation)) {
            return Optional.empty();
        }
        Path directory = codeLocation.toAbsolutePath().resolveSibling(DIRECTORY);
        if (!containsJars(directory)) {
            throw new BrokerJarsMissingException(directory);
        }
        return Optional.of(directory);
    }

    private static boolean containsJars(Path directory) {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.anyMatch(file -> file.getFileName().toString().endsWith(".jar"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }
}
