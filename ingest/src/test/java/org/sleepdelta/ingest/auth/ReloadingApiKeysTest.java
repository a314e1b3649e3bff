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
import org.sleepdelta.platform.testing.MutableClock;

class ReloadingApiKeysTest {
    private static final Duration CHECK = Duration.ofSeconds(1);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final ApiKeyTool.NewApiKey first = ApiKeyTool.create("clinic-a", null);
    private final ApiKeyTool.NewApiKey second = ApiKeyTool.create("clinic-b", null);
    private final ApiKeyTool.NewApiKey fixed = ApiKeyTool.create("clinic-c", null);

    @TempDir
    Path dir;

    private Path file;
    private ReloadingApiKeys keys;

    @BeforeEach
    void load() throws IOException {
        file = dir.resolve("api-keys.properties");
        Files.write(file, List.of(first.keysFileLine()));
        ApiKeySet environment = new ApiKeySet(
                ApiKeyLines.parse(List.of(fixed.keysFileLine()), "entry").keys());
        keys = ReloadingApiKeys.load(file, environment, clock, CHECK);
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
                .hasMessageEndingWith("is invalid: line 1: expected <sha256-hex> = <clinicId> [label]");
        assertThatThrownBy(() -> ReloadingApiKeys.load(dir.resolve("missing"), new ApiKeySet(List.of()), clock, CHECK))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no such file");
    }
}
