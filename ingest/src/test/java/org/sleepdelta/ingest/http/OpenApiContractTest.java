package org.sleepdelta.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sleepdelta.ingest.http.Canonical.array;
import static org.sleepdelta.ingest.http.Canonical.session;
import static org.sleepdelta.ingest.http.Canonical.sleep;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sleepdelta.ingest.auth.ApiKeyTool;
import org.sleepdelta.ingest.auth.Scope;
import org.sleepdelta.ingest.auth.TestMasterKeys;
import org.sleepdelta.ingest.auth.TestPepper;
import org.sleepdelta.platform.config.ConfigLoader;
import org.sleepdelta.schemas.json.CanonicalJson;

/**
 * docs/openapi.yaml against the real service: the same routes, and responses the service really gives in provoked
 * cases conform to what the spec declares for their status. No broker: dry runs and refusals never reach Kafka, and
 * the accepted (202) answer is checked by {@link OpenApiAcceptedIT}.
 */
class OpenApiContractTest {
    private static final String SLEEP = "/v1/sleep-records";
    private static final String SESSIONS = "/v1/massage-sessions";
    private static final String WEARABLES = "/v1/wearables/{vendor}/sleep";
    /** Small, so that a body over the limit is small too. */
    private static final int MAX_BODY_BYTES = 1024;

    private static OpenApiSpec spec;
    private static IngestService ingest;
    private static IngestClient client;
    private static String key;
    private static ApiKeyTool.NewApiKey readOnlyKey;

    @BeforeAll
    static void start() {
        spec = OpenApiSpec.load();
        ApiKeyTool.NewApiKey apiKey = TestPepper.key(Canonical.CLINIC, "openapi test");
        key = apiKey.key();
        readOnlyKey = ApiKeyTool.create(TestPepper.PEPPER, Canonical.CLINIC, "reader", Set.of(Scope.READ), null);
        // Nothing listens on port 1: readiness answers 503, and nothing here needs Kafka.
        ingest = new IngestService(ConfigLoader.of(IngestConfiguration.ALL)
                .environment(Map.of(
                        "SLEEPDELTA_HTTP_PORT", "0",
                        "SLEEPDELTA_API_KEYS", apiKey.keysFileLine() + ";" + readOnlyKey.keysFileLine(),
                        "SLEEPDELTA_API_KEY_PEPPER", TestPepper.TEXT,
                        "SLEEPDELTA_MASTER_KEYS", TestMasterKeys.TEXT,
                        "SLEEPDELTA_AUTH_FAILURE_LIMIT", "1000000",
                        "SLEEPDELTA_BOOTSTRAP_SERVERS", "127.0.0.1:1",
                        "SLEEPDELTA_MAX_BODY_BYTES", "1KB"))
                .load());
        ingest.start();
        client = new IngestClient(ingest.port());
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    @Test
    void specIsValidOpenApi31() {
        // when
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIParser().readContents(spec.text(), null, options);

        // then
        assertThat(result.getMessages()).as("problems the OpenAPI parser found").isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.1.");
    }

    @Test
    void specDescribesExactlyTheRoutesTheServiceRegisters() {
        assertThat(spec.routes()).isEqualTo(ingest.routes());
    }

    @Test
    void requestWithoutApiKeyIsRefusedAsSpecified() {
        // when
        HttpResponse response = client.post(SLEEP).json(sleep("c1", "s1", 1)).send();

        // then
        assertThat(response.status()).isEqualTo(401);
        assertThat(spec.violations("POST", SLEEP, response)).isEmpty();
    }

    @Test
    void keyWithoutTheWriteScopeIsRefusedAsSpecified() {
        // when
        HttpResponse response = client.post(SLEEP)
                .key(readOnlyKey.key())
                .json(sleep("c1", "s1", 1))
                .send();

        // then
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.error()).isEqualTo("forbidden_scope");
        assertThat(spec.violations("POST", SLEEP, response)).isEmpty();
    }

    @Test
    void erasureWithoutTheEraseScopeIsRefusedAsSpecified() {
        // when a key with the write scope only asks
        HttpResponse erase = client.delete("/v1/clients/c1").key(key).send();
        HttpResponse reregister =
                client.post("/v1/clients/c1/registration").key(key).send();
        HttpResponse status = client.get("/v1/erasures/" + java.util.UUID.randomUUID())
                .key(key)
                .send();

        // then
        assertThat(List.of(erase.status(), reregister.status(), status.status()))
                .containsOnly(403);
        assertThat(spec.violations("DELETE", "/v1/clients/{clientId}", erase)).isEmpty();
        assertThat(spec.violations("POST", "/v1/clients/{clientId}/registration", reregister))
                .isEmpty();
        assertThat(spec.violations("GET", "/v1/erasures/{erasureId}", status)).isEmpty();
    }

