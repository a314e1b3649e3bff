package org.sleepdelta.dashboard.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.sleepdelta.embedded.testing.KafkaTestBroker;
import org.sleepdelta.platform.config.ConfigLoader;

/**
 * A started {@link SinkService} against the test broker and a test database, configured the way a deployment is
 * (SLEEPDELTA_* environment), on topics of the test's own, with short poll and retry times.
 */
final class RunningSink implements AutoCloseable {
    final SinkService service;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private RunningSink(TestDatabase database, SinkTopics topics, String groupId, Map<String, String> extra) {
        this(database, topics, groupId, extra, AuditPublisher.BeforeSend.NOTHING);
    }

    private RunningSink(
            TestDatabase database,
            SinkTopics topics,
            String groupId,
            Map<String, String> extra,
            AuditPublisher.BeforeSend beforeAuditSend) {
        service = new SinkService(settings(database, groupId, extra), topics, registry, beforeAuditSend);
    }

    /** Settings as a deployment gives them, with short poll and retry times and {@code extra} on top. */
    static SinkSettings settings(TestDatabase database, String groupId, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>();
        if (!extra.containsKey("bootstrap-servers")) { // a test with a broker of its own does not start the shared one
            settings.put("bootstrap-servers", KafkaTestBroker.bootstrapServers());
        }
        settings.put("jdbc-url", database.url());
        settings.put("jdbc-user", database.user());
        settings.put("group-id", groupId);
        settings.put("poll-timeout", "100ms");
        settings.put("retry-backoff-max", "1s");
        settings.put("database-wait", "1s");
        settings.putAll(extra);
        Map<String, String> environment = new HashMap<>();
        settings.forEach((k, v) ->
                environment.put("SLEEPDELTA_" + k.toUpperCase(Locale.ROOT).replace('-', '_'), v));
        return SinkConfiguration.settings(
                ConfigLoader.of(SinkConfiguration.ALL).environment(environment).load());
    }

    /** Created, not started. */
    static RunningSink create(TestDatabase database, SinkTopics topics, String groupId) {
        return new RunningSink(database, topics, groupId, Map.of());
    }

    /** Created, not started, with {@code settings} on top of the test defaults. */
    static RunningSink create(TestDatabase database, SinkTopics topics, String groupId, Map<String, String> settings) {
        return new RunningSink(database, topics, groupId, settings);
    }

    /** Created, not started, on topics nobody writes to. */
    static RunningSink createWithPassword(TestDatabase database, String password) {
        return new RunningSink(
                database,
                TestTopics.unique("metrics", "nights"),
                KafkaTestBroker.uniqueName("sink"),
                Map.of("jdbc-password", password));
    }

    static RunningSink start(TestDatabase database, SinkTopics topics, String groupId) {
        RunningSink sink = create(database, topics, groupId);
        sink.service.start();
        return sink;
    }

    static RunningSink start(TestDatabase database, SinkTopics topics, String groupId, Map<String, String> settings) {
        RunningSink sink = new RunningSink(database, topics, groupId, settings);
        sink.service.start();
        return sink;
    }

    /** Started, with {@code beforeAuditSend} called before each send of erasure audit events (a crash seam). */
    static RunningSink start(
            TestDatabase database, SinkTopics topics, String groupId, AuditPublisher.BeforeSend beforeAuditSend) {
        RunningSink sink = new RunningSink(database, topics, groupId, Map.of(), beforeAuditSend);
        sink.service.start();
        return sink;
    }

    double counter(String name, String... tags) {
        Counter counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    double gauge(String name) {
        Gauge gauge = registry.find(name).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

    Timer timer(String name) {
        return registry.get(name).timer();
    }

    SinkStatus status() {
        return service.status();
    }

    @Override
    public void close() {
        service.close();
    }
}
