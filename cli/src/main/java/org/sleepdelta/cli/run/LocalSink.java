package org.sleepdelta.cli.run;

import java.util.Map;
import org.sleepdelta.dashboard.local.InitScript;
import org.sleepdelta.dashboard.sink.SinkConfiguration;
import org.sleepdelta.dashboard.sink.SinkService;
import org.sleepdelta.platform.config.ConfigLoader;
import org.sleepdelta.platform.metrics.Health;
import org.sleepdelta.platform.metrics.OpsAddress;
import org.sleepdelta.platform.metrics.OpsHttpServer;
import org.sleepdelta.platform.metrics.ServiceMetrics;

/** The sink inside another command: the dashboard topics into a {@link LocalDatabase}, with its ops endpoints. */
public final class LocalSink implements AutoCloseable {
    private final ServiceMetrics metrics;
    private final SinkService sink;
    private final OpsHttpServer ops;

    private LocalSink(ServiceMetrics metrics, SinkService sink, OpsHttpServer ops) {
        this.metrics = metrics;
        this.sink = sink;
        this.ops = ops;
    }

    public static LocalSink start(String bootstrapServers, String groupId, LocalDatabase database, OpsAddress opsAddress) {
        ServiceMetrics metrics = ServiceMetrics.create("sink");
        SinkService sink = null;
        try {
            sink = new SinkService(ConfigLoader.of(SinkConfiguration.ALL).environment(Map.of(
                    "SLEEPDELTA_BOOTSTRAP_SERVERS", bootstrapServers,
                    "SLEEPDELTA_JDBC_URL", database.jdbcUrl(),
                    "SLEEPDELTA_JDBC_USER", InitScript.SINK_USER,
                    "SLEEPDELTA_JDBC_PASSWORD", InitScript.SINK_PASSWORD,
                    "SLEEPDELTA_GROUP_ID", groupId)).load(), metrics.registry());
            SinkService created = sink;
            OpsHttpServer ops = OpsHttpServer.start(opsAddress, metrics, Health.of(() -> created.status().ready()));
            try {
                sink.start();
            } catch (RuntimeException e) {
                ops.close();
                throw e;
            }
            return new LocalSink(metrics, sink, ops);
        } catch (RuntimeException e) {
            if (sink != null) {
                sink.close();
            }
            metrics.close();
            throw e;
        }
    }

    public int metricsPort() {
        return ops.port();
    }

    /** Ops endpoints first (nobody scrapes a half-closed sink), then the sink. */
    @Override
    public void close() {
        ops.close();
        sink.close();
        metrics.close();
    }
}
