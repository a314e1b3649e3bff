package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sleepdelta.embedded.testing.KafkaTestBroker;
import org.sleepdelta.ingest.auth.TestMasterKeys;
import org.sleepdelta.ingest.connect.web.ScriptedVendor;
import org.sleepdelta.ingest.vendor.Vendor;
import org.sleepdelta.platform.testing.PrometheusText;
import org.sleepdelta.schemas.connections.Connection;
import org.sleepdelta.schemas.connections.ConnectionKey;
import org.sleepdelta.schemas.connections.ConnectionRecords;
import org.sleepdelta.schemas.connections.ConnectionRequest;
import org.sleepdelta.schemas.connections.OAuthTokens;
import org.sleepdelta.schemas.json.CanonicalJson;

/**
 * The connection routes against a real broker, with {@link ScriptedVendor} as Oura: a link, the browser's round trip
 * through consent to our callback, the sealed CONNECT request, the clinic's list once an owner wrote the connection,
 * revocation, and webhooks (forged, changed, pushed). Each test uses its own client.
 */
class ConnectionsIT {
    private static final String PUBLIC_HOST = "127.0.0.1";
    private static String connectionsTopic;
    private static String requestsTopic;
    private static ScriptedVendor oura;
    private static RunningIngest ingest;
    private static ConnectionRecords records;
    private static OpenApiSpec spec;
    /** The client's browser: follows redirects, as a browser does. */
    private static final HttpClient BROWSER = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @BeforeAll
    static void start() {
        spec = OpenApiSpec.load();
        String bootstrap = KafkaTestBroker.bootstrapServers();
        connectionsTopic = KafkaTestBroker.uniqueName("connections");
        requestsTopic = KafkaTestBroker.uniqueName("connection-requests");
        RunningIngest.createTopics(bootstrap, connectionsTopic, requestsTopic);
        records = new ConnectionRecords(connectionsTopic, requestsTopic, TestMasterKeys.KEYS);
        oura = new ScriptedVendor("oura");
        int port = freePort();
        ingest = RunningIngest.builder()
                .setting("http-port", Integer.toString(port))
                .setting("connections-public-url", "http://" + PUBLIC_HOST + ":" + port)
                .setting("oura-client-id", "our-oura-app")
                .setting("oura-client-secret", "our-oura-secret")
                .wiring(w -> w.connectors(app -> oura)
                        .connectionTopics(connectionsTopic, requestsTopic)
                        .vendors(v -> v == Vendor.OURA ? Optional.of(new FakeOuraAdapter()) : Optional.empty()))
                .start();
    }

    @AfterAll
    static void stop() {
        if (ingest != null) {
            ingest.close();
        }
        oura.close();
    }

    @Test
    void aLinkFollowedThroughConsentEndsConnectedWithTheTokensSealedOnTheRequestsTopic() throws Exception {
        // given
        HttpResponse link = ingest.client
                .post("/v1/clients/link-1/connections/oura")
                .key(ingest.key)
                .json(CanonicalJson.mapper().createObjectNode().put("timezone", "Europe/Berlin"))
                .send();
        assertThat(link.status()).isEqualTo(201);
        assertThat(spec.violations("POST", "/v1/clients/{clientId}/connections/{vendor}", link))
                .isEmpty();
        assertThat(link.json().get("vendor").asText()).isEqualTo("oura");
        assertThat(link.json().get("clientId").asText()).isEqualTo("link-1");
        assertThat(Instant.parse(link.json().get("expiresAt").asText())).isAfter(Instant.now());
        String url = link.json().get("authorizationUrl").asText();
        assertThat(url).contains("code_challenge_method=S256").contains("redirect_uri=");

        // when: the client's browser opens it, consents, and is sent back to our callback
        java.net.http.HttpResponse<String> page = browse(url);

        // then
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().getPath()).isEqualTo("/v1/connections/callback");
        assertThat(page.body()).contains("Connected to Oura. You can close this window.");
        assertThat(page.body()).doesNotContain("link-1", "clinic-a", "<script");
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");

