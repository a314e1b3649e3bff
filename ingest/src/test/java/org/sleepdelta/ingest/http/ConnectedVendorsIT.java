package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sleepdelta.embedded.testing.KafkaTestBroker;
import org.sleepdelta.fakes.ScriptedBrowser;
import org.sleepdelta.fakes.oura.FakeOura;
import org.sleepdelta.fakes.withings.FakeWithings;
import org.sleepdelta.ingest.vendor.VendorAdapters;
import org.sleepdelta.schemas.json.CanonicalJson;

/**
 * Connections end to end, with nothing scripted on our side: a real ingest service (routes, owner, the real
 * connectors) against the Withings and Oura fakes over loopback HTTP, on a real broker. A client connects through the
 * OAuth flow in a scripted browser; the owner backfills; a webhook brings a re-scored night; a forged webhook changes
 * nothing; a disconnect revokes at the vendor and stops pulling.
 */
class ConnectedVendorsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeWithings withings;
    private static FakeOura oura;
    private static RunningIngest ingest;
    private static URI base;

    @BeforeAll
    static void start() {
        withings = new FakeWithings(Clock.systemUTC());
        oura = new FakeOura(Clock.systemUTC());
        int port = freePort();
        base = URI.create("http://127.0.0.1:" + port);
        String connections = KafkaTestBroker.uniqueName("connections");
        String requests = KafkaTestBroker.uniqueName("connection-requests");
        RunningIngest.createTopics(KafkaTestBroker.bootstrapServers(), connections, requests);
        ingest = RunningIngest.builder()
                .setting("http-port", Integer.toString(port))
                // the fixtures' nights are from March 2026
                .setting("retention-days", "3650")
                .setting("connection-backfill-page-days", "365")
                .setting("connection-owner-group", KafkaTestBroker.uniqueName("connection-owners"))
                .setting("connections-public-url", base.toString())
                .setting("withings-client-id", withings.oauth().clientId())
                .setting("withings-client-secret", withings.oauth().clientSecret())
                .setting("withings-authorize-url", withings.authorizeUrl().toString())
                .setting("withings-token-url", withings.tokenUrl().toString())
                .setting("withings-api-url", withings.apiUrl().toString())
                .setting("oura-client-id", oura.oauth().clientId())
                .setting("oura-client-secret", oura.oauth().clientSecret())
                .setting("oura-authorize-url", oura.authorizeUrl().toString())
                .setting("oura-token-url", oura.tokenUrl().toString())
                .setting("oura-api-url", oura.apiUrl().toString())
                .wiring(w -> w.vendors(VendorAdapters::forVendor).connectionTopics(connections, requests))
                .start();
    }

    @AfterAll
    static void stop() {
        if (ingest != null) {
            ingest.close();
        }
        withings.close();
        oura.close();
    }

    @Test
    void withingsNightsPulledAfterConsentAreTheUploadedRecordsByteForByte() throws Exception {
        // given the client's nights at Withings, and the same payload uploaded for the same client first
        ObjectNode response = (ObjectNode) JSON.readTree(resource("/vendor/withings/getsummary.json"));
        com.fasterxml.jackson.databind.node.ArrayNode series = JSON.createArrayNode();
        for (JsonNode item : response.path("body").path("series")) {
            // an upload refuses a payload with an unreadable night, and the fixture has two on purpose
            boolean readable = (item.path("data").has("total_sleep_time")
                            || item.path("data").has("asleepduration"))
                    && item.path("enddate").asLong() > item.path("startdate").asLong();
            if (readable) {
                series.add(item);
                withings.putSleep("7001", (ObjectNode) item);
            }
        }
        ((ObjectNode) response.path("body")).set("series", series);
        byte[] payload = JSON.writeValueAsBytes(response);
        HttpResponse upload = ingest.client
                .post("/v1/wearables/withings/sleep?clientId=w-1&timezone=Europe/Paris")
                .key(ingest.key)
                .body(payload, "application/json")
                .send();
        assertThat(upload.status()).as("%s", upload.json()).isEqualTo(202);
        int uploaded = upload.json().get("accepted").asInt();

        // when the client connects
        connect("w-1", "withings", "7001", "Europe/Paris");

        // then the owner's backfill writes the same records again, byte for byte
        List<ConsumerRecord<String, byte[]>> records = Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> recordsOf("w-1"), list -> list.size() == 2 * uploaded);
        for (int i = 0; i < uploaded; i++) {
            assertThat(records.get(uploaded + i).value())
                    .as("pulled record %d", i)
                    .isEqualTo(records.get(i).value());
        }
        assertThat(connection("w-1", "withings").path("status").asText()).isEqualTo("ACTIVE");

        // and a re-scored night arrives after Withings' notification
        ObjectNode revised =
                (ObjectNode) JSON.readTree(payload).path("body").path("series").get(0);
        revised.put("modified", revised.path("modified").asLong() + 3600);
        ((ObjectNode) revised.path("data")).put("total_sleep_time", 25_500);
        withings.putSleep("7001", revised);
        int notified = withings.sendSleepNotification(
                        base.resolve("/v1/webhooks/withings"),
                        "7001",
                        Instant.ofEpochSecond(revised.path("startdate").asLong()),
                        Instant.ofEpochSecond(revised.path("enddate").asLong()))
                .status();
        assertThat(notified).isBetween(200, 299);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> recordsOf("w-1").stream()
                        .anyMatch(r -> new String(r.value(), java.nio.charset.StandardCharsets.ISO_8859_1)
                                        .contains(
                                                "withings:" + revised.path("id").asText())
                                && totalSleep(r) == 425.0));
    }

    @Test
    void aForgedOuraWebhookIsRefusedAndADisconnectRevokesAtTheVendorAndStopsPulling() throws Exception {
        // given a connected Oura client
        byte[] payload = resource("/vendor/oura/sleep-collection.json");
        for (JsonNode document : JSON.readTree(payload).path("data")) {
            oura.putSleep("oura-user-1", (ObjectNode) document);
        }
        connect("o-1", "oura", "oura-user-1", "America/Chicago");
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> connection("o-1", "oura").path("status").asText(), "ACTIVE"::equals);
        int pulled = recordsOf("o-1").size();
        assertThat(pulled).isPositive();

        // when a forged notification arrives
        ObjectNode notification = oura.notification("update", "oura-user-1", "some-document");
        int forged = oura.sendForgedWebhook(base.resolve("/v1/webhooks/oura"), notification)
                .status();

        // then it is refused
        assertThat(forged).isEqualTo(401);

        // when the clinic disconnects
        HttpResponse revoke = ingest.client
                .delete("/v1/clients/o-1/connections/oura")
                .key(ingest.key)
                .send();
        assertThat(revoke.status()).isEqualTo(202);

        // then the owner revokes at Oura, and a later genuine notification pulls nothing
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> connection("o-1", "oura").path("status").asText(), "REVOKED"::equals);
        long sleepCallsAfterRevoke =
                oura.server().requests("/v2/usercollection/sleep").size();
        assertThat(oura.sendWebhook(base.resolve("/v1/webhooks/oura"), notification)
                        .status())
                .isBetween(200, 299);
        assertThat(oura.server().requests("/oauth/revoke")).isNotEmpty();
        Awaitility.await()
                .during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .until(() -> oura.server().requests("/v2/usercollection/sleep").size() == sleepCallsAfterRevoke);
        assertThat(recordsOf("o-1")).hasSize(pulled);
    }

    private static void connect(String clientId, String vendor, String vendorUser, String timezone) throws Exception {
        HttpResponse link = ingest.client
                .post("/v1/clients/" + clientId + "/connections/" + vendor)
                .key(ingest.key)
                .json(CanonicalJson.mapper().createObjectNode().put("timezone", timezone))
                .send();
        assertThat(link.status()).isEqualTo(201);
        ScriptedBrowser.Visit visit = new ScriptedBrowser()
                .consent(URI.create(link.json().get("authorizationUrl").asText()), vendorUser);
        assertThat(visit.status()).isEqualTo(200);
        assertThat(visit.page()).contains("Connected");
    }

    private static JsonNode connection(String clientId, String vendor) {
        HttpResponse list = ingest.client
                .get("/v1/clients/" + clientId + "/connections")
                .key(ingest.key)
                .send();
        for (JsonNode connection : list.json().path("connections")) {
            if (connection.path("vendor").asText().equals(vendor)) {
                return connection;
            }
        }
        return JSON.createObjectNode();
    }

    private static List<ConsumerRecord<String, byte[]>> recordsOf(String clientId) {
        return ingest.readPlaintext(ingest.sleepTopic).stream()
                .filter(r -> r.key().equals("clinic-a/" + clientId))
                .toList();
    }

    private static double totalSleep(ConsumerRecord<String, byte[]> record) {
        return org.sleepdelta.schemas.codec.Codecs.sleepRecord()
                .decode(record.value())
                .getTotalSleepMinutes();
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = ConnectedVendorsIT.class.getResourceAsStream(path)) {
            return in.readAllBytes();
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
