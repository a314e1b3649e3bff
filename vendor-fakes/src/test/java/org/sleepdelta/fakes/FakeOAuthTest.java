package org.sleepdelta.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FakeOAuthTest {
    private static final String REDIRECT = "http://127.0.0.1:1/v1/connections/callback";
    // RFC 7636 appendix B
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T01:00:00Z"));
    private final FakeOAuth oauth = new FakeOAuth(clock, "our-app", "our-secret");

    @Test
    void s256IsTheRfc7636Transform() {
        assertThat(FakeOAuth.s256(VERIFIER)).isEqualTo(CHALLENGE);
    }

    @Test
    void aCodeNeedsItsVerifierAndWorksOnce() throws Exception {
        String code = codeFor("user-1");

        assertThatThrownBy(() -> oauth.exchangeCode("our-app", "our-secret", code, REDIRECT, "wrong-verifier"))
                .hasMessageContaining("code_verifier");
        // The failed attempt used the code up, as a vendor that treats codes as single-use does.
        assertThatThrownBy(() -> oauth.exchangeCode("our-app", "our-secret", code, REDIRECT, VERIFIER))
                .isInstanceOf(FakeOAuth.OAuthError.class)
                .extracting(e -> ((FakeOAuth.OAuthError) e).error())
                .isEqualTo("invalid_grant");

        FakeOAuth.Grant grant = oauth.exchangeCode("our-app", "our-secret", codeFor("user-1"), REDIRECT, VERIFIER);
        assertThat(oauth.userOf(grant.accessToken())).contains("user-1");
        assertThatThrownBy(() -> oauth.exchangeCode("our-app", "bad", codeFor("user-1"), REDIRECT, VERIFIER))
                .extracting(e -> ((FakeOAuth.OAuthError) e).status())
                .isEqualTo(401);
    }

    @Test
    void refreshTokensRotateAndAReusedOneIsRefusedAndCounted() throws Exception {
        FakeOAuth.Grant first = oauth.exchangeCode("our-app", "our-secret", codeFor("user-2"), REDIRECT, VERIFIER);
        FakeOAuth.Grant second = oauth.refresh("our-app", "our-secret", first.refreshToken());

        assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
        assertThatThrownBy(() -> oauth.refresh("our-app", "our-secret", first.refreshToken()))
                .extracting(e -> ((FakeOAuth.OAuthError) e).error())
                .isEqualTo("invalid_grant");
        assertThat(oauth.refreshCount("user-2")).isEqualTo(1);
        assertThat(oauth.refreshTokenReuses()).containsExactly("user-2");
        assertThat(oauth.refresh("our-app", "our-secret", second.refreshToken()).userId())
                .isEqualTo("user-2");
    }

    @Test
    void accessTokensExpireAndWithdrawnConsentStopsEverything() throws Exception {
        oauth.accessTokenTtl(Duration.ofMinutes(5));
        FakeOAuth.Grant grant = oauth.exchangeCode("our-app", "our-secret", codeFor("user-3"), REDIRECT, VERIFIER);
        clock.advance(Duration.ofMinutes(5));
        assertThat(oauth.userOf(grant.accessToken())).isEmpty();

        FakeOAuth.Grant renewed = oauth.refresh("our-app", "our-secret", grant.refreshToken());
        oauth.withdrawConsent("user-3");
        assertThat(oauth.userOf(renewed.accessToken())).isEmpty();
        assertThatThrownBy(() -> oauth.refresh("our-app", "our-secret", renewed.refreshToken()))
                .extracting(e -> ((FakeOAuth.OAuthError) e).error())
                .isEqualTo("invalid_grant");
    }

    @Test
    void theConsentScreenChecksClientAndChallengeAndCanBeDenied() throws Exception {
        Map<String, String> query = authorizeQuery("user-4");
        query.remove("code_challenge");
        assertThatThrownBy(() -> oauth.authorize(query)).hasMessageContaining("PKCE");

        oauth.denyNextConsent();
        URI denied = oauth.authorize(authorizeQuery("user-4"));
        assertThat(denied.getQuery()).contains("error=access_denied").contains("state=s-1");
    }

    private String codeFor(String user) throws FakeOAuth.OAuthError {
        URI redirect = oauth.authorize(authorizeQuery(user));
        assertThat(redirect.toString()).startsWith(REDIRECT + "?code=");
        return FakeExchange.parseParameters(redirect.getRawQuery()).get("code");
    }

    private static Map<String, String> authorizeQuery(String user) {
        Map<String, String> query = new HashMap<>();
        query.put("client_id", "our-app");
        query.put("redirect_uri", REDIRECT);
        query.put("state", "s-1");
        query.put("code_challenge", CHALLENGE);
        query.put("code_challenge_method", "S256");
        query.put("fake_user", user);
        return query;
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
