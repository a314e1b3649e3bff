package org.sleepdelta.cli.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.sleepdelta.dashboard.local.InitScript;
import org.sleepdelta.schemas.Topics;

/**
 * Issue 12's erase-everything test, run against a running demo (demo-sized: every simulated clinic, client and
 * night): erase two clients of two clinics through the HTTP API as a clinic would, wait until every stage reports,
 * then search every topic (raw bytes, internal and compacted ones included, aborted records included), every file of
 * the streams state directory (RocksDB, uncompressed) and every table for anything of theirs. Other clients' rows and
 * dashboard records must be exactly as before, key by key.
 *
 * <p>What counts as "of theirs": the client id and the ids of their sleep records and sessions, which are in every
 * payload, store value and row of theirs. What may still name the client, by design and documented in
 * docs/privacy.md: the record keys of the input topics (their values are ciphertext whose data key is destroyed),
 * tombstones (a key with no value) until {@code delete.retention.ms}, the erasure request itself on
 * {@code client-erasures} until that topic's retention, and the keys of its requests to the client's connection owners
 * on {@code connection-requests} (their values are sealed) until that topic's retention.
 */
public final class EraseEverythingCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMPLETES_WITHIN = Duration.ofMinutes(2);
    private static final Duration FORGOTTEN_WITHIN = Duration.ofMinutes(4);

    private final DemoAddresses demo;
    private final LocalDate lastNight;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger fillerRound = new AtomicInteger();

    public EraseEverythingCheck(String demoOutput, LocalDate lastNight) {
        this.demo = DemoAddresses.of(demoOutput);
        this.lastNight = lastNight;
    }

    /** A client to erase, and the strings that only its data contains. */
    private record Erased(String clinicId, String clientId, List<String> markers) {
        String key() {
            return clinicId + "/" + clientId;
        }
    }

    /** @return a line for the test's output: how long the erasure took */
    public String run() throws Exception {
        Map<String, String> keys = apiKeys();
        List<Erased> erased;
        Map<String, String> rowsBefore;
        try (Connection owner = owner()) {
            erased = chooseTwoClients(owner);
            rowsBefore = otherClientsRows(owner, erased);
            Markers markers = markersOf(erased);
            assertThat(TableScan.search(owner, markers))
                    .as("before erasure the scan finds the clients' rows (the scan can fail)")
                    .isNotEmpty();
        }
        Markers markers = markersOf(erased);
        List<TopicScan.Stored> topicsBefore = TopicScan.everyRecord(demo.bootstrapServers());
        assertThat(readableFindings(topicsBefore, markers))
                .as("before erasure the scan finds the clients' data on topics (the scan can fail)")
                .isNotEmpty();
        // Under exactly-once, Kafka Streams flushes a RocksDB memtable only at a checkpoint (every 10,000 records of
        // a task) or on close, so the demo's stores may have nothing on disk yet: what they hold is checked through
        // their changelogs, which the topic scan reads. Whatever did reach the disk is searched after the erasure.
        int onDiskBefore = FileScan.search(demo.streamsState(), markers).size();
        Map<String, String> dashboardBefore = latestDashboardValues(topicsBefore, erased);

        long started = System.nanoTime();
        List<String> statusUrls = new ArrayList<>();
        for (Erased client : erased) {
            statusUrls.add(erase(client, keys.get(client.clinicId())));
        }
        for (int i = 0; i < erased.size(); i++) {
            awaitComplete(statusUrls.get(i), keys.get(erased.get(i).clinicId()));
        }
        double completeSeconds = (System.nanoTime() - started) / 1e9;

        try (Connection owner = owner()) {
            assertThat(otherClientsRows(owner, erased))
                    .as("every other client's rows, key by key")
                    .isEqualTo(rowsBefore);
            assertThat(TableScan.search(owner, markers))
                    .as("anything of the erased clients in any table")
                    .isEmpty();
        }
        List<TopicScan.Stored> topicsAfter = TopicScan.everyRecord(demo.bootstrapServers());
        assertThat(latestDashboardValues(topicsAfter, erased))
                .as("every other client's latest dashboard record, key by key")
                .isEqualTo(dashboardBefore);

        // A clinic that keeps sending after the erasure: ingest accepts (it keeps no deny list) and seals the night
        // under a new data key, which the streams application destroys when it drops the record.
        for (Erased client : erased) {
            post("/v1/sleep-records", keys.get(client.clinicId()), lateNight(client));
        }

        // Compaction only reaches segments that have rolled, and a segment rolls when a record is appended after
        // its age limit: new clients' sessions and nights keep arriving, as in any running pipeline. Without them,
        // a partition that receives nothing after the tombstones keeps the values they replace (docs/privacy.md).
        await().atMost(FORGOTTEN_WITHIN).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
            sendFillerNights(keys);
            List<TopicScan.Stored> now = TopicScan.everyRecord(demo.bootstrapServers());
            assertThat(readableFindings(now, markers))
                    .as("anything of the erased clients readable on any topic")
                    .isEmpty();
            assertThat(liveDataKeys(now, erased))
                    .as("data keys of the erased clients still on client-keys")
                    .isEmpty();
            assertThat(FileScan.search(demo.streamsState(), markers))
                    .as("anything of the erased clients in the streams state directory")
                    .isEmpty();
        });
        double forgottenSeconds = (System.nanoTime() - started) / 1e9;
        return String.format(
                "erased 2 clients: every stage complete after %.1f s; nothing of theirs readable on any topic, in the"
                        + " streams state directory (%d findings on disk before the erasure) or in any table after"
                        + " %.1f s",
                completeSeconds, onDiskBefore, forgottenSeconds);
    }

    private Connection owner() throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + demo.postgresPort() + "/" + InitScript.DATABASE,
                InitScript.SINK_USER,
                InitScript.SINK_PASSWORD);
    }

    private Map<String, String> apiKeys() throws Exception {
        Map<String, String> keys = new HashMap<>();
        for (String line : Files.readAllLines(demo.apiKeys())) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] parts = line.trim().split("\\s+");
                keys.put(parts[0], parts[1]);
            }
        }
        return keys;
    }

    /** The client with the most rows in each of two clinics, whose client id no other clinic uses. */
    private static List<Erased> chooseTwoClients(Connection owner) throws SQLException {
        List<Erased> chosen = new ArrayList<>();
        Set<String> clinics = new HashSet<>();
        try (ResultSet rs = owner.createStatement()
                .executeQuery("SELECT clinic_id, client_id FROM sleep_change"
                        + " WHERE client_id IN (SELECT client_id FROM nightly_sleep GROUP BY client_id"
                        + " HAVING count(DISTINCT clinic_id) = 1)"
                        + " GROUP BY clinic_id, client_id ORDER BY count(*) DESC, clinic_id, client_id")) {
            while (rs.next() && chosen.size() < 2) {
                if (clinics.add(rs.getString(1))) {
                    chosen.add(new Erased(
                            rs.getString(1), rs.getString(2), markers(owner, rs.getString(1), rs.getString(2))));
                }
            }
        }
        assertThat(chosen).hasSize(2);
        return chosen;
    }

    /** The client id, and the ids of a few of its sleep records and sessions. */
    private static List<String> markers(Connection owner, String clinicId, String clientId) throws SQLException {
        List<String> markers = new ArrayList<>(List.of(clientId, "late-" + clientId));
        markers.addAll(strings(
                owner,
                "SELECT DISTINCT source_record_id FROM nightly_sleep WHERE clinic_id = ? AND client_id = ?"
                        + " ORDER BY 1 LIMIT 5",
                clinicId,
                clientId));
        markers.addAll(strings(
                owner,
                "SELECT DISTINCT session_id FROM sleep_change WHERE clinic_id = ? AND client_id = ? ORDER BY 1 LIMIT 5",
                clinicId,
                clientId));
        return markers;
    }

    private static List<String> strings(Connection owner, String sql, String clinicId, String clientId)
            throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement query = owner.prepareStatement(sql)) {
            query.setString(1, clinicId);
            query.setString(2, clientId);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }

    private static Markers markersOf(List<Erased> erased) {
        List<String> all = new ArrayList<>();
        erased.forEach(e -> all.addAll(e.markers()));
        return new Markers(all);
    }

    /** Every row of the dashboard tables but the erased clients', by primary key, without the time it was written. */
    private static Map<String, String> otherClientsRows(Connection owner, List<Erased> erased) throws SQLException {
        Set<String> excluded = new HashSet<>();
        erased.forEach(e -> excluded.add(e.key()));
        Map<String, String> rows = new LinkedHashMap<>();
        String[] queries = {
            "SELECT clinic_id || '/' || client_id, 'sleep_change/' || session_id || '/' || metric_window,"
                    + " (to_jsonb(t) - 'updated_at')::text FROM sleep_change t",
            "SELECT clinic_id || '/' || client_id, 'nightly_sleep/' || night,"
                    + " (to_jsonb(t) - 'updated_at')::text FROM nightly_sleep t"
        };
        for (String sql : queries) {
            try (ResultSet rs = owner.createStatement().executeQuery(sql)) {
                while (rs.next()) {
                    if (!excluded.contains(rs.getString(1))) {
                        rows.put(rs.getString(1) + "/" + rs.getString(2), rs.getString(3));
                    }
                }
            }
        }
        return rows;
    }

    /** The dashboard topic's latest value per key (as raw bytes), other clients only. */
    private static Map<String, String> latestDashboardValues(List<TopicScan.Stored> records, List<Erased> erased) {
        Map<String, String> latest = new HashMap<>();
        for (TopicScan.Stored r : records) {
            if (!r.topic().equals(Topics.SLEEP_CHANGE_METRICS) || r.key() == null) {
                continue;
            }
            String key = new String(r.key(), StandardCharsets.UTF_8);
            if (erased.stream().anyMatch(e -> key.startsWith(e.key() + "/"))) {
                continue;
            }
            if (r.value() == null) {
                latest.remove(key);
            } else {
                latest.put(key, Base64.getEncoder().encodeToString(r.value()));
            }
        }
        return latest;
    }

    /**
     * Places where a marker can be read. A marker in a record key is allowed only where docs/privacy.md says why:
     * on a tombstone, as the key of an input record (its value is ciphertext under a destroyed key), on
     * {@code client-erasures}, which holds the erasure requests themselves, or as the key of a connection request.
     */
    static List<Finding> readableFindings(List<TopicScan.Stored> records, Markers markers) {
        List<Finding> findings = new ArrayList<>();
        for (TopicScan.Stored r : records) {
            if (r.topic().equals(Topics.CLIENT_ERASURES)) {
                continue;
            }
            for (String marker : markers.in(r.value())) {
                findings.add(new Finding(marker, r.place("value")));
            }
            r.headers()
                    .forEach(h -> markers.in(h.value())
                            .forEach(marker -> findings.add(new Finding(marker, r.place("header " + h.key())))));
            boolean keyMayNameTheClient = r.value() == null
                    || r.topic().equals(Topics.SLEEP_RECORDS)
                    || r.topic().equals(Topics.MASSAGE_SESSIONS)
                    // the erasure's own requests to the client's connection owners (sealed values, 7-day retention)
                    || r.topic().equals(Topics.CONNECTION_REQUESTS);
            if (!keyMayNameTheClient) {
                for (String marker : markers.in(r.key())) {
                    findings.add(new Finding(marker, r.place("key")));
                }
            }
        }
        return findings;
    }

    /** Records with a value (a wrapped data key) under an erased client's prefix on client-keys. */
    private static List<String> liveDataKeys(List<TopicScan.Stored> records, List<Erased> erased) {
        List<String> live = new ArrayList<>();
        for (TopicScan.Stored r : records) {
            if (r.topic().equals(Topics.CLIENT_KEYS) && r.key() != null && r.value() != null) {
                String key = new String(r.key(), StandardCharsets.UTF_8);
                if (erased.stream().anyMatch(e -> key.startsWith(e.key() + "/"))) {
                    live.add(r.place("value"));
                }
            }
        }
        return live;
    }

    /** @return the status URL */
    private String erase(Erased client, String apiKey) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/v1/clients/" + client.clientId()))
                        .header("Authorization", "Bearer " + apiKey)
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).get("status").asText();
    }

    private void awaitComplete(String statusUrl, String apiKey) {
        await().atMost(COMPLETES_WITHIN).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(base() + statusUrl))
                            .header("Authorization", "Bearer " + apiKey)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode status = JSON.readTree(response.body());
            return response.statusCode() == 200
                    && "COMPLETE".equals(status.path("status").asText());
        });
    }

    /**
     * A massage session and the night after it for each of 30 new clients per clinic: appends to every partition of
     * the input, output and changelog topics (sessions, emitted metrics, nights), so old segments roll.
     */
    private void sendFillerNights(Map<String, String> keys) throws Exception {
        int round = fillerRound.incrementAndGet();
        LocalDate night = lastNight;
        for (Map.Entry<String, String> clinic : keys.entrySet()) {
            StringBuilder sessions = new StringBuilder();
            StringBuilder nights = new StringBuilder();
            for (int i = 0; i < 30; i++) {
                String client = "filler-" + round + "-" + i;
                sessions.append(String.format(
                        "{\"clinicId\":\"%s\",\"clientId\":\"%s\",\"sessionId\":\"%s-s1\",\"modality\":\"SWEDISH\","
                                + "\"start\":\"%sT17:00:00Z\",\"durationMinutes\":60,\"timezone\":\"UTC\"}%n",
                        clinic.getKey(), client, client, night.minusDays(1)));
                nights.append(String.format(
                        "{\"clinicId\":\"%s\",\"clientId\":\"%s\",\"source\":\"MANUAL\",\"sourceRecordId\":\"%s-n1\","
                                + "\"sleepStart\":\"%sT23:00:00Z\",\"sleepEnd\":\"%sT07:00:00Z\",\"timezone\":\"UTC\","
                                + "\"totalSleepMinutes\":420}%n",
                        clinic.getKey(), client, client, night.minusDays(1), night));
            }
            post("/v1/massage-sessions", clinic.getValue(), sessions.toString());
            post("/v1/sleep-records", clinic.getValue(), nights.toString());
        }
    }

    private String lateNight(Erased client) {
        return String.format(
                "{\"clinicId\":\"%s\",\"clientId\":\"%s\",\"source\":\"MANUAL\",\"sourceRecordId\":\"late-%s\","
                        + "\"sleepStart\":\"%sT23:00:00Z\",\"sleepEnd\":\"%sT07:00:00Z\",\"timezone\":\"UTC\","
                        + "\"totalSleepMinutes\":420}%n",
                client.clinicId(), client.clientId(), client.clientId(), lastNight.minusDays(1), lastNight);
    }

    private void post(String path, String apiKey, String ndjson) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base() + path))
                        .header("Authorization", "Bearer " + apiKey)
                        .header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofString(ndjson))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    private String base() {
        return "http://127.0.0.1:" + demo.ingestPort();
    }
}
