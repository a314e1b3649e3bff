package org.sleepdelta.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.ingest.http.LogCapture;
import org.sleepdelta.platform.testing.MutableClock;

class ReloadingApiKeysTest {
    private static final Duration CHECK = Duration.ofSeconds(1);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final ApiKeyTool.NewApiKey first = TestPepper.key("clinic-a", null);
    private final ApiKeyTool.NewApiKey second = TestPepper.key("clinic-b", null);
    private final ApiKeyTool.NewApiKey fixed = TestPepper.key("clinic-c", null);

    @TempDir
    Path dir;

    private Path file;
    private ReloadingApiKeys keys;

    @BeforeEach
    void load() throws IOException {
        file = dir.resolve("api-keys.properties");
        Files.write(file, List.of(first.keysFileLine()));
        ApiKeySet environment = new ApiKeySet(
                ApiKeyLines.parse(List.of(fixed.keysFileLine()), "entry").keys(), TestPepper.PEPPER);
        keys = ReloadingApiKeys.load(file, environment, TestPepper.PEPPER, clock, CHECK);
    }

    @Test
    void changedFileTakesEffectOnTheFirstRequestAfterTheCheckInterval() throws IOException {
        // given
        assertThat(keys.clinicFor(first.key())).contains("clinic-a");

        // when
        Files.write(file, List.of(second.keysFileLine()));

        // then not before the interval has passed
        clock.advance(CHECK.minusMillis(1));
        assertThat(keys.clinicFor(first.key())).contains("clinic-a");
        assertThat(keys.clinicFor(second.key())).isEmpty();
        // but right after it
        clock.advance(Duration.ofMillis(1));
        assertThat(keys.clinicFor(first.key())).isEmpty();
        assertThat(keys.clinicFor(second.key())).contains("clinic-b");
        assertThat(keys.clinicFor(fixed.key())).contains("clinic-c");
    }

    @Test
    void invalidFileKeepsThePreviousKeysUntilItIsFixed() throws IOException {
        // when
        Files.write(file, List.of(second.keysFileLine(), "not a key line"));
        clock.advance(CHECK);

        // then
        assertThat(keys.clinicFor(first.key())).contains("clinic-a");
        assertThat(keys.clinicFor(second.key())).isEmpty();

        // and when it is fixed
        Files.write(file, List.of(second.keysFileLine()));
        clock.advance(CHECK);

        // then
        assertThat(keys.clinicFor(first.key())).isEmpty();
        assertThat(keys.clinicFor(second.key())).contains("clinic-b");
    }

    @Test
    void deletedFileKeepsThePreviousKeysAndItsReturnIsNoticed() throws IOException {
        // when
        Files.delete(file);
        clock.advance(CHECK);

        // then
        assertThat(keys.clinicFor(first.key())).contains("clinic-a");

        // and when the same file comes back
        Files.write(file, List.of(first.keysFileLine(), second.keysFileLine()));
        clock.advance(CHECK);

        // then
        assertThat(keys.clinicFor(second.key())).contains("clinic-b");
    }

    @Test
    void fileOfOnlyCommentsRevokesEveryFileKey() throws IOException {
        // when
        Files.write(file, List.of("# all keys revoked"));
        clock.advance(CHECK);

        // then
        assertThat(keys.clinicFor(first.key())).isEmpty();
        assertThat(keys.clinicFor(fixed.key())).contains("clinic-c");
        assertThat(keys.size()).isEqualTo(1);
    }

    @Test
    void invalidOrMissingFileAtStartIsAnError() throws IOException {
        // given
        Path bad = dir.resolve("bad.properties");
        Files.write(bad, List.of("garbage"));

        // then
        assertThatThrownBy(() -> ReloadingApiKeys.load(bad, new ApiKeySet(List.of()), clock, CHECK))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith("is invalid: line 1: expected " + ApiKeyLines.FORMAT);
        assertThatThrownBy(() -> ReloadingApiKeys.load(dir.resolve("missing"), new ApiKeySet(List.of()), clock, CHECK))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no such file");
    }

    @Test
    void hmacLinesWithoutAPepperRefuseTheStart() {
        // then the file of the set-up, all hmac-sha256, cannot be loaded without the pepper
        assertThatThrownBy(() -> ReloadingApiKeys.load(file, new ApiKeySet(List.of()), null, clock, CHECK))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("line 1: hmac-sha256 keys need the API key pepper");
    }

    @Test
    void legacySha256LinesStillWorkWithAWarningNamingTheirLines() throws IOException {
        // given a file of an earlier version next to a new line
        String legacyKey = ApiKeyTool.newKey();
        Files.write(
                file,
                List.of("# old", first.keysFileLine(), ApiKeyHash.sha256Hex(legacyKey) + " = clinic-old front desk"));

        // when
        try (LogCapture logs = new LogCapture()) {
            ReloadingApiKeys loaded =
                    ReloadingApiKeys.load(file, new ApiKeySet(List.of()), TestPepper.PEPPER, clock, CHECK);

            // then both work, and the legacy line is named, without its content
            assertThat(loaded.find(legacyKey)).hasValueSatisfying(k -> {
                assertThat(k.clinicId()).isEqualTo("clinic-old");
                assertThat(k.hashing()).isEqualTo(StoredApiKey.Hashing.LEGACY_SHA256);
                assertThat(k.scopes()).containsExactly(Scope.WRITE);
            });
            assertThat(loaded.clinicFor(first.key())).contains("clinic-a");
            assertThat(logs.lines())
                    .anyMatch(l -> l.contains("line 3 store(s) a plain SHA-256"))
                    .noneMatch(l -> l.contains(ApiKeyHash.sha256Hex(legacyKey)));
        }
    }
}
