package org.sleepdelta.cli.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.ingest.auth.ApiKeyLines;
import org.sleepdelta.ingest.auth.ApiKeyPepper;
import org.sleepdelta.ingest.auth.ApiKeySet;
import org.sleepdelta.ingest.auth.Scope;
import org.sleepdelta.ingest.auth.StoredApiKey;
import picocli.CommandLine;

class ApiKeyCommandTest {
    private static final String PEPPER = "cli-test-pepper-of-at-least-32-bytes-0123";

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run run(Map<String, String> environment, String... args) {
        ApiKeyCommand command = new ApiKeyCommand();
        command.environment = environment;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(command)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void printsAKeyAndItsHmacLineKeyedWithThePepperFromTheEnvironment() {
        // when
        Run run = run(
                Map.of("SLEEPDELTA_API_KEY_PEPPER", PEPPER),
                "--clinic",
                "clinic-berlin",
                "--label",
                "front desk",
                "--scope",
                "write,read",
                "--expires",
                "2027-06-30");

        // then the line authenticates the key, with the pepper the service will use
        assertThat(run.exit()).isZero();
        List<String> lines = run.out().lines().map(String::strip).toList();
        String key = lines.get(1);
        String line = lines.get(3);
        assertThat(key).matches("sdk_[A-Za-z0-9_-]{43}");
        assertThat(line)
                .startsWith("hmac-sha256:")
                .endsWith(" = clinic-berlin scopes=write,read expires=2027-06-30 front desk");
        StoredApiKey stored = new ApiKeySet(
                        ApiKeyLines.parse(List.of(line), "line").keys(), ApiKeyPepper.of(PEPPER))
                .find(key)
                .orElseThrow();
        assertThat(stored.scopes()).containsExactlyInAnyOrder(Scope.WRITE, Scope.READ);
    }

    @Test
    void readsThePepperFileNamedInTheConfigFile() throws Exception {
        // given
        Path secrets = Files.createDirectory(dir.resolve("secrets"));
        Path pepper = Files.writeString(secrets.resolve("pepper"), PEPPER + "\n");
        Path config = Files.writeString(dir.resolve("ingest.properties"), "api-key-pepper-file=" + pepper + "\n");

        // when
        Run run = run(Map.of(), "--clinic", "clinic-a", "--config", config.toString());

        // then
        assertThat(run.exit()).isZero();
        List<String> lines = run.out().lines().map(String::strip).toList();
        assertThat(new ApiKeySet(
                                ApiKeyLines.parse(List.of(lines.get(3)), "line").keys(), ApiKeyPepper.of(PEPPER))
                        .find(lines.get(1)))
                .hasValueSatisfying(k -> assertThat(k.scopes()).containsExactly(Scope.WRITE));
    }

    @Test
    void withoutAPepperOrWithABadScopeNothingIsPrinted() {
        Run noPepper = run(Map.of(), "--clinic", "clinic-a");
        assertThat(noPepper.exit()).isEqualTo(2);
        assertThat(noPepper.out()).isEmpty();
        assertThat(noPepper.err()).contains("no API key pepper");

        Run badScope = run(Map.of("SLEEPDELTA_API_KEY_PEPPER", PEPPER), "--clinic", "clinic-a", "--scope", "admin");
        assertThat(badScope.exit()).isEqualTo(2);
        assertThat(badScope.out()).isEmpty();
        assertThat(badScope.err()).contains("unknown scope 'admin'");
    }
}