    @Test
    void addressBlockedForFailedAuthenticationIsRefusedAsSpecified() {
        // given a service that blocks after one failure
        ApiKeyTool.NewApiKey apiKey = TestPepper.key(Canonical.CLINIC, "blocked");
        try (IngestService strict = new IngestService(ConfigLoader.of(IngestConfiguration.ALL)
                .environment(Map.of(
                        "SLEEPDELTA_HTTP_PORT",
                        "0",
                        "SLEEPDELTA_API_KEYS",
                        apiKey.keysFileLine(),
                        "SLEEPDELTA_API_KEY_PEPPER",
                        TestPepper.TEXT,
                        "SLEEPDELTA_MASTER_KEYS",
                        TestMasterKeys.TEXT,
                        "SLEEPDELTA_BOOTSTRAP_SERVERS",
                        "127.0.0.1:1",
                        "SLEEPDELTA_AUTH_FAILURE_LIMIT",
                        "1"))
                .load())) {
            strict.start();
            IngestClient strictClient = new IngestClient(strict.port());
            assertThat(strictClient
                            .post(WEARABLES.replace("{vendor}", "oura") + "?clientId=c1")
                            .key("sdk_wrong")
                            .body(new byte[] {'{', '}'}, "application/json")
                            .send()
                            .status())
                    .isEqualTo(401);

            // when
            HttpResponse response = strictClient
                    .post(WEARABLES.replace("{vendor}", "oura") + "?clientId=c1")
                    .key(apiKey.key())
                    .body(new byte[] {'{', '}'}, "application/json")
                    .send();

            // then
            assertThat(response.status()).isEqualTo(429);
            assertThat(response.error()).isEqualTo("too_many_auth_failures");
            assertThat(response.header("Retry-After")).isPresent();
            assertThat(spec.violations("POST", WEARABLES, response)).isEmpty();
        }
    }

    @Test
    void invalidRecordIsRefusedAsSpecified() {
        // given a night that ends before it starts
        var record = sleep("c1", "s1", 1);
        record.put("sleepEnd", record.get("sleepStart").asText());

        // when
        HttpResponse response = post(SLEEP).json(array(List.of(record))).send();

        // then
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("invalid_records");
        assertThat(spec.violations("POST", SLEEP, response)).isEmpty();
    }

    @Test
    void unsupportedContentTypeIsRefusedAsSpecified() {
        // when
        HttpResponse response =
                post(SESSIONS).body(new byte[] {'{', '}'}, "text/csv").send();

        // then
        assertThat(response.status()).isEqualTo(415);
        assertThat(spec.violations("POST", SESSIONS, response)).isEmpty();
    }

    @Test
    void bodyOverTheLimitIsRefusedAsSpecified() {
        // when
        HttpResponse response = post(SLEEP)
                .body(new byte[MAX_BODY_BYTES + 1], "application/json")
                .send();

        // then
        assertThat(response.status()).isEqualTo(413);
        assertThat(spec.violations("POST", SLEEP, response)).isEmpty();
    }

    @Test
    void unknownVendorIsRefusedAsSpecified() {
        // when
        HttpResponse response = post("/v1/wearables/nokia/sleep?clientId=c1")
                .body(new byte[] {'{', '}'}, "application/json")
                .send();

        // then
        assertThat(response.status()).isEqualTo(404);
        assertThat(spec.violations("POST", WEARABLES, response)).isEmpty();
    }

    @Test
    void connectionRoutesWhileNoVendorIsConfiguredNameWhatToSet() {
        // when
        HttpResponse link = post("/v1/clients/c1/connections/oura").send();
        HttpResponse list = client.get("/v1/clients/c1/connections").key(key).send();

        // then
        assertThat(link.status()).isEqualTo(404);
        assertThat(link.error()).isEqualTo("connections_disabled");
        assertThat(link.json().get("message").asText()).contains("connections-public-url", "oura-client-id");
        assertThat(spec.violations("POST", "/v1/clients/{clientId}/connections/{vendor}", link))
                .isEmpty();
        assertThat(list.status()).isEqualTo(404);
        assertThat(spec.violations("GET", "/v1/clients/{clientId}/connections", list))
                .isEmpty();
    }

