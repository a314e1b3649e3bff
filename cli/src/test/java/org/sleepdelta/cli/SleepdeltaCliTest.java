package org.sleepdelta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SleepdeltaCliTest {

    @Test
    void noSubcommandIsAUsageErrorOnStderr() {
        CliRun run = CliRun.of();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("Usage: sleepdelta").contains("demo").contains("ingest");
    }

    @Test
    void helpAskedForGoesToStdoutAndSucceeds() {
        CliRun run = CliRun.of("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: sleepdelta");
    }

    @Test
    void versionIsTheOneTheBuildHasInItsPom() {
        // Surefire passes ${project.version}; the resource is filtered from the same pom.
        String expected = System.getProperty("expected.version");
        assertThat(expected).isNotBlank();

        CliRun run = CliRun.of("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).isEqualTo("sleepdelta " + expected);
    }
}
