package org.sleepdelta.dashboard.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Grafana and Prometheus setup for a pipeline running on this machine (the demo's embedded default), written from
 * the very files the compose stack mounts (bundled in the jar): the same datasource uids, dashboards and alert rules,
 * with only the addresses changed from compose service names to loopback ports.
 */
public final class LocalMonitoringFiles {
    /** The provisioned dashboards, as in dashboard/grafana/dashboards (a test keeps the two in step). */
    public static final List<String> DASHBOARDS =
            List.of("client.json", "cohort.json", "clinic-overview.json", "ops.json");

    /** Where the pipeline's parts listen on this machine. */
    public record LocalAddresses(
            int postgresPort, int prometheusPort, int ingestPort, int streamsMetricsPort, int sinkMetricsPort) {}

    /** The written layout under one directory. */
    public record Written(Path directory, Path grafanaProvisioning, Path prometheusConfig) {}

    private LocalMonitoringFiles() {}

    public static Written write(Path directory, LocalAddresses at) throws IOException {
        Path root = directory.toAbsolutePath().normalize();
        Path provisioning = root.resolve("grafana/provisioning");
        Path dashboards = root.resolve("grafana/dashboards");
        Path prometheus = root.resolve("prometheus");
        Files.createDirectories(provisioning.resolve("datasources"));
        Files.createDirectories(provisioning.resolve("dashboards"));
        Files.createDirectories(dashboards);
        Files.createDirectories(prometheus);

        String datasources = bundled("grafana/provisioning/datasources/datasources.yaml");
        datasources = replaceOnce(datasources, "url: postgres:5432", "url: 127.0.0.1:" + at.postgresPort());
        datasources =
                replaceOnce(datasources, "url: http://prometheus:9090", "url: http://127.0.0.1:" + at.prometheusPort());
        // the demo's embedded PostgreSQL listens on loopback without TLS; a Grafana started by hand has no environment
        datasources = replaceOnce(datasources, "${SLEEPDELTA_GRAFANA_PG_SSLMODE}", "disable");
        datasources = replaceOnce(datasources, "${SLEEPDELTA_GRAFANA_PG_SSLROOTCERT}", "\"\"");
        Files.writeString(
                provisioning.resolve("datasources/datasources.yaml"),
                header("dashboard/grafana/provisioning/datasources/datasources.yaml") + datasources);

        String providers = bundled("grafana/provisioning/dashboards/dashboards.yaml");
        providers = replaceOnce(providers, "path: /etc/grafana/dashboards", "path: " + dashboards);
        Files.writeString(
                provisioning.resolve("dashboards/dashboards.yaml"),
                header("dashboard/grafana/provisioning/dashboards/dashboards.yaml") + providers);
        for (String dashboard : DASHBOARDS) {
            Files.writeString(dashboards.resolve(dashboard), bundled("grafana/dashboards/" + dashboard));
        }

        String scrape = bundled("prometheus/prometheus.yml");
        scrape = replaceOnce(scrape, "[\"ingest:8080\"]", "[\"127.0.0.1:" + at.ingestPort() + "\"]");
        scrape = replaceOnce(
                scrape, "[\"streams-1:8081\", \"streams-2:8081\"]", "[\"127.0.0.1:" + at.streamsMetricsPort() + "\"]");
        scrape = replaceOnce(scrape, "[\"sink:8082\"]", "[\"127.0.0.1:" + at.sinkMetricsPort() + "\"]");
        Path prometheusConfig = prometheus.resolve("prometheus.yml");
        Files.writeString(prometheusConfig, header("dashboard/prometheus/prometheus.yml") + scrape);
        Files.writeString(prometheus.resolve("alerts.yml"), bundled("prometheus/alerts.yml"));
        return new Written(root, provisioning, prometheusConfig);
    }

    private static String header(String original) {
        return "# Written by `sleepdelta demo` from " + original
                + ", with this machine's addresses. Rewritten on every run.\n";
    }

    private static String bundled(String path) {
        return BundledFiles.read(path);
    }

    /** The compose files are the template: if one changes shape, fail here rather than write a silently stale setup. */
    static String replaceOnce(String text, String from, String to) {
        int at = text.indexOf(from);
        if (at < 0 || text.indexOf(from, at + 1) >= 0) {
            throw new IllegalStateException("expected exactly one '" + from + "' in the bundled monitoring files");
        }
        return text.substring(0, at) + to + text.substring(at + from.length());
    }
}
