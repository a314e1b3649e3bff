package org.sleepdelta.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "connect",
        mixinStandardHelpOptions = true,
        description = "Connects a client's wearable account through the ingest API, as a clinic does: prints the link "
                + "to hand to the client (POST /v1/clients/{clientId}/connections/{vendor}); with --list, prints the "
                + "client's connections; with --revoke, disconnects one. Exit codes: 0 done, 1 the service refused or "
                + "did not answer (its message is printed), 2 bad arguments.")
public final class ConnectCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Option(
            names = "--url",
            required = true,
            paramLabel = "URL",
            description = "The ingest API's base URL, e.g. https://ingest.example.org.")
    String url;

    @Option(
            names = "--api-key-file",
            required = true,
            paramLabel = "FILE",
            description = "A file holding the clinic's API key (the clinic is the key's), so that the key is never "
                    + "on a command line.")
    Path apiKeyFile;

    @Option(names = "--client", required = true, description = "The client whose wearable to connect.")
    String clientId;

    @Option(names = "--vendor", description = "oura, withings, garmin or fitbit (required unless --list).")
    String vendor;

    @Option(names = "--timezone", description = "The client's IANA time zone, e.g. Europe/Berlin (with a link).")
    String timezone;

    @ArgGroup(exclusive = true)
    Mode mode = new Mode();

    static final class Mode {
        @Option(names = "--list", description = "Print the client's connections instead of making a link.")
        boolean list;

        @Option(names = "--revoke", description = "Disconnect the client's --vendor connection instead.")
        boolean revoke;
    }

    @Spec
    CommandSpec spec;

    HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        URI base;
        try {
            base = base(url);
        } catch (IllegalArgumentException e) {
            err.println("--url: " + e.getMessage());
            return 2;
        }
        if (!mode.list && (vendor == null || vendor.isBlank())) {
            err.println("--vendor is required to make a link or to revoke a connection");
            return 2;
        }
        if (timezone != null && (mode.list || mode.revoke)) {
            err.println("--timezone goes with a link only, not with --list or --revoke");
            return 2;
        }
        String key;
        try {
            key = Files.readString(apiKeyFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            err.println("--api-key-file: cannot read " + apiKeyFile + " ("
                    + e.getClass().getSimpleName() + ")");
            return 2;
        }
        if (key.isEmpty()) {
            err.println("--api-key-file: " + apiKeyFile + " is empty");
            return 2;
        }
        String clientPath = "/v1/clients/" + segment(clientId) + "/connections";
        try {
            if (mode.list) {
                JsonNode body =
                        send(HttpRequest.newBuilder(base.resolve(clientPath)).GET(), key, 200, err);
                if (body == null) {
                    return 1;
                }
                ConnectionTable.print(body.path("connections"), out);
            } else if (mode.revoke) {
                JsonNode body = send(
                        HttpRequest.newBuilder(base.resolve(clientPath + "/" + segment(vendor)))
                                .DELETE(),
                        key,
                        202,
                        err);
                if (body == null) {
                    return 1;
                }
                out.println(
                        "Revocation of the " + vendor + " connection requested; --list shows it as REVOKED once done.");
            } else {
                ObjectNode request = JSON.createObjectNode();
                if (timezone != null) {
                    request.put("timezone", timezone);
                }
                JsonNode body = send(
                        HttpRequest.newBuilder(base.resolve(clientPath + "/" + segment(vendor)))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(request.toString())),
                        key,
                        201,
                        err);
                if (body == null) {
                    return 1;
                }
                // The URL alone on stdout, so that scripts can take it; the rest on stderr.
                out.println(body.path("authorizationUrl").asText());
                err.println("Hand this link to the client; it expires at "
                        + body.path("expiresAt").asText() + ".");
            }
            return 0;
        } catch (IOException e) {
            err.println("The ingest API at " + base + " did not answer: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
            return 1;
        }
    }

    /** The body of an answer with the expected status, or null after printing the API's error. */
    private JsonNode send(HttpRequest.Builder request, String key, int expected, PrintWriter err)
            throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(
                request.header("Authorization", "Bearer " + key)
                        .header("Accept", "application/json")
                        .timeout(TIMEOUT)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException notJson) {
            body = null;
        }
        if (response.statusCode() == expected && body != null) {
            return body;
        }
        String error = body == null ? "" : body.path("error").asText("");
        String message = body == null ? "" : body.path("message").asText("");
        err.println("The ingest API answered " + response.statusCode() + (error.isEmpty() ? "" : " " + error)
                + (message.isEmpty() ? "" : ": " + message));
        return null;
    }

    static URI base(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + text);
        }
        if (uri.getScheme() == null
                || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "must be an absolute http or https URL, like https://ingest.example.org");
        }
        String s = uri.toString();
        return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    private static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
