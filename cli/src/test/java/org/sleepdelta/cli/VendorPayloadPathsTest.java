package org.sleepdelta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sleepdelta.avro.SleepRecord;
import org.sleepdelta.ingest.auth.ApiKeyPepper;
import org.sleepdelta.ingest.auth.ApiKeyTool;
import org.sleepdelta.ingest.http.IngestConfiguration;
import org.sleepdelta.ingest.http.IngestService;
import org.sleepdelta.ingest.vendor.AdapterContext;
import org.sleepdelta.ingest.vendor.NormalisedSink;
import org.sleepdelta.ingest.vendor.Problem;
import org.sleepdelta.ingest.vendor.Vendor;
import org.sleepdelta.ingest.vendor.VendorAdapters;
import org.sleepdelta.platform.config.ConfigLoader;
import org.sleepdelta.schemas.json.CanonicalJson;

/**
 * A vendor payload means the same whichever way it comes in: POST /v1/wearables/{vendor}/sleep?dryRun=true and
 * import sleep --dry-run give exactly the records the vendor's adapter makes of it (whose values the adapters' own
 * tests pin), and report the same problems. Realistic fixtures of every vendor, clean ones and ones with bad items.
 */
class VendorPayloadPathsTest {
    private static final Path FIXTURES = Path.of("..", "ingest", "src", "test", "resources", "vendor");
    private static final String CLINIC = "clinic-paths";
    private static final String CLIENT = "c0042";
    private static final String ZONE = "Europe/Berlin";
    private static IngestService ingest;
    private static String key;
    /** The fixtures are dated early in 2026: both paths keep ten years, so that no record is outside the retention. */
    private static Path importConfig;

    @BeforeAll
    static void startIngest() throws IOException {
        importConfig =
                Files.writeString(Files.createTempFile("sleepdelta-import-", ".properties"), "retention-days=3650\n");
        importConfig.toFile().deleteOnExit();
        ApiKeyTool.NewApiKey apiKey =
                ApiKeyTool.create(ApiKeyPepper.of("cli-test-pepper-of-at-least-32-bytes-0123"), CLINIC, "test");
        key = apiKey.key();
        // Dry runs write nothing, so no broker is needed: the address is never used.
        ingest = new IngestService(ConfigLoader.of(IngestConfiguration.ALL)
                .environment(Map.of(
                        "SLEEPDELTA_HTTP_PORT",
                        "0",
                        "SLEEPDELTA_API_KEYS",
                        apiKey.keysFileLine(),
                        "SLEEPDELTA_API_KEY_PEPPER",
                        "cli-test-pepper-of-at-least-32-bytes-0123",
                        "SLEEPDELTA_MASTER_KEYS",
                        CliTestKeys.TEXT,
                        "SLEEPDELTA_BOOTSTRAP_SERVERS",
                        "127.0.0.1:1",
                        "SLEEPDELTA_RETENTION_DAYS",
                        "3650"))
                .load());
        ingest.start();
    }

    @AfterAll
    static void stopIngest() {
        ingest.close();
    }

    @ParameterizedTest
    @CsvSource({
        "fitbit, fitbit/by-date-stages-and-classic-nap.json",
        "fitbit, fitbit/list-with-bad-logs.json",
        "oura, oura/sleep-collection.json",
        "oura, oura/sleep-rescored-and-deleted.json",
        "garmin, garmin/push-final.json",
        "garmin, garmin/summaries-with-bad-items.json",
        "withings, withings/getsummary.json",
        "apple-health, apple-health/export.xml",
        "health-connect, health-connect/sessions.json",
        "open-mhealth, open-mhealth/sleep-episodes.json"
    })
    void theHttpApiAndTheImporterGiveExactlyTheAdaptersRecordsAndProblems(String vendorName, String fixture)
            throws Exception {
        Vendor vendor = Vendor.byPathName(vendorName).orElseThrow();
        Path payload = FIXTURES.resolve(fixture);
        List<JsonNode> expected = new ArrayList<>();
        TreeSet<String> problemLocations = new TreeSet<>();
        try (InputStream in = Files.newInputStream(payload)) {
            VendorAdapters.forVendor(vendor)
                    .orElseThrow()
                    .normalise(in, new AdapterContext(CLINIC, CLIENT, ZoneId.of(ZONE)), new NormalisedSink() {
                        @Override
                        public void record(SleepRecord record) {
                            expected.add(CanonicalJson.toJson(record));
                        }

                        @Override
                        public void problem(Problem problem) {
                            problemLocations.add(problem.location());
                        }
                    });
        }
        assertThat(expected).as("fixture yields records").isNotEmpty();

        HttpResponse<String> http = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + ingest.port() + "/v1/wearables/" + vendorName
                                                + "/sleep?clientId=" + CLIENT + "&timezone=" + ZONE + "&dryRun=true"))
                                .header("Authorization", "Bearer " + key)
                                .header(
                                        "Content-Type",
                                        fixture.endsWith(".xml") ? "application/xml" : "application/json")
                                .POST(HttpRequest.BodyPublishers.ofFile(payload))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode answer = CanonicalJson.mapper().readTree(http.body());
        if (problemLocations.isEmpty()) {
            assertThat(http.statusCode()).as(http.body()).isEqualTo(200);
            List<JsonNode> records = new ArrayList<>();
            answer.get("records").forEach(records::add);
            assertThat(records).containsExactlyElementsOf(expected);
        } else {
            // all or nothing: one bad item refuses the batch, naming every problem
            assertThat(http.statusCode()).as(http.body()).isEqualTo(400);
            TreeSet<String> locations = new TreeSet<>();
            answer.get("problems").forEach(p -> locations.add(p.get("location").textValue()));
            assertThat(locations).isEqualTo(problemLocations);
        }

        CliRun imported = CliRun.of(
                "import",
                "sleep",
                "--vendor",
                vendorName,
                "--clinic",
                CLINIC,
                "--client",
                CLIENT,
                "--timezone",
                ZONE,
                "--dry-run",
                "--config",
                importConfig.toString(),
                payload.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        List<JsonNode> printed = new ArrayList<>();
        for (String line : imported.out().split("\n")) {
            if (!line.isBlank()) {
                printed.add(CanonicalJson.mapper().readTree(line));
            }
        }
        assertThat(printed).containsExactlyElementsOf(expected);
        assertThat(imported.err()).contains(expected.size() + " accepted, " + problemLocations.size() + " rejected");
    }
}
