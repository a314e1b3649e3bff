package org.sleepdelta.dashboard.provisioning;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A real Prometheus server as a child process, for tests: it scrapes the given {@code /metrics} endpoints and
 * evaluates the given rule files, both every {@code interval}, and serves its API on a free loopback port. Its data,
 * its generated configuration and its log (stdout and stderr) are in {@code workDir}; put {@link #logTail()} in
 * assertion messages. {@link #close()} stops it.
 *
 * <pre>{@code
 * try (PrometheusProcess prometheus = PrometheusProcess.start(binary, dir, Duration.ofSeconds(1),
 *         List.of(new Target("ingest", URI.create("http://127.0.0.1:8080/metrics"))), List.of(alertsYml))) {
 *     PrometheusApi api = new PrometheusApi(prometheus.uri());
 * }
 * }</pre>
 */
public final class PrometheusProcess implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A {@code /metrics} endpoint, scraped as an instance of the job (its {@code job} label). */
    public record Target(String job, URI metrics) {}

    private final Process process;
    private final URI uri;
    private final Path log;

    private PrometheusProcess(Process process, URI uri, Path log) {
        this.process = process;
        this.uri = uri;
        this.log = log;
    }

    /** Starts Prometheus and waits until it answers {@code /-/ready}; fails with its log if it exits instead. */
    public static PrometheusProcess start(
            Path binary, Path workDir, Duration interval, List<Target> targets, List<Path> ruleFiles)
            throws IOException {
        Files.createDirectories(workDir);
        Path config = workDir.resolve("prometheus.yml");
        Files.writeString(config, config(interval, targets, ruleFiles));
        Path log = workDir.resolve("prometheus.log");
        int port = freePort();
        Process process = new ProcessBuilder(
                        binary.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + workDir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--log.level=info")
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        PrometheusProcess prometheus = new PrometheusProcess(process, URI.create("http://127.0.0.1:" + port), log);
        try {
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            HttpRequest ready = HttpRequest.newBuilder(prometheus.uri.resolve("/-/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build();
            await("Prometheus ready on " + prometheus.uri)
                    .atMost(STARTUP)
                    .pollInterval(Duration.ofMillis(100))
                    .failFast("Prometheus exited", () -> !process.isAlive())
                    .ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> http.send(ready, HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200);
            return prometheus;
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            prometheus.close();
            throw new IllegalStateException(e.getMessage() + "\n" + prometheus.logTail(), e);
        } catch (RuntimeException | Error e) {
            prometheus.close();
            throw e;
        }
    }

    /** The configuration, as JSON (which is YAML): one job per distinct job name, in the order given. */
    static String config(Duration interval, List<Target> targets, List<Path> ruleFiles) {
        String every = interval.toMillis() + "ms";
        ObjectNode root = JSON.createObjectNode();
        root.putObject("global")
                .put("scrape_interval", every)
                .put("scrape_timeout", every)
                .put("evaluation_interval", every);
        ArrayNode rules = root.putArray("rule_files");
        ruleFiles.forEach(f -> rules.add(f.toAbsolutePath().toString()));
        Map<String, ArrayNode> targetsByJob = new LinkedHashMap<>();
        Map<String, String> pathByJob = new LinkedHashMap<>();
        ArrayNode scrapeConfigs = root.putArray("scrape_configs");
        for (Target target : targets) {
            String path = pathByJob.putIfAbsent(target.job(), target.metrics().getPath());
            if (path != null && !path.equals(target.metrics().getPath())) {
                throw new IllegalArgumentException(
                        "instances of one job share a metrics path: " + target + " is not on " + path);
            }
            targetsByJob
                    .computeIfAbsent(
                            target.job(),
                            job -> scrapeConfigs
                                    .addObject()
                                    .put("job_name", job)
                                    .put("scheme", target.metrics().getScheme())
                                    .put("metrics_path", target.metrics().getPath())
                                    .putArray("static_configs")
                                    .addObject()
                                    .putArray("targets"))
                    .add(target.metrics().getAuthority());
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Its HTTP API, e.g. {@code http://127.0.0.1:41234}. */
    public URI uri() {
        return uri;
    }

    /** Its stdout and stderr. */
    public Path log() {
        return log;
    }

    /** The last 40 lines of its log, for assertion messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return "--- " + log + " (last lines) ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Stops it: SIGTERM, then SIGKILL after 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
