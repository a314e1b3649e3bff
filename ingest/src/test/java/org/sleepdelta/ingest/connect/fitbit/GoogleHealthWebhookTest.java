package org.sleepdelta.ingest.connect.fitbit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleepdelta.fakes.googlehealth.FakeGoogleHealth;
import org.sleepdelta.ingest.connect.VendorWebhook;

/** The parts of the webhook that need no HTTP: what is read from a notification, and what is refused. */
class GoogleHealthWebhookTest {
    private static final String SECRET = "GOCSPX-test-secret";
    private final GoogleHealthWebhook webhook = new GoogleHealthWebhook(SECRET, null);

    @Test
    void notificationsForOtherDataTypesAreAcknowledgedWithoutEvents() {
        byte[] steps = FakeGoogleHealth.notification(
                "u1",
                "steps",
                "UPSERT",
                LocalDateTime.parse("2026-03-01T00:00:00"),
                LocalDateTime.parse("2026-03-01T23:59:59"));

        VendorWebhook.Reply reply = webhook.handle(post(steps, WebhookAuthorization.forClientSecret(SECRET)));

        assertThat(reply.status()).isEqualTo(204);
        assertThat(reply.events()).isEmpty();
    }

    @Test
    void anArrayOfNotificationsGivesAnEventPerSleepNotification() {
        String one = new String(
                FakeGoogleHealth.notification(
                        "u1",
                        "sleep",
                        "UPSERT",
                        LocalDateTime.parse("2026-03-01T23:00:00"),
                        LocalDateTime.parse("2026-03-02T07:00:00")),
                StandardCharsets.UTF_8);
        String two = new String(
                FakeGoogleHealth.notification(
                        "u2",
                        "sleep",
                        "DELETE",
                        LocalDateTime.parse("2026-03-03T23:00:00"),
                        LocalDateTime.parse("2026-03-04T07:00:00")),
                StandardCharsets.UTF_8);

        VendorWebhook.Reply reply = webhook.handle(post(
                ("[" + one + "," + two + "]").getBytes(StandardCharsets.UTF_8),
                WebhookAuthorization.forClientSecret(SECRET)));

        assertThat(reply.events()).extracting(VendorWebhook.Event::vendorUserId).containsExactly("u1", "u2");
    }

    @Test
    void aNotificationWithoutItsUserOrNotJsonOrNotAPostIsRefused() {
        String authorization = WebhookAuthorization.forClientSecret(SECRET);
        byte[] noUser =
                "{\"data\": {\"dataType\": \"sleep\", \"operation\": \"UPSERT\"}}".getBytes(StandardCharsets.UTF_8);

        assertThat(webhook.handle(post(noUser, authorization)).refusal()).isEqualTo("bad_notification");
        assertThat(webhook.handle(post("not json{".getBytes(StandardCharsets.UTF_8), authorization))
                        .status())
                .isEqualTo(400);
        assertThat(webhook.handle(new VendorWebhook.Request("GET", Map.of(), Map.of(), new byte[0]))
                        .status())
                .isEqualTo(405);
    }

    @Test
    void theSecretIsDerivedFromTheClientSecretAndNeverIsTheClientSecret() {
        String authorization = WebhookAuthorization.forClientSecret(SECRET);

        assertThat(authorization).startsWith("Bearer ").doesNotContain(SECRET);
        assertThat(WebhookAuthorization.forClientSecret(SECRET)).isEqualTo(authorization);
        assertThat(WebhookAuthorization.forClientSecret(SECRET + "2")).isNotEqualTo(authorization);
    }

    private static VendorWebhook.Request post(byte[] body, String authorization) {
        return new VendorWebhook.Request("POST", Map.of(), Map.of("authorization", authorization), body);
    }
}
