package org.sleepdelta.cli.demo.connected;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.avro.SleepSource;
import org.sleepdelta.fakes.ScriptedBrowser;
import org.sleepdelta.fakes.withings.FakeWithings;
import org.sleepdelta.schemas.ClientKey;
import org.sleepdelta.simulator.EventKind;
import org.sleepdelta.simulator.SimulatedEvent;
import org.sleepdelta.simulator.Simulation;

/**
 * The demo's clients whose wearable is connected instead of uploaded: their Withings nights go into the Withings fake,
 * each client is connected through the full OAuth flow (a link from ingest, consent in a scripted browser, our
 * callback), and the nights reach the pipeline because ingest pulls them, told by Withings-style webhooks as they
 * arrive. Everything else of these clients (other devices, sessions) is uploaded as before.
 */
public final class ConnectedClients implements AutoCloseable {
    public static final String VENDOR = "withings";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeWithings withings;
    private final Map<ClientKey, String> vendorUserByClient;
    private final Set<String> skippedRecordIds = new HashSet<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private long revision = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
    private long nightsDelivered;
    private long webhooksSent;
    private long deletionsTheApiCannotReport;
    /** When each client's last notification was sent: a pull that ended later has what it announced. */
    private final Map<ClientKey, Instant> notifiedAt = new java.util.concurrent.ConcurrentHashMap<>();

    private ConnectedClients(FakeWithings withings, Map<ClientKey, String> vendorUserByClient) {
        this.withings = withings;
        this.vendorUserByClient = vendorUserByClient;
    }

