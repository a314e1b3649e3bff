package org.sleepdelta.platform.config;

import java.util.List;
import java.util.stream.Collectors;

/** Everything wrong with a configuration, found in one pass so that one fix-and-retry round is enough. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    ConfigException(List<String> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /** One readable sentence per problem, each naming the key and where its value came from. */
    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        String heading = problems.size() == 1
                ? "Invalid configuration (1 problem):"
                : "Invalid configuration (" + problems.size() + " problems):";
        return problems.stream()
                .map(problem -> "  - " + problem)
                .collect(Collectors.joining(System.lineSeparator(), heading + System.lineSeparator(), ""));
    }
}