        List<ConsumerRecord<String, byte[]>> written = requestsOf("clinic-a/link-1/oura");
        assertThat(written).hasSize(1);
        assertThat(new String(written.get(0).value(), StandardCharsets.ISO_8859_1))
                .doesNotContain(ScriptedVendor.ACCESS_TOKEN_PREFIX)
                .doesNotContain("scripted-refresh-")
                .doesNotContain("link-1");
        ConnectionRequest request =
                records.request(written.get(0).key(), written.get(0).value());
        assertThat(request.type()).isEqualTo(ConnectionRequest.Type.CONNECT);
        assertThat(request.tokens().accessToken()).startsWith(ScriptedVendor.ACCESS_TOKEN_PREFIX);
        assertThat(request.vendorUserId()).startsWith("user-code-");
        assertThat(request.timezone()).as("the clinic's zone over the vendor's").isEqualTo("Europe/Berlin");
        assertThat(request.backfillFrom())
                .as("the retention (60 days), no further")
                .isEqualTo(LocalDate.now(ZoneOffset.UTC).minusDays(59));
    }

    @Test
    void theClinicListsAConnectionOnceItsOwnerWroteItAndOnlyItsOwnClinicSeesOrRevokesIt() {
        // given
        ConnectionKey key = new ConnectionKey("clinic-a", "list-1", "oura");
        assertThat(list(ingest.key, "list-1").get("connections")).isEmpty();

        // when: the owner commits the connection
        ownerWrites(Connection.connected(
                key, "user-list-1", tokens(), "Europe/Berlin", LocalDate.now().minusDays(59), Instant.now()));

        // then
        Awaitility.await("the connection listed")
                .atMost(Duration.ofSeconds(30))
                .until(() -> list(ingest.key, "list-1").get("connections").size() == 1);
        HttpResponse listResponse = ingest.client
                .get("/v1/clients/list-1/connections")
                .key(ingest.key)
                .send();
        assertThat(spec.violations("GET", "/v1/clients/{clientId}/connections", listResponse))
                .isEmpty();
        JsonNode listed = listResponse.json().get("connections").get(0);
        assertThat(listed.get("vendor").asText()).isEqualTo("oura");
        assertThat(listed.get("status").asText()).isEqualTo("BACKFILLING");
        assertThat(listed.get("lastError").isNull()).isTrue();
        assertThat(listed.toString()).doesNotContain("user-list-1", "secret");

        assertThat(list(ingest.otherClinicKey, "list-1").get("connections"))
                .as("another clinic's key")
                .isEmpty();
        HttpResponse othersDelete = ingest.client
                .delete("/v1/clients/list-1/connections/oura")
                .key(ingest.otherClinicKey)
                .send();
        assertThat(othersDelete.status()).isEqualTo(404);

        HttpResponse delete = ingest.client
                .delete("/v1/clients/list-1/connections/oura")
                .key(ingest.key)
                .send();
        assertThat(delete.status()).isEqualTo(202);
        assertThat(spec.violations("DELETE", "/v1/clients/{clientId}/connections/{vendor}", delete))
                .isEmpty();
        assertThat(spec.violations("DELETE", "/v1/clients/{clientId}/connections/{vendor}", othersDelete))
                .isEmpty();
        assertThat(delete.json().get("status").asText()).isEqualTo("REVOKE_REQUESTED");
        List<ConsumerRecord<String, byte[]>> requests = requestsOf(key.toString());
        assertThat(requests).hasSize(1);
        assertThat(records.request(requests.get(0).key(), requests.get(0).value())
                        .type())
                .isEqualTo(ConnectionRequest.Type.REVOKE);
    }

    @Test
    void anErasedConnectionIsNoLongerListedAndItsUsersWebhooksAreIgnored() {
        // given
        ConnectionKey key = new ConnectionKey("clinic-a", "erased-1", "oura");
        ownerWrites(Connection.connected(key, "user-erased-1", tokens(), null, LocalDate.now(), Instant.now()));
        Awaitility.await("the connection listed")
                .atMost(Duration.ofSeconds(30))
                .until(() -> list(ingest.key, "erased-1").get("connections").size() == 1);

        // when: its owner erases it (a tombstone)
        ownerWritesTombstone(key);
        HttpResponse webhook = ingest.client
                .post("/v1/webhooks/oura")
                .header(ScriptedVendor.SIGNATURE_HEADER, ScriptedVendor.GOOD_SIGNATURE)
                .json(webhook("user-erased-1", "CHANGED"))
                .send();

        // then
        assertThat(list(ingest.key, "erased-1").get("connections")).isEmpty();
        assertThat(webhook.status()).isEqualTo(204);
        assertThat(requestsOf(key.toString())).isEmpty();
    }

    @Test
    void aForgedWebhookIsRefusedAndWritesNothing() {
        // given
        ownerWrites(Connection.connected(
                new ConnectionKey("clinic-a", "forged-1", "oura"),
                "user-forged-1",
                tokens(),
                null,
                LocalDate.now().minusDays(10),
                Instant.now()));
        long before = TopicContents.readCommitted(ingest.bootstrapServers, requestsTopic)
                .size();

        // when
        HttpResponse response = ingest.client
                .post("/v1/webhooks/oura")
                .header(ScriptedVendor.SIGNATURE_HEADER, "forged")
                .json(webhook("user-forged-1", "CHANGED"))
                .send();

        // then
        assertThat(response.status()).isEqualTo(401);
        assertThat(TopicContents.readCommitted(ingest.bootstrapServers, requestsTopic))
                .hasSize((int) before);
        assertThat(PrometheusText.parse(scrape())
                        .value("sleepdelta_connections_webhooks_total", "vendor", "oura", "outcome", "refused"))
                .isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void aSignedWebhookAsksTheOwnerToPullAndAHandshakeIsAnswered() {
        // given
        ConnectionKey key = new ConnectionKey("clinic-a", "changed-1", "oura");
        ownerWrites(Connection.connected(key, "user-changed-1", tokens(), null, LocalDate.now(), Instant.now()));

        // when
        HttpResponse response = ingest.client
                .post("/v1/webhooks/oura")
                .header(ScriptedVendor.SIGNATURE_HEADER, ScriptedVendor.GOOD_SIGNATURE)
                .json(webhook("user-changed-1", "CHANGED"))
                .send();
        HttpResponse unknownUser = ingest.client
                .post("/v1/webhooks/oura")
                .header(ScriptedVendor.SIGNATURE_HEADER, ScriptedVendor.GOOD_SIGNATURE)
                .json(webhook("nobody-we-know", "CHANGED"))
                .send();

        // then
        assertThat(response.status()).isEqualTo(204);
        assertThat(unknownUser.status())
                .as("answered, so that the vendor does not retry")
                .isEqualTo(204);
        List<ConsumerRecord<String, byte[]>> requests = requestsOf(key.toString());
        assertThat(requests).hasSize(1);
        ConnectionRequest request =
                records.request(requests.get(0).key(), requests.get(0).value());
        assertThat(request.type()).isEqualTo(ConnectionRequest.Type.NOTIFY);
        assertThat(request.pull()).isTrue();

        java.net.http.HttpResponse<String> handshake =
                browse("http://127.0.0.1:" + ingest.service.port() + "/v1/webhooks/oura?challenge=abc123");
        assertThat(handshake.statusCode()).isEqualTo(200);
        assertThat(handshake.body()).isEqualTo("abc123");
        java.net.http.HttpResponse<String> head = send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ingest.service.port() + "/v1/webhooks/oura?challenge=abc123"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).as("Withings checks the URL with HEAD").isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void aPushedNightIsWrittenAsTheUploadOfTheSamePayloadIs() {
        // given
        ConnectionKey key = new ConnectionKey("clinic-a", "push-1", "oura");
        ownerWrites(Connection.connected(
                key, "user-push-1", tokens(), "Europe/Berlin", LocalDate.now().minusDays(59), Instant.now()));
        ObjectNode payload = ouraPayload();
        HttpResponse upload = ingest.client
                .post("/v1/wearables/oura/sleep?clientId=push-1&timezone=Europe/Berlin")
                .key(ingest.key)
                .json(payload)
                .send();
        assertThat(upload.status()).isEqualTo(202);
        List<byte[]> uploaded = sleepValuesOf("clinic-a/push-1");
        assertThat(uploaded).hasSize(2);

        // when
        ObjectNode push = webhook("user-push-1", "PUSHED");
        push.set("payload", payload);
        HttpResponse response = ingest.client
                .post("/v1/webhooks/oura")
                .header(ScriptedVendor.SIGNATURE_HEADER, ScriptedVendor.GOOD_SIGNATURE)
                .json(push)
                .send();

        // then
        assertThat(response.status()).isEqualTo(204);
        List<byte[]> all = sleepValuesOf("clinic-a/push-1");
        assertThat(all).hasSize(4);
        for (int i = 0; i < 2; i++) {
            assertThat(all.get(2 + i)).as("pushed record %d, byte for byte", i).isEqualTo(uploaded.get(i));
        }
        List<ConsumerRecord<String, byte[]>> requests = requestsOf(key.toString());
        assertThat(requests).hasSize(1);
        ConnectionRequest notify =
                records.request(requests.get(0).key(), requests.get(0).value());
        assertThat(notify.type()).isEqualTo(ConnectionRequest.Type.NOTIFY);
        assertThat(notify.pull()).as("the data came with the call").isFalse();
    }

    @Test
    void aTamperedOrRefusedCallbackConnectsNothing() {
        // given
        String url = ingest.client
                .post("/v1/clients/tamper-1/connections/oura")
                .key(ingest.key)
                .json(CanonicalJson.mapper().createObjectNode().put("timezone", "Europe/Berlin"))
                .send()
                .json()
                .get("authorizationUrl")
                .asText();

        // when
        java.net.http.HttpResponse<String> tampered = browse("http://127.0.0.1:" + ingest.service.port()
                + "/v1/connections/callback?code=code-x&state=AAAA" + "B".repeat(60));
        oura.denyConsent(true);
        java.net.http.HttpResponse<String> denied;
        try {
            denied = browse(url);
        } finally {
            oura.denyConsent(false);
        }

        // then
        assertThat(tampered.statusCode()).isEqualTo(400);
        assertThat(tampered.body()).contains("invalid or has expired");
        assertThat(denied.statusCode()).isEqualTo(200);
        assertThat(denied.body()).contains("nothing was connected");
        assertThat(requestsOf("clinic-a/tamper-1/oura")).isEmpty();
    }

    @Test
    void aLinkRequestIsValidatedAndAnUnconfiguredVendorIsNamed() {
        // when
        HttpResponse badZone = ingest.client
                .post("/v1/clients/bad-1/connections/oura")
                .key(ingest.key)
                .json(CanonicalJson.mapper().createObjectNode().put("timezone", "Mars/Olympus"))
                .send();
        HttpResponse unconfigured = ingest.client
                .post("/v1/clients/bad-1/connections/garmin")
                .key(ingest.key)
                .send();
        HttpResponse unknown = ingest.client
                .post("/v1/clients/bad-1/connections/acme")
                .key(ingest.key)
                .send();
        HttpResponse noKey =
                ingest.client.post("/v1/clients/bad-1/connections/oura").send();
        HttpResponse noZone = ingest.client
                .post("/v1/clients/bad-1/connections/oura")
                .key(ingest.key)
                .send();

        // then
        assertThat(badZone.status()).isEqualTo(400);
        assertThat(badZone.json().get("message").asText()).contains("timezone");
        assertThat(noZone.status()).as("Oura's data names no zone").isEqualTo(400);
        assertThat(noZone.json().get("message").asText()).contains("timezone is required for oura");
        assertThat(unconfigured.status()).isEqualTo(404);
        assertThat(unconfigured.error()).isEqualTo("vendor_not_configured");
        assertThat(unconfigured.json().get("message").asText()).contains("garmin-client-id");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(noKey.status()).isEqualTo(401);
    }

    @Test
    void aRealBrowserFollowsTheLinkThroughConsentAndShowsTheConnectedPage() throws Exception {
        // given
        String url = ingest.client
                .post("/v1/clients/browser-1/connections/oura")
                .key(ingest.key)
                .json(CanonicalJson.mapper().createObjectNode().put("timezone", "Europe/Berlin"))
                .send()
                .json()
                .get("authorizationUrl")
                .asText();

        // when: headless Chromium opens the link, is redirected by the vendor's consent to our callback
        String dom = HeadlessChromium.dumpDom(url);

        // then
        assertThat(dom).contains("Connected to Oura. You can close this window.");
        assertThat(dom).doesNotContain("browser-1", "<script");
        assertThat(requestsOf("clinic-a/browser-1/oura")).hasSize(1);
    }

    private static JsonNode list(String key, String clientId) {
        HttpResponse response = ingest.client
                .get("/v1/clients/" + clientId + "/connections")
                .key(key)
                .send();
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }

    private static List<ConsumerRecord<String, byte[]>> requestsOf(String key) {
        return TopicContents.readCommitted(ingest.bootstrapServers, requestsTopic).stream()
                .filter(r -> key.equals(r.key()))
                .toList();
    }

    private static List<byte[]> sleepValuesOf(String key) {
        return ingest.readPlaintext(ingest.sleepTopic).stream()
                .filter(r -> key.equals(r.key()))
                .sorted(java.util.Comparator.comparingLong(ConsumerRecord::offset))
                .map(ConsumerRecord::value)
                .toList();
    }

    /** As the connection's owner would, outside any transaction: the directory reads committed records. */
    private static void ownerWrites(Connection connection) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ingest.bootstrapServers),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(records.record(connection)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void ownerWritesTombstone(ConnectionKey key) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ingest.bootstrapServers),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(records.tombstone(key)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static OAuthTokens tokens() {
        return new OAuthTokens(
                "owner-access-secret", "owner-refresh-secret", Instant.now().plusSeconds(3600), null);
    }

    private static ObjectNode webhook(String user, String kind) {
        return CanonicalJson.mapper().createObjectNode().put("user", user).put("kind", kind);
    }

    private static ObjectNode ouraPayload() {
        ObjectNode payload = CanonicalJson.mapper().createObjectNode();
        ArrayNode sleep = payload.putArray("sleep");
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        for (int daysAgo : new int[] {2, 1}) {
            Instant nightEnd = end.minus(daysAgo, ChronoUnit.DAYS);
            sleep.addObject()
                    .put("id", "night-" + daysAgo)
                    .put("start", nightEnd.minus(8, ChronoUnit.HOURS).toString())
                    .put("end", nightEnd.toString())
                    .put("total", 400 + daysAgo);
        }
        return payload;
    }

    private static java.net.http.HttpResponse<String> browse(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)));
    }

    private static String scrape() {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.service.metricsPort() + "/metrics")))
                .body();
    }

    private static java.net.http.HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return BROWSER.send(
                    request.timeout(Duration.ofSeconds(30)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
