package org.sleepdelta.cli.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleepdelta.ingest.auth.ApiKeyPepper;
import org.sleepdelta.ingest.auth.ApiKeyTool;
import org.sleepdelta.ingest.http.IngestConfiguration;
import org.sleepdelta.ingest.http.IngestService;
import org.sleepdelta.platform.config.ConfigLoader;
import org.sleepdelta.schemas.crypto.MasterKeys;
import picocli.CommandLine;

/**
 * {@code connect} against a real ingest service with Oura configured (its real connector: a link needs no call to
 * Oura) and no Kafka (nothing listens on port 1): a link
 * needs no Kafka, a list does, so the list shows how the command reports the service's refusal.
 */
class ConnectCommandTest {
    private static final String PEPPER = "cli-test-pepper-of-at-least-32-bytes-0123";
    private static final String AUTHORIZE = "https://vendor.example/authorize";

    private static IngestService ingest;
    private static String key;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        ApiKeyTool.NewApiKey apiKey = ApiKeyTool.create(ApiKeyPepper.of(PEPPER), "clinic-cli", "cli test");
        key = apiKey.key();
        ingest = new IngestService(ConfigLoader.of(IngestConfiguration.ALL)
                .environment(Map.of(
                        "SLEEPDELTA_HTTP_PORT", "0",
                        "SLEEPDELTA_API_KEYS", apiKey.keysFileLine(),
                        "SLEEPDELTA_API_KEY_PEPPER", PEPPER,
                        "SLEEPDELTA_MASTER_KEYS", MasterKeys.generateEntry("cli"),
                        "SLEEPDELTA_BOOTSTRAP_SERVERS", "127.0.0.1:1",
                        "SLEEPDELTA_PRODUCER_TIMEOUT", "500ms",
                        "SLEEPDELTA_CONNECTIONS_PUBLIC_URL", "https://ingest.example.org",
                        "SLEEPDELTA_OURA_CLIENT_ID", "our-app",
                        "SLEEPDELTA_OURA_CLIENT_SECRET", "our-secret",
                        "SLEEPDELTA_OURA_AUTHORIZE_URL", AUTHORIZE))
                .load());
        ingest.start();
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    private record Run(int exit, String out, String err) {}

    private Run run(String... args) throws Exception {
        Path keyFile = dir.resolve("api-key");
        Files.writeString(keyFile, key + "\n");
        String[] all = new String[args.length + 4];
        all[0] = "--url";
        all[1] = "http://127.0.0.1:" + ingest.port() + "/";
        all[2] = "--api-key-file";
        all[3] = keyFile.toString();
        System.arraycopy(args, 0, all, 4, args.length);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new ConnectCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void printsTheAuthorizationUrlWithTheCallbackAndAnExpiry() throws Exception {
        // when
        Run run = run("--client", "client-7", "--vendor", "oura", "--timezone", "Europe/Berlin");

        // then
        assertThat(run.exit()).as(run.err()).isZero();
        URI link = URI.create(run.out().strip());
        assertThat(link.toString()).startsWith(AUTHORIZE + "?").contains("state=", "code_challenge=");
        assertThat(URLDecoder.decode(link.getRawQuery(), StandardCharsets.UTF_8))
                .contains("redirect_uri=https://ingest.example.org/v1/connections/callback");
        assertThat(run.err()).contains("Hand this link to the client; it expires at");
    }

    @Test
    void theServicesRefusalIsPrintedWithItsCode() throws Exception {
        // when
        Run badZone = run("--client", "client-7", "--vendor", "oura", "--timezone", "Mars/Olympus");
        Run unconfigured = run("--client", "client-7", "--vendor", "garmin");
        Run list = run("--client", "client-7", "--list");

        // then
        assertThat(badZone.exit()).isEqualTo(1);
        assertThat(badZone.err()).contains("400 invalid_body", "timezone");
        assertThat(unconfigured.exit()).isEqualTo(1);
        assertThat(unconfigured.err()).contains("404 vendor_not_configured", "garmin-client-id");
        assertThat(list.exit()).as("Kafka is away").isEqualTo(1);
        assertThat(list.err()).contains("503 kafka_unavailable");
    }

    @Test
    void badArgumentsExitWith2() throws Exception {
        // when
        Run noVendor = run("--client", "client-7");
        Run both = run("--client", "client-7", "--vendor", "oura", "--list", "--revoke");

        // then
        assertThat(noVendor.exit()).isEqualTo(2);
        assertThat(noVendor.err()).contains("--vendor is required");
        assertThat(both.exit()).isEqualTo(2);
    }

    @Test
    void helpNamesEveryOption() {
        // when
        StringWriter out = new StringWriter();
        int exit = new CommandLine(new ConnectCommand())
                .setOut(new PrintWriter(out, true))
                .execute("--help");

        // then
        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("--url", "--api-key-file", "--client", "--vendor", "--timezone", "--list", "--revoke");
    }
}
