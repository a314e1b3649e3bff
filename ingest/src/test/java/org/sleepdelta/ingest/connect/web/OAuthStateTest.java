package org.sleepdelta.ingest.connect.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.sleepdelta.schemas.crypto.MasterKeys;

class OAuthStateTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final String OLD_KEY = MasterKeys.generateEntry("old");
    private static final String NEW_KEY = MasterKeys.generateEntry("new");
    private static final Duration TTL = Duration.ofMinutes(30);

    private static OAuthState states(String masterKeys, Instant now) {
        return new OAuthState(MasterKeys.parse(masterKeys), Clock.fixed(now, ZoneOffset.UTC), TTL);
    }

    @Test
    void aSealedStateOpensToWhatItBindsUntilItExpires() throws Exception {
        // given
        OAuthState.Sealed sealed =
                states(OLD_KEY, NOW).seal("clinic-a", "client-1", "oura", "Europe/Berlin", "verifier-123");

        // when
        OAuthState.Contents contents =
                states(OLD_KEY, NOW.plus(TTL).minusSeconds(1)).open(sealed.state());

        // then
        assertThat(sealed.expiresAt()).isEqualTo(NOW.plus(TTL));
        assertThat(contents)
                .isEqualTo(new OAuthState.Contents(
                        "clinic-a", "client-1", "oura", "Europe/Berlin", "verifier-123", NOW.plus(TTL)));
    }

    @Test
    void theBrowserSeesNeitherTheVerifierNorTheIdsInPlainText() {
        // when
        String state = states(OLD_KEY, NOW)
                .seal("clinic-a", "client-1", "oura", null, "verifier-123")
                .state();

        // then
        String decoded = new String(Base64.getUrlDecoder().decode(state), StandardCharsets.ISO_8859_1);
        assertThat(state).matches("[A-Za-z0-9_-]+");
        assertThat(decoded).doesNotContain("verifier-123", "clinic-a", "client-1");
    }

    @Test
    void anExpiredStateIsRefused() {
        // given
        String state = states(OLD_KEY, NOW)
                .seal("clinic-a", "client-1", "oura", null, "v")
                .state();

        // then
        assertThatThrownBy(() -> states(OLD_KEY, NOW.plus(TTL)).open(state))
                .isInstanceOf(OAuthState.Invalid.class)
                .hasMessage("state has expired");
    }

    @Test
    void everyAlteredByteIsRefused() {
        // given
        byte[] bytes = Base64.getUrlDecoder()
                .decode(states(OLD_KEY, NOW)
                        .seal("clinic-a", "client-1", "oura", null, "v")
                        .state());

        // then
        for (int i = 0; i < bytes.length; i++) {
            byte[] altered = bytes.clone();
            altered[i] ^= 0x01;
            String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(altered);
            assertThatThrownBy(() -> states(OLD_KEY, NOW).open(tampered))
                    .as("byte %d altered", i)
                    .isInstanceOf(OAuthState.Invalid.class);
        }
    }

    @Test
    void aStateCannotBeMadeToNameAnotherClinic() {
        // given: a state of clinic-a, and one of clinic-b sealed under a key the service does not know
        OAuthState other = states(MasterKeys.generateEntry("attacker"), NOW);
        String forged = other.seal("clinic-b", "client-1", "oura", null, "v").state();

        // then
        assertThatThrownBy(() -> states(OLD_KEY, NOW).open(forged)).isInstanceOf(OAuthState.Invalid.class);
        assertThatThrownBy(() -> states(OLD_KEY, NOW).open("not-a-state!")).isInstanceOf(OAuthState.Invalid.class);
        assertThatThrownBy(() -> states(OLD_KEY, NOW).open(null)).isInstanceOf(OAuthState.Invalid.class);
    }

    @Test
    void linksHandedOutBeforeAMasterKeyRotationStillOpen() throws Exception {
        // given
        String beforeRotation = states(OLD_KEY, NOW)
                .seal("clinic-a", "client-1", "withings", null, "v")
                .state();

        // when: the new key is current, the old one still listed
        OAuthState.Contents contents = states(NEW_KEY + "," + OLD_KEY, NOW).open(beforeRotation);

        // then
        assertThat(contents.vendor()).isEqualTo("withings");
        assertThatThrownBy(() -> states(NEW_KEY, NOW).open(beforeRotation))
                .as("once the old key is dropped")
                .isInstanceOf(OAuthState.Invalid.class);
    }
}
