package org.sleepdelta.ingest.connect.garmin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sleepdelta.fakes.WebhookSender;
import org.sleepdelta.fakes.garmin.FakeGarmin;
import org.sleepdelta.ingest.connect.VendorWebhook;
import org.sleepdelta.ingest.connect.VendorWebhook.Event;

/** What the fake Garmin's servers send, over loopback, read by GarminConnector's webhook. */
class GarminWebhookTest {
    private static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GarminFixture fixture = new GarminFixture(NOW);
    private final FakeGarmin garmin = fixture.garmin;

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aPushOfSeveralUsersIsOnePushedEventPerUserWithThatUsersSummariesAndNoUserAccessToken() throws Exception {
        ObjectNode a1 = summary("user-a", "a1", "AUTO_TENTATIVE");
        a1.put("userAccessToken", "8f57a6f1-legacy-oauth1-token");
        ObjectNode b1 = summary("user-b", "b1", "AUTO_FINAL");
        ObjectNode a2 = summary("user-a", "a2", "AUTO_FINAL");

        try (WebhookReceiver receiver = new WebhookReceiver(fixture.connector.webhook())) {
            WebhookSender.Answer answer = garmin.push(receiver.url(), List.of(a1, b1, a2));

            assertThat(answer.status()).isEqualTo(200);
            VendorWebhook.Reply reply = receiver.lastReply();
            assertThat(reply.refusal()).isNull();
            assertThat(reply.events()).extracting(Event::vendorUserId).containsExactly("user-a", "user-b");
            assertThat(reply.events()).allSatisfy(e -> assertThat(e.kind()).isEqualTo(Event.Kind.PUSHED));
            JsonNode forA = JSON.readTree(reply.events().get(0).payload());
            assertThat(forA.path("sleeps"))
                    .extracting(s -> s.path("summaryId").asText())
                    .containsExactly("a1", "a2");
            assertThat(new String(reply.events().get(0).payload(), StandardCharsets.UTF_8))
                    .doesNotContain("userAccessToken", "legacy-oauth1-token");
            JsonNode forB = JSON.readTree(reply.events().get(1).payload());
            assertThat(forB.path("sleeps"))
                    .extracting(s -> s.path("summaryId").asText())
                    .containsExactly("b1");
        }
    }

    @Test
    void aPushClaimingAnotherConsumerKeyOrNoneIsRefused() throws Exception {
        List<ObjectNode> sleeps = List.of(summary("user-a", "a1", "AUTO_FINAL"));
        try (WebhookReceiver receiver = new WebhookReceiver(fixture.connector.webhook())) {
            assertThat(garmin.pushForged(receiver.url(), sleeps, "someone-elses-key")
                            .status())
                    .isEqualTo(401);
            assertThat(garmin.pushForged(receiver.url(), sleeps, null).status()).isEqualTo(401);
            assertThat(garmin.pushForged(receiver.url(), sleeps, "consumer-ke").status())
                    .isEqualTo(401);

            assertThat(receiver.replies()).allSatisfy(reply -> {
                assertThat(reply.refusal()).isEqualTo("unknown_client_id");
                assertThat(reply.events()).isEmpty();
            });
        }
    }

    @Test
    void withASecretKeyRegisteredOnlyCallsCarryingItAreAccepted() throws Exception {
        try (GarminFixture keyed = new GarminFixture(NOW, "s3cret-path-key");
                WebhookReceiver receiver = new WebhookReceiver(keyed.connector.webhook())) {
            List<ObjectNode> sleeps = List.of(summary("user-a", "a1", "AUTO_FINAL"));

            assertThat(keyed.garmin.push(receiver.url(), sleeps).status()).isEqualTo(401);
            assertThat(keyed.garmin
                            .push(URI.create(receiver.url() + "?key=wrong"), sleeps)
                            .status())
                    .isEqualTo(401);
            assertThat(keyed.garmin
                            .push(URI.create(receiver.url() + "?key=s3cret-path-key"), sleeps)
                            .status())
                    .isEqualTo(200);

            assertThat(receiver.replies())
                    .extracting(VendorWebhook.Reply::refusal)
                    .containsExactly("bad_key", "bad_key", null);
        }
    }

    @Test
    void aDeregistrationAndAPermissionChangeWithoutHealthExportAreDeregistered() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(fixture.connector.webhook())) {
            garmin.sendDeregistration(receiver.url(), "user-a");
            garmin.sendPermissionsChange(receiver.url(), "user-b", List.of("ACTIVITY_EXPORT"));
            garmin.sendPermissionsChange(receiver.url(), "user-c", List.of("ACTIVITY_EXPORT", "HEALTH_EXPORT"));

            List<VendorWebhook.Reply> replies = receiver.replies();
            assertThat(replies).extracting(VendorWebhook.Reply::status).containsExactly(200, 200, 200);
            assertThat(replies.get(0).events()).singleElement().satisfies(e -> {
                assertThat(e.vendorUserId()).isEqualTo("user-a");
                assertThat(e.kind()).isEqualTo(Event.Kind.DEREGISTERED);
            });
            assertThat(replies.get(1).events()).singleElement().satisfies(e -> {
                assertThat(e.vendorUserId()).isEqualTo("user-b");
                assertThat(e.kind()).isEqualTo(Event.Kind.DEREGISTERED);
            });
            assertThat(replies.get(2).events()).isEmpty();
        }
    }

    @Test
    void aPingIsAChangeForTheNightsOfItsUploadWindow() throws Exception {
        long start = Instant.parse("2026-03-02T06:00:00Z").getEpochSecond();
        try (WebhookReceiver receiver = new WebhookReceiver(fixture.connector.webhook())) {
            garmin.sendPing(receiver.url(), "user-a", start, start + 3_600);

            assertThat(receiver.lastReply().events()).singleElement().satisfies(e -> {
                assertThat(e.kind()).isEqualTo(Event.Kind.CHANGED);
                assertThat(e.from()).isEqualTo(LocalDate.parse("2026-03-01"));
                assertThat(e.to()).isEqualTo(LocalDate.parse("2026-03-02"));
            });
        }
    }

    @Test
    void anUnreadableBodyOrAnotherMethodIsRefusedWithoutEvents() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(fixture.connector.webhook())) {
            WebhookSender.Answer garbage =
                    garmin.post(receiver.url(), "{\"sleeps\": [".getBytes(StandardCharsets.UTF_8), "consumer-key");
            WebhookSender.Answer get =
                    new WebhookSender().send("GET", receiver.url(), Map.of("garmin-client-id", "consumer-key"), null);

            assertThat(garbage.status()).isEqualTo(400);
            assertThat(get.status()).isEqualTo(405);
            assertThat(receiver.replies())
                    .extracting(VendorWebhook.Reply::refusal)
                    .containsExactly("unreadable_body", "method_not_allowed");
        }
    }

    private static ObjectNode summary(String userId, String summaryId, String validation) {
        ObjectNode summary = JSON.createObjectNode().put("userId", userId);
        summary.setAll(FakeGarmin.sleepSummary(summaryId, "2026-03-02", 1_772_403_600L, 5_400, validation));
        return summary;
    }
}