    @Test
    void wrongMethodAndUnknownPathAnswerInTheOneErrorShape() {
        // when
        HttpResponse wrongMethod = client.get(SLEEP).key(key).send();
        HttpResponse noRoute = client.get("/v1/no-such-route").key(key).send();

        // then
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(noRoute.status()).isEqualTo(404);
        assertThat(spec.violationsOfSchema("Error", wrongMethod.json())).isEmpty();
        assertThat(spec.violationsOfSchema("Error", noRoute.json())).isEmpty();
    }

    @Test
    void dryRunOfSleepRecordsWithOneOutsideTheRetentionAnswersAsSpecified() {
        // given one night inside the retention (60 days by default) and one outside
        var batch = array(List.of(sleep("c1", "recent", 1), sleep("c1", "old", 400)));

        // when
        HttpResponse response = post(SLEEP + "?dryRun=true").json(batch).send();

        // then
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("outsideRetention").asInt()).isEqualTo(1);
        assertThat(spec.violations("POST", SLEEP, response)).isEmpty();
    }

    @Test
    void dryRunOfSessionsAnswersAsSpecified() {
        // when
        HttpResponse response = post(SESSIONS + "?dryRun=true")
                .ndjson(Canonical.ndjson(List.of(session("c1", "m1", 2), session("c1", "m2", 1))))
                .send();

        // then
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("valid").asInt()).isEqualTo(2);
        assertThat(spec.violations("POST", SESSIONS, response)).isEmpty();
    }

    @Test
    void dryRunOfAVendorPayloadAnswersAsSpecified() throws IOException {
        // given an Oura export of nights in March 2026, outside the retention of 60 days: listed as skipped
        byte[] payload;
        try (InputStream in = getClass().getResourceAsStream("/vendor/oura/sleep-collection.json")) {
            payload = in.readAllBytes();
        }

        // when
        HttpResponse response = client.post("/v1/wearables/oura/sleep?clientId=c1&timezone=America/Chicago&dryRun=true")
                .key(key)
                .body(payload, "application/json")
                .send();

        // then
        assertThat(response.status()).as("%s", response.json()).isEqualTo(200);
        assertThat(response.json().get("skipped")).isNotEmpty();
        assertThat(spec.violations("POST", WEARABLES, response)).isEmpty();
    }

    @Test
    void recordSchemasAcceptWhatTheServiceAcceptsAndRefuseAnUnknownField() {
        // given a night, a deletion (identity only) and a night with a misspelt field
        var night = sleep("c1", "s1", 1);
        var deletion = CanonicalJson.mapper()
                .createObjectNode()
                .put("clinicId", Canonical.CLINIC)
                .put("clientId", "c1")
                .put("source", "OURA")
                .put("sourceRecordId", "s1")
                .put("deleted", true);
        var misspelt = sleep("c1", "s2", 1).put("deepMinuts", 60);

        // when
        HttpResponse accepted = post(SLEEP + "?dryRun=true")
                .json(array(List.of(night, deletion)))
                .send();
        HttpResponse refused = post(SLEEP + "?dryRun=true").json(misspelt).send();

        // then the spec agrees with the service on each
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(spec.violationsOfSchema("SleepRecord", night)).isEmpty();
        assertThat(spec.violationsOfSchema("SleepRecord", deletion)).isEmpty();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(spec.violationsOfSchema("SleepRecord", misspelt)).isNotEmpty();
        assertThat(spec.violationsOfSchema("MassageSession", session("c1", "m1", 1)))
                .isEmpty();
    }

    @Test
    void healthAndMetricsAnswerAsSpecified() {
        // when
        HttpResponse live = client.get("/health/live").send();
        HttpResponse ready = client.get("/health/ready").send();
        HttpResponse metrics = client.get("/metrics").send();

        // then
        assertThat(live.status()).isEqualTo(200);
        assertThat(spec.violations("GET", "/health/live", live)).isEmpty();
        assertThat(ready.status()).as("no broker, so not ready").isEqualTo(503);
        assertThat(spec.violations("GET", "/health/ready", ready)).isEmpty();
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.header("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(spec.violations("GET", "/metrics", metrics)).isEmpty();
    }

    private static IngestClient.Call post(String path) {
        return client.post(path).key(key);
    }
}
