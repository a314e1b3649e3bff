package org.sleepdelta.ingest.connect.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleepdelta.ingest.connect.ConnectionSettings;
import org.sleepdelta.ingest.connect.VendorApp;
import org.sleepdelta.platform.config.ConfigLoader;
import org.sleepdelta.platform.config.Configuration;

class ConnectionConfigurationTest {
    private static Configuration load(Map<String, String> settings) {
        Map<String, String> environment = new HashMap<>();
        settings.forEach(
                (k, v) -> environment.put("SLEEPDELTA_" + k.toUpperCase().replace('-', '_'), v));
        return ConfigLoader.of(ConnectionConfiguration.SETTINGS)
                .environment(environment)
                .load();
    }

    @Test
    void connectionsAreOffWhenNoVendorIsConfigured() {
        // when
        ConnectionSettings settings = ConnectionConfiguration.read(load(Map.of()));

        // then
        assertThat(settings).isNull();
    }

    @Test
    void aConfiguredVendorGetsItsDefaultsAndTheCallbackHangsOffThePublicUrl() {
        // when
        ConnectionSettings settings = ConnectionConfiguration.read(load(Map.of(
                "connections-public-url", "https://ingest.example.org/",
                "oura-client-id", "our-id",
                "oura-client-secret", "our-secret")));

        // then
        VendorApp oura = settings.apps().get("oura");
        assertThat(settings.apps()).containsOnlyKeys("oura");
        assertThat(oura.tokenUrl()).isEqualTo(URI.create("https://api.ouraring.com/oauth/token"));
        assertThat(oura.requestsPerMinute()).isEqualTo(1000);
        assertThat(settings.callbackUrl()).isEqualTo(URI.create("https://ingest.example.org/v1/connections/callback"));
        assertThat(settings.webhookUrl("oura")).isEqualTo(URI.create("https://ingest.example.org/v1/webhooks/oura"));
        assertThat(settings.stateTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(settings.lookback()).isEqualTo(Duration.ofDays(2));
        assertThat(settings.ownerGroupId()).isEqualTo("sleepdelta-connections");
    }

    @Test
    void aClientIdWithoutItsSecretIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> ConnectionConfiguration.read(
                        load(Map.of("connections-public-url", "https://ingest.example.org", "garmin-client-id", "id"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "garmin-client-secret (SLEEPDELTA_GARMIN_CLIENT_SECRET) is required with garmin-client-id");
    }

    @Test
    void aVendorWithoutThePublicUrlIsRefusedNamingIt() {
        assertThatThrownBy(() -> ConnectionConfiguration.read(
                        load(Map.of("withings-client-id", "id", "withings-client-secret", "s"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connections-public-url")
                .hasMessageContaining("withings-client-id");
    }

    @Test
    void aPublicUrlThatIsNotAbsoluteHttpIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> load(Map.of("connections-public-url", "ftp://host")))
                .hasMessageContaining("connections-public-url");
        assertThatThrownBy(() -> load(Map.of("connections-public-url", "/relative")))
                .hasMessageContaining("connections-public-url");
        assertThatThrownBy(() -> ConnectionConfiguration.read(load(Map.of(
                        "connections-public-url", "https://host/prefix",
                        "oura-client-id", "id",
                        "oura-client-secret", "s"))))
                .hasMessageContaining("connections-public-url must have no path");
    }

    @Test
    void printConfigMasksTheClientSecrets() {
        // when
        String printed = load(Map.of(
                        "connections-public-url", "https://ingest.example.org",
                        "fitbit-client-id", "our-google-client",
                        "fitbit-client-secret", "very-secret-value"))
                .describe();

        // then
        assertThat(printed).contains("fitbit-client-id", "our-google-client", "fitbit-client-secret");
        assertThat(printed).doesNotContain("very-secret-value");
    }

    @Test
    void garminsWebhookKeyReachesItsAppIsMaskedAndMustBeLongAndUrlSafe() {
        // given
        String key = "k3y-of-the-garmin-push-url_0123456789";
        Map<String, String> garmin = Map.of(
                "connections-public-url", "https://ingest.example.org",
                "garmin-client-id", "our-garmin-app",
                "garmin-client-secret", "garmin-secret-value",
                "garmin-webhook-key", key);

        // when
        ConnectionSettings settings = ConnectionConfiguration.read(load(garmin));
        String printed = load(garmin).describe();

        // then
        assertThat(settings.apps().get("garmin").webhookKey()).isEqualTo(key);
        assertThat(settings.apps().get("garmin").toString()).doesNotContain(key);
        assertThat(printed).contains("garmin-webhook-key").doesNotContain(key);
        assertThatThrownBy(() -> load(Map.of("garmin-webhook-key", "short")))
                .hasMessageContaining("garmin-webhook-key")
                .hasMessageContaining("at least 24");
        assertThatThrownBy(() -> ConnectionConfiguration.read(load(
                        Map.of("connections-public-url", "https://ingest.example.org", "garmin-webhook-key", key))))
                .hasMessageContaining("garmin-webhook-key is set but garmin-client-id is not");
    }
}
