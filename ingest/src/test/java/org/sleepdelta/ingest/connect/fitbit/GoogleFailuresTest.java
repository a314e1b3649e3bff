package org.sleepdelta.ingest.connect.fitbit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;
import org.sleepdelta.ingest.connect.VendorException;

class GoogleFailuresTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-07T01:00:00Z"), ZoneOffset.UTC);

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        assertThat(GoogleFailures.retryAfter(response(429, "{}", "30"), NOW)).isEqualTo(Duration.ofSeconds(30));
        assertThat(GoogleFailures.retryAfter(response(429, "{}", "Mon, 07 Dec 2026 01:02:00 GMT"), NOW))
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(GoogleFailures.retryAfter(response(429, "{}", "Mon, 07 Dec 2026 00:02:00 GMT"), NOW))
                .as("a date in the past: now")
                .isEqualTo(Duration.ZERO);
        assertThat(GoogleFailures.retryAfter(response(429, "{}", "soon"), NOW)).isNull();
        assertThat(GoogleFailures.retryAfter(response(429, "{}", null), NOW)).isNull();
    }

    @Test
    void theMessageNamesTheCallStatusAndCodeButNeverTheDescription() {
        VendorException e = GoogleFailures.of(
                "refresh",
                response(
                        400,
                        "{\"error\": \"invalid_grant\", \"error_description\": \"Token has been expired or revoked for 1//0abc.\"}",
                        null),
                NOW);

        assertThat(e.kind()).isEqualTo(VendorException.Kind.INVALID_GRANT);
        assertThat(e.getMessage()).isEqualTo("fitbit (Google Health API) refresh: HTTP 400 invalid_grant");
    }

    @Test
    void anInvalidClientIsOurRegistrationNotTheUsersConsent() {
        VendorException e = GoogleFailures.of("refresh", response(401, "{\"error\": \"invalid_client\"}", null), NOW);

        assertThat(e.kind())
                .as("a 401 invalid_client is about our registration: back off, neither refresh nor re-consent")
                .isEqualTo(VendorException.Kind.FORBIDDEN);
    }

    private static HttpResponse<byte[]> response(int status, String body, String retryAfter) {
        Map<String, List<String>> headers = retryAfter == null ? Map.of() : Map.of("Retry-After", List.of(retryAfter));
        return new HttpResponse<>() {
            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public HttpRequest request() {
                return HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).build();
            }

            @Override
            public Optional<HttpResponse<byte[]>> previousResponse() {
                return Optional.empty();
            }

            @Override
            public HttpHeaders headers() {
                return HttpHeaders.of(headers, (a, b) -> true);
            }

            @Override
            public byte[] body() {
                return body.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public Optional<SSLSession> sslSession() {
                return Optional.empty();
            }

            @Override
            public URI uri() {
                return URI.create("http://127.0.0.1/");
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
    }
}
