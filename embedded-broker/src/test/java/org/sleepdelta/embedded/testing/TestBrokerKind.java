package org.sleepdelta.embedded.testing;

import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Which real broker the tests get: a Kafka container when a Docker engine is available, the embedded KRaft broker
 * otherwise. {@value #ENVIRONMENT_VARIABLE}{@code =embedded|docker} forces the choice.
 */
enum TestBrokerKind {
    EMBEDDED,
    DOCKER;

    static final String ENVIRONMENT_VARIABLE = "SLEEPDELTA_TEST_BROKER";

    static TestBrokerKind choose(Map<String, String> environment, BooleanSupplier dockerAvailable) {
        String forced =
                environment.getOrDefault(ENVIRONMENT_VARIABLE, "").strip().toLowerCase(Locale.ROOT);
        switch (forced) {
            case "embedded":
                return EMBEDDED;
            case "docker":
                return DOCKER;
            case "":
            case "auto":
                return dockerAvailable.getAsBoolean() ? DOCKER : EMBEDDED;
            default:
                throw new IllegalStateException(ENVIRONMENT_VARIABLE + " = \"" + environment.get(ENVIRONMENT_VARIABLE)
                        + "\": expected embedded, docker or auto (or unset, which means auto)");
        }
    }
}
