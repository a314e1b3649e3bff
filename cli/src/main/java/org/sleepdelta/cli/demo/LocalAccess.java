package org.sleepdelta.cli.demo;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.sleepdelta.dashboard.local.InitScript;
import org.sleepdelta.dashboard.local.LocalMonitoringFiles;

/** The end of the demo's output: where the tables and the metrics are, and how to point Grafana and Prometheus at them. */
record LocalAccess(
        LocalMonitoringFiles.LocalAddresses at,
        LocalMonitoringFiles.Written files,
        Path apiKeys,
        Path streamsState,
        long sleepChangeRows,
        long topicKeys,
        long nightlyRows) {
    private static final String GRAFANA_IMAGE = "grafana/grafana:12.4.0"; // as docker-compose.yml pins it

    void print(PrintWriter out, boolean keepRunning) {
        Path dir = files.directory();
        out.println();
        out.println("Dashboards and metrics");
        out.printf(
                "  PostgreSQL   127.0.0.1:%d, database %s (embedded PostgreSQL 16, as in compose)%n",
                at.postgresPort(), InitScript.DATABASE);
        out.printf(
                "               sleep_change: %,d rows = the dashboard topic's %,d keys, each at its latest revision;"
                        + " nightly_sleep: %,d rows%n",
                sleepChangeRows, topicKeys, nightlyRows);
        out.printf(
                "               Grafana's read-only login: user %s, password %s%n",
                InitScript.READER_USER, InitScript.READER_PASSWORD);
        out.printf(
                "  Grafana      provisioning for these addresses (datasources with the dashboards' uids, the four dashboards):%n");
        out.printf("                 %s%n", files.grafanaProvisioning());
        out.printf(
                "               with Grafana installed:  GF_PATHS_PROVISIONING=%s grafana server --homepath <grafana home>%n",
                files.grafanaProvisioning());
        out.printf(
                "               or with Docker:          docker run --rm --network host -v %s:%s:ro -e GF_PATHS_PROVISIONING=%s"
                        + " -e GF_AUTH_ANONYMOUS_ENABLED=true %s%n",
                dir, dir, files.grafanaProvisioning(), GRAFANA_IMAGE);
        out.printf("               then open http://localhost:3000 -> Dashboards -> sleepdelta -> Cohort%n");
        out.printf(
                "  Prometheus   prometheus --config.file=%s --web.listen-address=127.0.0.1:%d%n",
                files.prometheusConfig(), at.prometheusPort());
        out.printf(
                "               (the Ops dashboard's datasource expects it there; it loads the same alert rules as compose)%n");
        out.printf(
                "  /metrics     ingest http://127.0.0.1:%d/metrics  streams http://127.0.0.1:%d/metrics  sink http://127.0.0.1:%d/metrics%n",
                at.ingestPort(), at.streamsMetricsPort(), at.sinkMetricsPort());
        out.printf(
                "  ingest API   http://127.0.0.1:%d/v1/... with the simulated clinics' keys in %s%n",
                at.ingestPort(), apiKeys);
        out.printf(
                "               erase a client: curl -X DELETE -H 'Authorization: Bearer <key>'"
                        + " http://127.0.0.1:%d/v1/clients/<clientId>%n",
                at.ingestPort());
        out.printf("  Streams state %s (RocksDB stores)%n", streamsState);
        if (!keepRunning) {
            out.println();
            out.println(
                    "The demo stops everything now: run `./sleepdelta demo --keep-running` to keep all of the above up"
                            + " until Ctrl-C.");
        }
    }
}
