package org.sleepdelta.cli.run;

import java.util.Map;
import org.sleepdelta.dashboard.local.InitScript;
import org.sleepdelta.dashboard.sink.SinkConfiguration;
import org.sleepdelta.dashboard.sink.SinkService;
import org.sleepdelta.platform.config.ConfigLoader;
import org.sleepdelta.platform.config.Configuration;
import org.sleepdelta.platform.metrics.Health;
import org.sleepdelta.platform.metrics.OpsAddress;
import org.sleepdelta.platform.metrics.OpsHttpServer;
import org.sleepdelta.platform.metrics.ServiceMetrics;

/**
 * The sink with its ops endpoints, as `sink` and `demo` run it. The endpoints come first, so that /health/ready
 * answers "not ready" while the sink waits for its database.
 */
public final class ServedSink implements AutoCloseable {
    private final ServiceMetrics metrics;
    private final SinkService sink;
    private final OpsHttpServer ops;

    private ServedSink(ServiceMetrics metrics, SinkService sink, OpsHttpServer ops) {
        this.metrics = metrics;
        this.sink = sink;
        this.ops = ops;
    }

    /** @throws org.sleepdelta.dashboard.sink.SinkStartException when the database cannot be reached or migrated */
    public static ServedSink start(Configuration config, OpsAddress opsAddress) {
        return start(config, opsAddress, false);
    }

    /**
     * Starts the sink and its ops endpoints, optionally rebuilding the tables of the compacted topics first.
     *
     * @param rebuild first empty the tables of the compacted topics and read the topics again from their beginning
     *     ({@code sink --rebuild})
     * @throws org.sleepdelta.dashboard.sink.SinkStartException when the database cannot be reached, migrated or
     *     rebuilt
     */
    public static ServedSink start(Configuration config, OpsAddress opsAddress, boolean rebuild) {
        ServiceMetrics metrics = ServiceMetrics.create("sink");
        SinkService sink = null;
        OpsHttpServer ops = null;
        try {
            sink = new SinkService(config, metrics.registry());
            SinkService created = sink;
            ops = OpsHttpServer.start(
                    opsAddress, metrics, Health.of(() -> created.status().ready()));
            sink.start(rebuild);
            return new ServedSink(metrics, sink, ops);
        } catch (RuntimeException e) {
            if (ops != null) {
                ops.close();
            }
            if (sink != null) {
                sink.close();
            }
            metrics.close();
            throw e;
        }
    }

    /** The demo's sink: the dashboard topics into a {@link LocalDatabase}, as the database's owner. */
    public static ServedSink intoLocalDatabase(
            String bootstrapServers, String groupId, LocalDatabase database, OpsAddress opsAddress) {
        return start(
                ConfigLoader.of(SinkConfiguration.ALL)
                        .environment(Map.of(
                                "SLEEPDELTA_BOOTSTRAP_SERVERS",
                                bootstrapServers,
                                "SLEEPDELTA_JDBC_URL",
                                database.jdbcUrl(),
                                "SLEEPDELTA_JDBC_USER",
                                InitScript.SINK_USER,
                                "SLEEPDELTA_JDBC_PASSWORD",
                                InitScript.SINK_PASSWORD,
                                "SLEEPDELTA_GROUP_ID",
                                groupId))
                        .load(),
                opsAddress);
    }

    public int metricsPort() {
        return ops.port();
    }

    /** Stops the sink's work; {@link #close()} still releases everything. */
    public void stop() {
        sink.close();
    }

    /** Ops endpoints first (nobody scrapes a half-closed sink), then the sink. */
    @Override
    public void close() {
        ops.close();
        sink.close();
        metrics.close();
    }
}