    /**
     * Up to {@code count} clients wearing a Withings device, spread over the clinics in turn, with the Withings fake
     * started for them.
     */
    public static ConnectedClients choose(Simulation simulation, int count) {
        Map<String, List<ClientKey>> byClinic = new LinkedHashMap<>();
        Set<ClientKey> seen = new HashSet<>();
        for (SimulatedEvent event : simulation.events()) {
            if (event.isSleepRecord() && event.sleepRecord().getSource() == SleepSource.WITHINGS) {
                ClientKey client = new ClientKey(
                        event.sleepRecord().getClinicId(), event.sleepRecord().getClientId());
                if (seen.add(client)) {
                    byClinic.computeIfAbsent(client.clinicId(), c -> new ArrayList<>())
                            .add(client);
                }
            }
        }
        Map<ClientKey, String> chosen = new LinkedHashMap<>();
        for (int round = 0; chosen.size() < count; round++) {
            boolean any = false;
            for (List<ClientKey> clients : byClinic.values()) {
                if (round < clients.size() && chosen.size() < count) {
                    chosen.put(clients.get(round), Long.toString(40_000_000L + chosen.size()));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        FakeWithings fake = new FakeWithings(
                Clock.systemUTC(), "sleepdelta-demo", HexFormat.of().formatHex(secret));
        return new ConnectedClients(fake, chosen);
    }

    public int size() {
        return vendorUserByClient.size();
    }

    /** The settings that point ingest's Withings connections at the fake. */
    public Map<String, String> ingestEnvironment(URI publicUrl) {
        return Map.of(
                "SLEEPDELTA_CONNECTIONS_PUBLIC_URL", publicUrl.toString(),
                "SLEEPDELTA_WITHINGS_CLIENT_ID", withings.oauth().clientId(),
                "SLEEPDELTA_WITHINGS_CLIENT_SECRET", withings.oauth().clientSecret(),
                "SLEEPDELTA_WITHINGS_AUTHORIZE_URL", withings.authorizeUrl().toString(),
                "SLEEPDELTA_WITHINGS_TOKEN_URL", withings.tokenUrl().toString(),
                "SLEEPDELTA_WITHINGS_API_URL", withings.apiUrl().toString(),
                // The demo replays months in a minute against a fake without limits: one window reaches from a
                // notified night to today, and the rate limit is not the default share of Withings' 120 a minute.
                "SLEEPDELTA_CONNECTION_BACKFILL_PAGE_DAYS", "365",
                "SLEEPDELTA_WITHINGS_REQUESTS_PER_MINUTE", "60000");
    }

    /** Whether this client's wearable is connected (its nights from that wearable arrive by pull). */
    public boolean isConnected(ClientKey client) {
        return vendorUserByClient.containsKey(client);
    }

    /** Whether the event is one of the nights that arrive through the connection rather than an upload. */
    public boolean arrivesByConnection(SimulatedEvent event) {
        return event.isSleepRecord()
                && event.sleepRecord().getSource() == SleepSource.WITHINGS
                && vendorUserByClient.containsKey(new ClientKey(
                        event.sleepRecord().getClinicId(), event.sleepRecord().getClientId()));
    }

    /**
     * Connects every chosen client: a link from ingest with the clinic's key, then the client's consent in a scripted
     * browser, which the fake sends back to ingest's callback.
     */
    public void connectAll(URI ingest, Map<String, String> keyByClinic) throws IOException, InterruptedException {
        ScriptedBrowser browser = new ScriptedBrowser();
        for (Map.Entry<ClientKey, String> client : vendorUserByClient.entrySet()) {
            ClientKey key = client.getKey();
            JsonNode link = call(
                    "POST",
                    ingest.resolve("/v1/clients/" + key.clientId() + "/connections/" + VENDOR),
                    keyByClinic.get(key.clinicId()),
                    "{}",
                    201);
            ScriptedBrowser.Visit visit =
                    browser.consent(URI.create(link.path("authorizationUrl").asText()), client.getValue());
            if (visit.status() != 200) {
                throw new IllegalStateException("the OAuth callback answered " + visit.status() + " for a demo client");
            }
        }
    }

    /**
     * Puts this chunk's connected nights into the fake, as Withings would have them after the devices synced, and
     * sends one sleep notification per client for the nights that changed.
     *
     * @return whether any notification was sent
     */
    public boolean deliver(List<SimulatedEvent> events, URI webhook) {
        Map<ClientKey, Instant[]> changed = new LinkedHashMap<>();
        for (SimulatedEvent event : events) {
            if (!arrivesByConnection(event)) {
                continue;
            }
            SleepRecord record = event.sleepRecord();
            ClientKey client = new ClientKey(record.getClinicId(), record.getClientId());
            String user = vendorUserByClient.get(client);
            if (event.kind() == EventKind.SLEEP_SPURIOUS) {
                // Withings would never have listed it: the upload path sends it and withdraws it later
                skippedRecordIds.add(record.getSourceRecordId());
                continue;
            }
            if (event.kind() == EventKind.SLEEP_DELETION || Boolean.TRUE.equals(record.getDeleted())) {
                if (!skippedRecordIds.contains(record.getSourceRecordId())) {
                    withings.deleteSleep(user, Long.toString(WithingsNights.numericId(record.getSourceRecordId())));
                    deletionsTheApiCannotReport++;
                }
                continue;
            }
            withings.putSleep(user, WithingsNights.item(record, ++revision));
            nightsDelivered++;
            Instant[] span =
                    changed.computeIfAbsent(client, c -> new Instant[] {record.getSleepStart(), record.getSleepEnd()});
            span[0] = record.getSleepStart().isBefore(span[0]) ? record.getSleepStart() : span[0];
            span[1] = record.getSleepEnd().isAfter(span[1]) ? record.getSleepEnd() : span[1];
        }
        changed.forEach((client, span) -> {
            notifiedAt.put(client, Instant.now());
            int status = withings.sendSleepNotification(webhook, vendorUserByClient.get(client), span[0], span[1])
                    .status();
            if (status / 100 != 2) {
                throw new IllegalStateException("ingest's Withings webhook answered " + status);
            }
            webhooksSent++;
        });
        return !changed.isEmpty();
    }

    /**
     * Waits until every connection has finished a pull that ended after the last notification: then every night
     * delivered is in the input topics. The demo waits after each chunk, so that the connected clients' nights reach
     * the pipeline in step with the uploads, as they would from a synced device (a night far behind the partition's
     * event time would be refused as too late by the streams application).
     *
     * @return the connections' states, counted
     */
    public Map<String, Integer> awaitPulled(URI ingest, Map<String, String> keyByClinic, Duration timeout) {
        try {
            return pollUntilPulled(ingest, keyByClinic, timeout);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the connections' pulls", e);
        }
    }

    private Map<String, Integer> pollUntilPulled(URI ingest, Map<String, String> keyByClinic, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, Integer> states = new LinkedHashMap<>();
            boolean done = true;
            for (ClientKey key : vendorUserByClient.keySet()) {
                JsonNode list = call(
                        "GET",
                        ingest.resolve("/v1/clients/" + key.clientId() + "/connections"),
                        keyByClinic.get(key.clinicId()),
                        null,
                        200);
                JsonNode connection = null;
                for (JsonNode c : list.path("connections")) {
                    if (VENDOR.equals(c.path("vendor").asText())) {
                        connection = c;
                    }
                }
                String status = connection == null
                        ? "MISSING"
                        : connection.path("status").asText();
                states.merge(status, 1, Integer::sum);
                String lastSuccess = connection == null
                        ? ""
                        : connection.path("lastSuccessAt").asText("");
                // ACTIVE: the pull reached today; ended after the client's last notification: it has what that
                // announced
                Instant notified = notifiedAt.get(key);
                done &= status.equals("ACTIVE")
                        && (notified == null
                                || (!lastSuccess.isEmpty()
                                        && Instant.parse(lastSuccess).isAfter(notified)));
            }
            if (done) {
                return states;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("connected clients' nights were not all pulled within " + timeout
                        + "; connection states " + states);
            }
            Thread.sleep(250); // polling ingest's own API, as a clinic would
        }
    }

    public long nightsDelivered() {
        return nightsDelivered;
    }

    public long webhooksSent() {
        return webhooksSent;
    }

    /** Nights withdrawn at Withings after being listed: its API has no way to say so (docs/connections/withings.md). */
    public long deletionsTheApiCannotReport() {
        return deletionsTheApiCannotReport;
    }

    /** Data-API requests the fake answered. */
    public long vendorRequests() {
        return withings.server().requests("/v2/sleep").size();
    }

    private JsonNode call(String method, URI uri, String apiKey, String body, int expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + apiKey)
                .timeout(Duration.ofSeconds(30));
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(
                    method + " " + uri.getPath() + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    @Override
    public void close() {
        withings.close();
    }
}
