package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.ingest.http.Canonical.sleep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.ingest.auth.ApiKeyTool;
import org.sleepdelta.ingest.auth.Scope;
import org.sleepdelta.ingest.auth.TestPepper;
import org.sleepdelta.platform.testing.PrometheusText;

/**
 * Authentication over real HTTP: expired keys (401), keys without the endpoint's scope (403), malformed and unknown
 * keys (401), and the block of an address after {@code auth-failure-limit} failures (429, even with a valid key),
 * each counted in {@value IngestMetrics#AUTH_FAILURES} by reason.
 */
class AuthenticationIT {
    private final ApiKeyTool.NewApiKey expired = ApiKeyTool.create(
            TestPepper.PEPPER,
            Canonical.CLINIC,
            "expired laptop",
            Scope.DEFAULT,
            LocalDate.now(ZoneOffset.UTC).minusDays(1));
    private final ApiKeyTool.NewApiKey reader =
            ApiKeyTool.create(TestPepper.PEPPER, Canonical.CLINIC, "reader", Set.of(Scope.READ, Scope.ERASE), null);
    private final ApiKeyTool.NewApiKey tomorrow = ApiKeyTool.create(
            TestPepper.PEPPER,
            Canonical.CLINIC,
            "until tomorrow",
            Scope.DEFAULT,
            LocalDate.now(ZoneOffset.UTC).plusDays(2));
    private final RunningIngest ingest = RunningIngest.builder()
            .setting("api-keys", expired.keysFileLine() + ";" + reader.keysFileLine() + ";" + tomorrow.keysFileLine())
            .setting("auth-failure-limit", "3")
            .setting("auth-failure-window", "1m")
            .setting("auth-failure-block", "2m")
            .start();

    @AfterEach
    void stop() {
        ingest.close();
    }

    @Test
    void failuresAreRefusedCountedAndBlockTheAddressAfterTheLimit() {
        // a key that has not expired yet works
        assertThat(dryRun(tomorrow.key()).status()).isEqualTo(200);

        // an expired key: 401 (failure 1)
        HttpResponse expiredAnswer = dryRun(expired.key());
        assertThat(expiredAnswer.status()).isEqualTo(401);
        assertThat(expiredAnswer.error()).isEqualTo("unauthorized");
        assertThat(expiredAnswer.json().get("message").asText()).contains("expired");

        // a genuine key without the write scope: 403 in the one error shape (not counted towards the block)
        HttpResponse scopeAnswer = dryRun(reader.key());
        assertThat(scopeAnswer.status()).isEqualTo(403);
        assertThat(scopeAnswer.error()).isEqualTo("forbidden_scope");
        assertThat(scopeAnswer.json().get("message").asText()).contains("'write'");
        assertThat(scopeAnswer.json().get("problems")).isEmpty();

        // a malformed key (failure 2): 401, the same for a key one character short
        assertThat(dryRun(ingest.key.substring(0, ingest.key.length() - 1)).status())
                .isEqualTo(401);
        // an unknown, well-formed key (failure 3): 401; now the address is blocked
        assertThat(dryRun(TestPepper.key(Canonical.CLINIC, null).key()).status())
                .isEqualTo(401);

        // then even the valid key gets 429 with Retry-After
        HttpResponse blocked = dryRun(ingest.key);
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.error()).isEqualTo("too_many_auth_failures");
        assertThat(blocked.header("Retry-After").map(Long::parseLong))
                .hasValueSatisfying(seconds -> assertThat(seconds).isBetween(100L, 120L));

        // and every failure is counted by reason
        PrometheusText metrics = scrape();
        assertThat(metrics.value("sleepdelta_ingest_auth_failures_total", "reason", "expired"))
                .isEqualTo(1.0);
        assertThat(metrics.value("sleepdelta_ingest_auth_failures_total", "reason", "scope"))
                .isEqualTo(1.0);
        assertThat(metrics.value("sleepdelta_ingest_auth_failures_total", "reason", "malformed"))
                .isEqualTo(1.0);
        assertThat(metrics.value("sleepdelta_ingest_auth_failures_total", "reason", "unknown"))
                .isEqualTo(1.0);
        assertThat(metrics.value("sleepdelta_ingest_auth_failures_total", "reason", "rate_limited"))
                .isEqualTo(1.0);
    }

    private HttpResponse dryRun(String key) {
        return ingest.client
                .post("/v1/sleep-records?dryRun=true")
                .key(key)
                .json(sleep("auth", "a", 1))
                .send();
    }

    private PrometheusText scrape() {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ingest.service.port() + "/metrics"))
                .build();
        try {
            return PrometheusText.parse(HttpClient.newHttpClient()
                    .send(request, java.net.http.HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                    .body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
